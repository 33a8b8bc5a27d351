//! The caller's IP address, as the edge saw it: CloudFront's viewer address on a request that
//! proved it came through CloudFront (`crate::edge`), else API Gateway's `sourceIp` on Lambda,
//! the TCP peer locally. `X-Forwarded-For` is ignored on purpose: anyone can send it, and the
//! login rate limit keys on this value.

use crate::edge::ViewerAddress;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use lambda_http::request::RequestContext;
use std::convert::Infallible;
use std::net::SocketAddr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::of(parts))
    }
}

impl ClientIp {
    /// The address of the request whose head is `parts`.
    pub fn of(parts: &Parts) -> Self {
        if let Some(ViewerAddress(ip)) = parts.extensions.get::<ViewerAddress>() {
            return ClientIp(ip.clone());
        }
        if let Some(RequestContext::ApiGatewayV2(ctx)) = parts.extensions.get::<RequestContext>()
            && let Some(ip) = &ctx.http.source_ip
        {
            return ClientIp(ip.clone());
        }
        if let Some(ConnectInfo(addr)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() {
            return ClientIp(addr.ip().to_string());
        }
        ClientIp("unknown".into())
    }
}
