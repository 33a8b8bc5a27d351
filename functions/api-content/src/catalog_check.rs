//! The catalog check custom templates and rules share: each technique id must be a current
//! technique of the Enterprise catalog.

use domain::FieldError;
use domain::content::templates::is_technique_id;
use std::collections::HashSet;
use store::catalog_view;
use web::{ApiError, AppState};

/// Adds a field error for each id that is malformed (when `shape` is checked here) or not a
/// current (neither revoked nor deprecated) technique of the catalog.
pub(crate) async fn current_techniques(
    state: &AppState,
    ids: &[String],
    shape: bool,
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    let view = catalog_view::current(&state.db, domain::catalog::DEFAULT_DOMAIN).await?;
    let known: HashSet<&str> =
        view.techniques.iter().filter(|t| t.lifecycle.is_active()).map(|t| t.attack_id.as_str()).collect();
    for (i, t) in ids.iter().enumerate() {
        let field = format!("technique_ids[{i}]");
        if shape && !is_technique_id(t) {
            errors.push(FieldError::new(field, "invalid", "an ATT&CK technique id such as T1059.001"));
        } else if !known.contains(t.as_str()) {
            let message = format!("{t} is not a current technique of the catalog");
            errors.push(FieldError::new(field, "unknown_technique", message));
        }
    }
    Ok(())
}
