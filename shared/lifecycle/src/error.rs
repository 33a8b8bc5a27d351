//! Why a lifecycle call failed: a rule refused it, or the store did.

use domain::lifecycle::LifecycleError;
use store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Refused(#[from] LifecycleError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The item kept changing under the command; the caller may try again.
    #[error("{0}")]
    Busy(String),
}

impl Error {
    pub(crate) fn not_found(what: impl Into<String>) -> Self {
        Error::Refused(LifecycleError::NotFound(what.into()))
    }
}
