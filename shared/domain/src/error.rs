//! Domain errors: what a rule can refuse, without any transport detail.

use serde::Serialize;
use utoipa::ToSchema;

/// One invalid field, named so a client can show the message next to the right control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The request field (dotted path for nested fields).
    pub field: String,
    /// A machine-readable rule name such as `min_length` or `uppercase`.
    pub code: String,
    /// A human-readable explanation.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), code: code.into(), message: message.into() }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DomainError {
    /// Input breaks one or more rules; every broken rule is listed.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// The action is not allowed in the entity's current state.
    #[error("{0}")]
    InvalidState(String),
}

impl DomainError {
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, code, message)])
    }
}
