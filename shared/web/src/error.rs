//! The one API error type. Every failure a client can see is an RFC 9457 problem document
//! (`application/problem+json`) carrying the request id; internal details go to the log only.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::lifecycle::LifecycleError;
use domain::{DomainError, FieldError};
use serde::Serialize;
use store::StoreError;
use utoipa::ToSchema;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("authentication required")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    /// Signed in with a generated password: only changing it is allowed.
    #[error("the password must be changed before anything else (POST /api/v1/auth/change-password)")]
    PasswordChangeRequired,
    /// The caller's role requires a second factor they have not enrolled yet.
    #[error("your role requires a second factor: enrol one first (POST /api/v1/auth/mfa/totp/setup)")]
    MfaEnrolmentRequired,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("too many requests")]
    RateLimited { retry_after_secs: u64 },
    #[error("{0}")]
    MethodNotAllowed(String),
    /// Anything we did wrong; the message is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

/// RFC 9457 problem details, with `errors` for validation failures.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) | ApiError::PasswordChangeRequired | ApiError::MfaEnrolmentRequired => {
                StatusCode::FORBIDDEN
            }
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad-request",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::PasswordChangeRequired => "password-change-required",
            ApiError::MfaEnrolmentRequired => "mfa-enrolment-required",
            ApiError::NotFound(_) => "not-found",
            ApiError::Conflict(_) => "conflict",
            ApiError::PayloadTooLarge => "payload-too-large",
            ApiError::UnsupportedMediaType(_) => "unsupported-media-type",
            ApiError::Validation(_) => "validation",
            ApiError::RateLimited { .. } => "rate-limited",
            ApiError::MethodNotAllowed(_) => "method-not-allowed",
            ApiError::Internal(_) => "internal",
        }
    }

    pub fn validation(field: &str, code: &str, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    pub fn internal(err: impl std::fmt::Display) -> Self {
        ApiError::Internal(err.to_string())
    }

    pub fn problem(&self) -> Problem {
        let status = self.status();
        let detail = match self {
            ApiError::Internal(_) => {
                "an unexpected error occurred; quote the request id when reporting it".to_owned()
            }
            ApiError::Unauthorized(why) => why.clone(),
            ApiError::Validation(errs) => {
                errs.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")
            }
            ApiError::RateLimited { retry_after_secs } => {
                format!("too many attempts; retry in {retry_after_secs} s")
            }
            other => other.to_string(),
        };
        Problem {
            kind: format!("https://aegis.dev/problems/{}", self.slug()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            request_id: crate::request_id::current(),
            errors: match self {
                ApiError::Validation(errs) => errs.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Internal(msg) => tracing::error!(error = %msg, "request failed"),
            other => tracing::info!(status = other.status().as_u16(), error = %other, "request refused"),
        }
        let mut response = (self.status(), Json(self.problem())).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if let ApiError::RateLimited { retry_after_secs } = self {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        response
    }
}

impl From<DomainError> for ApiError {
    fn from(err: DomainError) -> Self {
        match err {
            DomainError::Validation(errs) => ApiError::Validation(errs),
            DomainError::InvalidState(msg) => ApiError::Conflict(msg),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => ApiError::NotFound("not found".into()),
            StoreError::Conflict(msg) | StoreError::Busy(msg) => ApiError::Conflict(msg),
            StoreError::BadCursor => ApiError::BadRequest("invalid or expired cursor".into()),
            other => ApiError::Internal(chain(&other)),
        }
    }
}

impl From<LifecycleError> for ApiError {
    fn from(err: LifecycleError) -> Self {
        match err {
            LifecycleError::Forbidden(msg) => ApiError::Forbidden(msg),
            LifecycleError::Conflict(msg) => ApiError::Conflict(msg),
            LifecycleError::Invalid(errs) => ApiError::Validation(errs),
            LifecycleError::NotFound(msg) => ApiError::NotFound(msg),
        }
    }
}

impl From<lifecycle::Error> for ApiError {
    fn from(err: lifecycle::Error) -> Self {
        match err {
            lifecycle::Error::Refused(e) => e.into(),
            lifecycle::Error::Store(e) => e.into(),
            lifecycle::Error::Busy(msg) => ApiError::Conflict(msg),
        }
    }
}

/// An error with every source under it, for the log line of a 500 (the client sees none of it).
fn chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut next = err.source();
    while let Some(e) = next {
        out.push_str(": ");
        out.push_str(&e.to_string());
        next = e.source();
    }
    out
}

pub type ApiResult<T> = Result<T, ApiError>;
