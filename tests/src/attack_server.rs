//! A local stand-in for MITRE's servers, serving a real (or fixture) bundle over loopback:
//! a TAXII 2.1 collection whose objects come in pages joined by `more`/`next`, and the raw
//! bundle file as GitHub would serve it. It counts requests and can be told to fail TAXII.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub const COLLECTION: &str = "x-mitre-collection--1f5f1533-f617-4ca8-9ab4-6a02367fa019";

pub struct AttackServer {
    /// TAXII API root (`.../taxii/api/v21/`).
    pub taxii_url: String,
    /// The bundle file.
    pub bundle_url: String,
    pub taxii_requests: Arc<AtomicUsize>,
    pub bundle_requests: Arc<AtomicUsize>,
    pub taxii_down: Arc<AtomicBool>,
    /// TAXII accepts the request and never answers.
    pub taxii_hangs: Arc<AtomicBool>,
}

struct Shared {
    /// Each object serialised once.
    objects: Vec<String>,
    bundle: Vec<u8>,
    page_size: usize,
    taxii_requests: Arc<AtomicUsize>,
    bundle_requests: Arc<AtomicUsize>,
    taxii_down: Arc<AtomicBool>,
    taxii_hangs: Arc<AtomicBool>,
}

/// Serves `bundle` (STIX bundle JSON bytes) with TAXII pages of `page_size` objects.
pub async fn serve(bundle: Vec<u8>, page_size: usize) -> AttackServer {
    let parsed: Value = serde_json::from_slice(&bundle).expect("a JSON bundle");
    let objects = parsed["objects"].as_array().expect("objects").iter().map(|o| o.to_string()).collect();
    start(bundle, objects, page_size).await
}

/// Serves any bytes as the bundle file (junk, truncated JSON, ...); TAXII has no objects.
pub async fn serve_raw(bytes: Vec<u8>) -> AttackServer {
    start(bytes, Vec::new(), 1).await
}

async fn start(bundle: Vec<u8>, objects: Vec<String>, page_size: usize) -> AttackServer {
    let shared = Arc::new(Shared {
        objects,
        bundle,
        page_size,
        taxii_requests: Arc::default(),
        bundle_requests: Arc::default(),
        taxii_down: Arc::default(),
        taxii_hangs: Arc::default(),
    });
    let server = AttackServer {
        taxii_url: String::new(),
        bundle_url: String::new(),
        taxii_requests: shared.taxii_requests.clone(),
        bundle_requests: shared.bundle_requests.clone(),
        taxii_down: shared.taxii_down.clone(),
        taxii_hangs: shared.taxii_hangs.clone(),
    };
    let app = Router::new()
        .route("/taxii/api/v21/collections/{id}/objects/", get(taxii_objects))
        .route("/bundle.json", get(bundle_file))
        .with_state(shared);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    AttackServer {
        taxii_url: format!("http://{addr}/taxii/api/v21/"),
        bundle_url: format!("http://{addr}/bundle.json"),
        ..server
    }
}

async fn taxii_objects(
    State(s): State<Arc<Shared>>,
    axum::extract::Path(id): axum::extract::Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    s.taxii_requests.fetch_add(1, Ordering::SeqCst);
    if s.taxii_hangs.load(Ordering::SeqCst) {
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
    if s.taxii_down.load(Ordering::SeqCst) {
        return (StatusCode::SERVICE_UNAVAILABLE, "down for maintenance").into_response();
    }
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !accept.contains("application/taxii+json") || !accept.contains("version=2.1") {
        return (StatusCode::NOT_ACCEPTABLE, "TAXII 2.1 media type required").into_response();
    }
    if id != COLLECTION {
        return (StatusCode::NOT_FOUND, "no such collection").into_response();
    }
    let start: usize = q.get("next").and_then(|n| n.parse().ok()).unwrap_or(0);
    let end = (start + s.page_size).min(s.objects.len());
    let more = end < s.objects.len();
    let mut body = String::from("{\"more\":");
    body.push_str(if more { "true" } else { "false" });
    if more {
        body.push_str(&format!(",\"next\":\"{end}\""));
    }
    body.push_str(",\"objects\":[");
    body.push_str(&s.objects[start..end].join(","));
    body.push_str("]}");
    ([(header::CONTENT_TYPE, "application/taxii+json;version=2.1")], body).into_response()
}

async fn bundle_file(State(s): State<Arc<Shared>>) -> Response {
    s.bundle_requests.fetch_add(1, Ordering::SeqCst);
    ([(header::CONTENT_TYPE, "application/json")], s.bundle.clone()).into_response()
}
