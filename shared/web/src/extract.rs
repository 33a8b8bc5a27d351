//! Extractors whose rejections are problem documents, so malformed JSON, wrong types, unknown
//! fields, bad paths and bad query strings all answer in the one error shape. Query values and
//! path segments have documented maxima, so no client text of any length reaches a key.

use crate::ApiError;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
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

/// Longest value any query parameter may have. Ids and filters are far shorter, and nothing
/// longer may reach a DynamoDB key (1 KB sort keys), where it would be a storage error.
pub const MAX_QUERY_VALUE: usize = 512;
/// Longest path segment (an id); a longer one names nothing.
pub const MAX_PATH_SEGMENT: usize = 256;

/// `axum::extract::Query` with problem-JSON rejections and the [`MAX_QUERY_VALUE`] bound.
#[derive(Debug, Clone, Copy, Default)]
pub struct AppQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for AppQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(parts.uri.query().unwrap_or_default()).unwrap_or_default();
        if let Some((name, _)) = pairs.iter().find(|(_, v)| v.chars().count() > MAX_QUERY_VALUE) {
            return Err(ApiError::validation(
                name,
                "max_length",
                format!("must be at most {MAX_QUERY_VALUE} characters"),
            ));
        }
        let axum::extract::Query(value) = axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(AppQuery(value))
    }
}

/// `axum::extract::Path` with problem-JSON rejections; a segment longer than
/// [`MAX_PATH_SEGMENT`] is a 404.
#[derive(Debug, Clone, Copy)]
pub struct AppPath<T>(pub T);

impl<T, S> FromRequestParts<S> for AppPath<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if parts.uri.path().split('/').any(|segment| segment.len() > MAX_PATH_SEGMENT) {
            return Err(ApiError::NotFound(format!(
                "no such resource (ids are at most {MAX_PATH_SEGMENT} characters)"
            )));
        }
        let axum::extract::Path(value) = axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(AppPath(value))
    }
}

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
