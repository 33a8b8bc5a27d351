//! What the edge in front of the API vouches for. Deployed, CloudFront adds a secret header
//! (`x-aegis-origin-verify`) to every request it forwards: a request without it did not come
//! through CloudFront (someone called the execute-api endpoint directly) and is refused. Only
//! on a request that carries it is CloudFront's `CloudFront-Viewer-Address` believed, so the
//! login rate limit keys on the real client, not on CloudFront's edge address.

use crate::ApiError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

pub const ORIGIN_VERIFY_HEADER: &str = "x-aegis-origin-verify";
pub const VIEWER_ADDRESS_HEADER: &str = "cloudfront-viewer-address";

/// The client address CloudFront reported, on a request proven to come through it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewerAddress(pub String);

/// Refuses requests without the origin secret (when one is configured) and records the
/// viewer address of those with it.
pub async fn verify_origin(State(secret): State<Option<Arc<str>>>, mut req: Request, next: Next) -> Response {
    let Some(secret) = secret else { return next.run(req).await };
    let presented = req.headers().get(ORIGIN_VERIFY_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
    if !same_secret(presented, secret.as_bytes()) {
        return ApiError::Forbidden("requests must come through the web app's address".into())
            .into_response();
    }
    let viewer = req
        .headers()
        .get(VIEWER_ADDRESS_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(viewer_ip)
        .map(ViewerAddress);
    if let Some(viewer) = viewer {
        req.extensions_mut().insert(viewer);
    }
    next.run(req).await
}

/// The IP of `CloudFront-Viewer-Address` (`IP:port`; IPv6 unbracketed, e.g. `2001:db8::1:443`).
pub fn viewer_ip(value: &str) -> Option<String> {
    let (ip, port) = value.trim().rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    ip.parse::<std::net::IpAddr>().ok().map(|ip| ip.to_string())
}

/// Compares without stopping at the first differing byte, so timing does not leak a prefix.
fn same_secret(presented: &[u8], expected: &[u8]) -> bool {
    presented.len() == expected.len()
        && presented.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewer_addresses_parse_for_both_families() {
        assert_eq!(viewer_ip("203.0.113.7:46532").as_deref(), Some("203.0.113.7"));
        assert_eq!(viewer_ip("2001:db8::1:443").as_deref(), Some("2001:db8::1"));
        assert_eq!(viewer_ip("203.0.113.7"), None, "a port is always present");
        assert_eq!(viewer_ip("not-an-ip:80"), None);
        assert_eq!(viewer_ip(""), None);
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
        assert!(!same_secret(b"", b"abc"));
    }
}
