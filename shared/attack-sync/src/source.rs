//! Where a sync gets its bundle: MITRE's TAXII 2.1 server first, the bundle URL (GitHub raw, a
//! mirror, or `file://`) when TAXII fails, or bytes an admin uploaded.

use serde::Deserialize;
use serde_json::value::RawValue;
use std::io::Read;
use std::time::Duration;

/// Larger inputs are refused rather than buffered (the Enterprise bundle is about 50 MB).
pub const MAX_BUNDLE_BYTES: usize = 256 * 1024 * 1024;
const TAXII_ACCEPT: &str = "application/taxii+json;version=2.1";
/// A server that keeps saying "more" is stopped here.
const MAX_TAXII_PAGES: usize = 10_000;

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{url}: {reason}")]
    Fetch { url: String, reason: String },
    #[error("{0}")]
    Invalid(String),
}

fn fetch_err(url: &str, reason: impl std::fmt::Display) -> SourceError {
    SourceError::Fetch { url: url.to_owned(), reason: reason.to_string() }
}

fn http_err(url: &str, e: reqwest::Error) -> SourceError {
    fetch_err(url, platform::http::describe(&e))
}

/// The bundle as bytes (STIX bundle JSON), and where it came from.
#[derive(Debug)]
pub struct Fetched {
    pub bytes: Vec<u8>,
    pub source: &'static str,
    pub url: String,
    /// Set when TAXII was tried and failed.
    pub fallback_reason: Option<String>,
}

/// A client whose every request (one TAXII page, the whole bundle) must finish within `timeout`.
pub fn http_client(timeout: Duration) -> reqwest::Client {
    platform::http::client(timeout)
}

/// TAXII when configured, else (or on failure) the bundle URL.
pub async fn fetch(
    client: &reqwest::Client,
    taxii_url: &str,
    collection: &str,
    bundle_url: &str,
) -> Result<Fetched, SourceError> {
    let mut fallback_reason = None;
    if !taxii_url.is_empty() {
        match taxii_bundle(client, taxii_url, collection).await {
            Ok(bytes) => {
                return Ok(Fetched {
                    bytes,
                    source: "taxii",
                    url: objects_url(taxii_url, collection),
                    fallback_reason,
                });
            }
            Err(e) => {
                tracing::warn!(error = %e, "TAXII fetch failed; falling back to the bundle URL");
                fallback_reason = Some(e.to_string());
            }
        }
    }
    let bytes = bundle(client, bundle_url).await.map_err(|e| match &fallback_reason {
        Some(taxii) => SourceError::Invalid(format!("TAXII failed ({taxii}); bundle URL failed ({e})")),
        None => e,
    })?;
    Ok(Fetched { bytes, source: "bundle_url", url: bundle_url.to_owned(), fallback_reason })
}

fn objects_url(api_root: &str, collection: &str) -> String {
    format!("{}/collections/{collection}/objects/", api_root.trim_end_matches('/'))
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(default)]
    more: bool,
    #[serde(default)]
    next: Option<String>,
    #[serde(default, borrow)]
    objects: Vec<&'a RawValue>,
}

/// Reads every page of a TAXII 2.1 collection's objects and writes them into one STIX bundle, so
/// the importer reads TAXII and file input the same way. Each page is dropped once copied.
pub async fn taxii_bundle(
    client: &reqwest::Client,
    api_root: &str,
    collection: &str,
) -> Result<Vec<u8>, SourceError> {
    let url = objects_url(api_root, collection);
    let mut out =
        br#"{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000000","objects":["#.to_vec();
    let mut first = true;
    let mut next: Option<String> = None;
    for _ in 0..MAX_TAXII_PAGES {
        let mut req = client.get(&url).header(reqwest::header::ACCEPT, TAXII_ACCEPT);
        if let Some(n) = &next {
            req = req.query(&[("next", n)]);
        }
        let res = req.send().await.map_err(|e| http_err(&url, e))?;
        let status = res.status();
        if !status.is_success() {
            return Err(fetch_err(&url, format!("HTTP {status}")));
        }
        let body = res.bytes().await.map_err(|e| http_err(&url, e))?;
        let page: Envelope = serde_json::from_slice(&body)
            .map_err(|e| fetch_err(&url, format!("not a TAXII envelope: {e}")))?;
        for object in &page.objects {
            if !first {
                out.push(b',');
            }
            first = false;
            out.extend_from_slice(object.get().as_bytes());
        }
        if out.len() > MAX_BUNDLE_BYTES {
            return Err(fetch_err(&url, "collection larger than the size limit"));
        }
        match (page.more, page.next) {
            (true, Some(n)) if !n.is_empty() => next = Some(n),
            (true, _) => return Err(fetch_err(&url, "server says `more` but gives no `next`")),
            (false, _) => {
                if first {
                    return Err(fetch_err(&url, "the collection is empty"));
                }
                out.extend_from_slice(b"]}");
                return Ok(out);
            }
        }
    }
    Err(fetch_err(&url, format!("more than {MAX_TAXII_PAGES} pages")))
}

/// Fetches a bundle file over http(s) or from `file://`, gunzipping it when it is gzip.
pub async fn bundle(client: &reqwest::Client, url: &str) -> Result<Vec<u8>, SourceError> {
    let raw = if let Some(path) = url.strip_prefix("file://") {
        tokio::fs::read(path).await.map_err(|e| fetch_err(url, e))?
    } else if url.starts_with("http://") || url.starts_with("https://") {
        let res = client.get(url).send().await.map_err(|e| http_err(url, e))?;
        if !res.status().is_success() {
            return Err(fetch_err(url, format!("HTTP {}", res.status())));
        }
        if res.content_length().is_some_and(|n| n as usize > MAX_BUNDLE_BYTES) {
            return Err(fetch_err(url, "larger than the size limit"));
        }
        res.bytes().await.map_err(|e| http_err(url, e))?.to_vec()
    } else {
        return Err(fetch_err(url, "only http://, https:// and file:// URLs are supported"));
    };
    maybe_gunzip(raw).map_err(|e| fetch_err(url, e))
}

/// Returns the bytes, decompressed when they start with the gzip magic number.
pub fn maybe_gunzip(raw: Vec<u8>) -> Result<Vec<u8>, String> {
    if raw.len() > MAX_BUNDLE_BYTES {
        return Err("larger than the size limit".into());
    }
    if !raw.starts_with(&[0x1f, 0x8b]) {
        return Ok(raw);
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&raw[..])
        .take(MAX_BUNDLE_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("invalid gzip: {e}"))?;
    if out.len() > MAX_BUNDLE_BYTES {
        return Err("decompresses beyond the size limit".into());
    }
    Ok(out)
}
