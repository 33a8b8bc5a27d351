//! The `domain` query parameter every catalog, coverage and report route takes.

use crate::ApiError;
use domain::ids::AttackDomain;

/// The ATT&CK domain asked for, or the default; unknown names are a 400.
pub fn attack_domain(d: &Option<String>) -> Result<AttackDomain, ApiError> {
    match d.as_deref() {
        None | Some("") => Ok(AttackDomain::default()),
        Some(name) => {
            name.parse().map_err(|e: domain::ids::UnknownDomain| ApiError::BadRequest(e.to_string()))
        }
    }
}

/// [`attack_domain`] by its name, for the store's keys.
pub fn domain_of(d: &Option<String>) -> Result<&'static str, ApiError> {
    attack_domain(d).map(AttackDomain::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_known_and_unknown_domains() {
        assert_eq!(domain_of(&None).unwrap(), domain::catalog::DEFAULT_DOMAIN);
        assert_eq!(domain_of(&Some(String::new())).unwrap(), domain::catalog::DEFAULT_DOMAIN);
        assert_eq!(domain_of(&Some("ics-attack".into())).unwrap(), "ics-attack");
        assert!(matches!(domain_of(&Some("pre-attack".into())), Err(ApiError::BadRequest(_))));
    }
}
