//! Why a command is refused: the caller may not (403), the test is not in a state for it (409),
//! the input breaks a rule (422), or
//! what it names does not exist (404).

use crate::FieldError;
use crate::validation::Refusal;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
    #[error("validation failed")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    NotFound(String),
}

impl LifecycleError {
    pub fn invalid(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, code, message)])
    }

    /// `Ok` when no field broke a rule.
    pub fn check(errors: Vec<FieldError>) -> Result<(), Self> {
        if errors.is_empty() { Ok(()) } else { Err(Self::Invalid(errors)) }
    }
}

impl From<Refusal> for LifecycleError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Role { .. } | Refusal::Assignment { .. } => Self::Forbidden(r.to_string()),
            Refusal::State { .. } => Self::Conflict(r.to_string()),
        }
    }
}

impl From<crate::DomainError> for LifecycleError {
    fn from(e: crate::DomainError) -> Self {
        match e {
            crate::DomainError::Validation(errors) => Self::Invalid(errors),
            crate::DomainError::InvalidState(why) => Self::Conflict(why),
        }
    }
}
