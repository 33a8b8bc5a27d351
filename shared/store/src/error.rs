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
    /// The item could not be decoded; the decoder's error is the source.
    #[error("stored item could not be decoded")]
    Decode(#[from] serde_dynamo::Error),
    /// The backend call failed; the SDK error (with its service code) is the source.
    #[error("storage backend error: {what}")]
    Backend {
        what: String,
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
}

impl StoreError {
    pub(crate) fn backend<E: std::error::Error + Send + Sync + 'static>(err: E) -> Self {
        // The SDK's Display is terse; the Debug form names the service error code, and the
        // error itself stays as the source for whoever walks the chain.
        StoreError::Backend { what: format!("{err:?}"), source: Some(Box::new(err)) }
    }

    /// A backend failure this store detected itself (no underlying error).
    pub(crate) fn backend_message(what: impl Into<String>) -> Self {
        StoreError::Backend { what: what.into(), source: None }
    }
}
