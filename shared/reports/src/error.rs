use store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("CSV could not be written")]
    Csv(#[from] csv::Error),
    #[error("the report could not be written")]
    Io(#[from] std::io::Error),
    #[error("JSON could not be written")]
    Json(#[from] serde_json::Error),
}
