//! Security headers on every response of the API and of the local runner's SPA, matching what
//! CloudFront's response headers policy adds when deployed (template.yaml).

use crate::Config;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

/// The header values, computed once from the configuration.
#[derive(Clone)]
pub struct SecurityHeaders {
    page_csp: HeaderValue,
    hsts: Option<HeaderValue>,
}

/// JSON and files need no script, style or frame.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";
const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

impl SecurityHeaders {
    pub fn new(config: &Config) -> Arc<Self> {
        // Evidence goes straight to presigned S3 URLs, so pages may connect to the S3 endpoint.
        let s3 = config.s3_browser_origin.as_deref().unwrap_or("https://*.amazonaws.com");
        let page_csp = format!(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' {s3}; \
             frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
        );
        Arc::new(Self {
            page_csp: HeaderValue::from_str(&page_csp).unwrap_or(HeaderValue::from_static(API_CSP)),
            // Browsers ignore HSTS over plain HTTP; development stays on plain localhost.
            hsts: config
                .secure_cookies()
                .then(|| HeaderValue::from_static("max-age=63072000; includeSubDomains; preload")),
        })
    }
}

/// Adds the headers; API docs pages (development only) keep their own inline scripts.
pub async fn apply(State(h): State<Arc<SecurityHeaders>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    let docs = path.starts_with("/docs") || path.starts_with("/redoc");
    if !docs && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let html = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("text/html"));
        let csp = if html { h.page_csp.clone() } else { HeaderValue::from_static(API_CSP) };
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.insert("permissions-policy", HeaderValue::from_static(PERMISSIONS_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if let Some(hsts) = &h.hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
    }
    response
}
