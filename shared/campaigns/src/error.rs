//! Why a campaign call failed.

use domain::FieldError;
use store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("validation failed")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Busy(String),
    #[error(transparent)]
    Lifecycle(#[from] lifecycle::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}
