//! How a report reaches the caller. Lambda answers at most 6 MB (API Gateway and CloudFront add
//! their own limits), and a test-results report over tens of thousands of tests is larger: a
//! body above `REPORT_INLINE_MAX_BYTES` (default 4 MiB) is written to the bucket under
//! `reports/` and the answer is a `303 See Other` to a presigned download of it (five minutes),
//! for JSON and CSV alike. Browsers and `curl -L` follow it; the bucket's lifecycle removes the
//! files after a day.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::time::Duration;
use web::{ApiError, AppState};

/// How long a presigned download stays valid (a report over the inline limit, an export file).
pub(crate) const DOWNLOAD_URL_SECS: u64 = 300;

/// A finished report body with its media type and file name.
pub struct Report {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub filename: String,
    /// Set for files meant to be saved (CSV); JSON is shown inline unless it goes via S3.
    pub attachment: bool,
}

pub async fn deliver(state: &AppState, report: Report) -> Result<Response, ApiError> {
    if report.bytes.len() <= state.config.report_inline_max_bytes {
        let mut response =
            ([(header::CONTENT_TYPE, HeaderValue::from_static(report.content_type))], report.bytes)
                .into_response();
        if report.attachment {
            let disposition = format!("attachment; filename=\"{}\"", report.filename);
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
            }
        }
        return Ok(response);
    }
    let bucket = &state.config.evidence_bucket;
    let key = store::keys::report_object_key(uuid::Uuid::new_v4(), &report.filename);
    let size = report.bytes.len();
    store::objects::put_file(&state.s3, bucket, &key, report.content_type, report.bytes).await?;
    let ttl = Duration::from_secs(DOWNLOAD_URL_SECS);
    let url = store::objects::presign_download(&state.s3, bucket, &key, &report.filename, ttl).await?;
    tracing::info!(key, bytes = size, "report delivered through the bucket");
    let location = HeaderValue::from_str(&url).map_err(ApiError::internal)?;
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response())
}
