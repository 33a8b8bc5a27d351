//! Extractors whose rejections are problem documents, so malformed JSON, wrong types, unknown
//! fields, bad paths and bad query strings all answer in the one error shape.

use crate::ApiError;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// `axum::Json` with problem-JSON rejections.
#[derive(Debug, Clone, Copy, Default, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct AppJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// An optional JSON body: absent (no `Content-Type`) is `None`; present but malformed is an error.
impl<T, S> axum::extract::OptionalFromRequest<S> for AppJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Option<Self>, Self::Rejection> {
        let json = <axum::Json<T> as axum::extract::OptionalFromRequest<S>>::from_request(req, state).await?;
        Ok(json.map(|j| AppJson(j.0)))
    }
}

/// `axum::extract::Query` with problem-JSON rejections.
#[derive(Debug, Clone, Copy, Default, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct AppQuery<T>(pub T);

/// `axum::extract::Path` with problem-JSON rejections.
#[derive(Debug, Clone, Copy, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct AppPath<T>(pub T);

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let text = rejection.body_text();
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType(text),
            StatusCode::UNPROCESSABLE_ENTITY => {
                // axum reports `<path>: <reason>` after a fixed prefix; keep the path as the field.
                let reason = text.split_once("target type: ").map_or(text.as_str(), |(_, r)| r);
                let (field, message) = match reason.split_once(": ") {
                    Some((path, msg)) if !path.contains(' ') => (path, msg),
                    _ => ("body", reason),
                };
                ApiError::validation(field, "invalid", message)
            }
            _ => ApiError::BadRequest(text),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        let text = rejection.body_text();
        let reason = text.split_once("query string: ").map_or(text.as_str(), |(_, r)| r);
        ApiError::validation("query", "invalid", reason)
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        match rejection {
            PathRejection::FailedToDeserializePathParams(e) => {
                ApiError::NotFound(format!("no such resource: {}", e.body_text()))
            }
            other => ApiError::Internal(other.body_text()),
        }
    }
}
