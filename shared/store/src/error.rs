//! Store errors, free of HTTP: the web layer maps them to statuses.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A condition on the write failed: the item exists already, or changed since it was read.
    #[error("conflict: {0}")]
    Conflict(String),
    /// Other writers kept cancelling the transaction (contention outlasted the retries).
    #[error("busy: {0}")]
    Busy(String),
    /// A pagination cursor that this store did not hand out.
    #[error("invalid cursor")]
    BadCursor,
    #[error("stored item could not be read: {0}")]
    Corrupt(String),
    #[error("storage backend error: {0}")]
    Backend(String),
}

impl StoreError {
    pub(crate) fn backend<E: std::error::Error>(err: E) -> Self {
        // The SDK's Display is terse; the Debug chain carries the service error code.
        StoreError::Backend(format!("{err}: {err:?}"))
    }
}

impl From<serde_dynamo::Error> for StoreError {
    fn from(err: serde_dynamo::Error) -> Self {
        StoreError::Corrupt(err.to_string())
    }
}
