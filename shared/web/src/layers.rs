//! The layers every deployed router gets, in one place so Lambda, the local runner and the
//! tests serve identical behaviour: request id, tracing span, CORS, the origin check of
//! `edge`, body limit, security headers, panic capture, and problem-JSON answers for unknown
//! routes and methods.

use crate::{ApiError, Config, request_id};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::any::Any;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Largest JSON body accepted. Evidence and bundles travel through presigned S3 URLs.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Wraps a router (already holding its state) with the common layers; unknown routes answer
/// with a problem 404.
pub fn apply(router: Router, config: &Config) -> Router {
    layer(router.fallback(not_found), config)
}

/// The common layers without a fallback, for a caller that serves something else on unknown
/// routes (the local runner serves the SPA there).
pub fn layer(router: Router, config: &Config) -> Router {
    router
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(middleware::from_fn_with_state(
            crate::security_headers::SecurityHeaders::new(config),
            crate::security_headers::apply,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn_with_state(
            config.origin_verify.as_deref().map(std::sync::Arc::<str>::from),
            crate::edge::verify_origin,
        ))
        .layer(cors(config))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
            tracing::info_span!(
                "request",
                request_id = %request_id::current().unwrap_or_default(),
                method = %req.method(),
                path = %req.uri().path(),
            )
        }))
        .layer(middleware::from_fn(with_request_id))
}

/// Accepts a sane incoming `x-request-id` (so a trace can cross services) or mints one, makes
/// it current for the request, and echoes it on the response.
async fn with_request_id(req: Request, next: Next) -> Response {
    let incoming = req.headers().get(&request_id::HEADER).and_then(|v| v.to_str().ok());
    let id = match incoming {
        Some(v)
            if (1..=64).contains(&v.len()) && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
        {
            v.to_owned()
        }
        _ => uuid::Uuid::new_v4().to_string(),
    };
    let mut response = request_id::scope(id.clone(), next.run(req)).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(request_id::HEADER.clone(), value);
    }
    response
}

fn cors(config: &Config) -> CorsLayer {
    let origins: Vec<HeaderValue> =
        config.cors_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION, HeaderName::from_static("x-request-id")])
        .expose_headers([HeaderName::from_static("x-request-id"), header::RETRY_AFTER])
}

/// The problem-JSON 404 for unknown API routes.
pub async fn not_found() -> ApiError {
    ApiError::NotFound("no such route".into())
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed("method not allowed on this route".into())
}

fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("panic");
    ApiError::Internal(format!("handler panicked: {what}")).into_response()
}
