//! Field checks shared by the commands that carry free text.

use super::*;

/// Field checks shared by create and update.
pub fn check_text(field: &str, value: &str, max: usize, required: bool, errors: &mut Vec<FieldError>) {
    if required && value.trim().is_empty() {
        errors.push(FieldError::new(field, "required", "must not be empty"));
    }
    if value.chars().count() > max {
        errors.push(FieldError::new(field, "max_length", format!("must be at most {max} characters")));
    }
}

/// A blue result must name each layer once.
pub fn check_blue(result: &BlueResult) -> Result<(), DomainError> {
    let mut errors = Vec::new();
    if result.outcomes.is_empty() {
        errors.push(FieldError::new("outcomes", "required", "report at least one layer"));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, o) in result.outcomes.iter().enumerate() {
        if !seen.insert(o.layer) {
            errors.push(FieldError::new(format!("outcomes[{i}].layer"), "duplicate", "each layer once"));
        }
        let field = format!("outcomes[{i}].alert_name");
        match &o.alert_name {
            Some(a) => check_text(&field, a, 500, o.result >= Detection::Alerted, &mut errors),
            // An alert or a block names what fired: coverage rests on it.
            None if o.result >= Detection::Alerted => {
                errors.push(FieldError::new(field, "required", "name the alert or rule that fired"))
            }
            None => {}
        }
    }
    check_text("notes", &result.notes, 20_000, false, &mut errors);
    if errors.is_empty() { Ok(()) } else { Err(DomainError::Validation(errors)) }
}
