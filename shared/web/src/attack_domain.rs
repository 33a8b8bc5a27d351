//! The `domain` query parameter every catalog, coverage and report route takes.

use crate::ApiError;
use domain::catalog::{DEFAULT_DOMAIN, DOMAINS};

/// The ATT&CK domain asked for, or the default; unknown names are a 400.
pub fn domain_of(d: &Option<String>) -> Result<&'static str, ApiError> {
    match d.as_deref() {
        None | Some("") => Ok(DEFAULT_DOMAIN),
        Some(name) => DOMAINS.iter().find(|x| **x == name).copied().ok_or_else(|| {
            ApiError::BadRequest(format!("unknown domain `{name}`; one of {}", DOMAINS.join(", ")))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_known_and_unknown_domains() {
        assert_eq!(domain_of(&None).unwrap(), DEFAULT_DOMAIN);
        assert_eq!(domain_of(&Some(String::new())).unwrap(), DEFAULT_DOMAIN);
        assert_eq!(domain_of(&Some("ics-attack".into())).unwrap(), "ics-attack");
        assert!(matches!(domain_of(&Some("pre-attack".into())), Err(ApiError::BadRequest(_))));
    }
}
