//! The reference's password policy: at least 12 characters with an uppercase letter, a
//! lowercase letter, a digit and a special character. Every broken rule is reported at once
//! so a user fixes the password in one go.

use crate::FieldError;

pub const MIN_LENGTH: usize = 12;
/// Upper bound to keep hashing cost bounded for hostile input.
pub const MAX_LENGTH: usize = 256;

/// A rule: its code, its message, and the character class a password must contain.
type Rule = (&'static str, &'static str, fn(char) -> bool);

/// Checks `password` and names each rule it breaks (`min_length`, `max_length`, `uppercase`,
/// `lowercase`, `digit`, `special`), reported against `field`.
pub fn check(field: &str, password: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let chars = password.chars().count();
    if chars < MIN_LENGTH {
        errors.push(FieldError::new(
            field,
            "min_length",
            format!("must be at least {MIN_LENGTH} characters"),
        ));
    }
    if chars > MAX_LENGTH {
        errors.push(FieldError::new(field, "max_length", format!("must be at most {MAX_LENGTH} characters")));
    }
    let rules: [Rule; 4] = [
        ("uppercase", "must contain an uppercase letter", char::is_uppercase),
        ("lowercase", "must contain a lowercase letter", char::is_lowercase),
        ("digit", "must contain a digit", |c| c.is_ascii_digit()),
        ("special", "must contain a special character", |c| !c.is_alphanumeric() && !c.is_whitespace()),
    ];
    for (code, message, holds) in rules {
        if !password.chars().any(holds) {
            errors.push(FieldError::new(field, code, message));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(p: &str) -> Vec<String> {
        check("password", p).into_iter().map(|e| e.code).collect()
    }

    #[test]
    fn a_strong_password_passes() {
        assert!(codes("Correct-Horse-42").is_empty());
    }

    #[test]
    fn each_broken_rule_is_named() {
        assert_eq!(codes("short"), ["min_length", "uppercase", "digit", "special"]);
        assert_eq!(codes("alllowercase1!"), ["uppercase"]);
        assert_eq!(codes("ALLUPPERCASE1!"), ["lowercase"]);
        assert_eq!(codes("NoDigitsHere!!"), ["digit"]);
        assert_eq!(codes("NoSpecials1234"), ["special"]);
        assert_eq!(codes(&"Aa1!".repeat(65)), ["max_length"]);
    }
}
