//! Where a run gets its archive: the source's URL (http(s) or `file://`) or an upload in the
//! bucket. Bytes stay compressed; the archive reader decompresses what it needs under its limits.

use platform::AppState;
use std::time::Duration;

/// Larger downloads are refused rather than buffered (the upstream archives are tens of MB).
pub const MAX_DOWNLOAD_BYTES: u64 = 512 * 1024 * 1024;

/// The name a URL's last segment gives the content (for single files).
pub fn name_of(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.rsplit('/').find(|s| !s.is_empty()).unwrap_or("content").to_owned()
}

pub async fn url(url: &str, timeout: Duration) -> Result<Vec<u8>, String> {
    let fail = |reason: String| format!("{url}: {reason}");
    if let Some(path) = url.strip_prefix("file://") {
        let meta = tokio::fs::metadata(path).await.map_err(|e| fail(e.to_string()))?;
        if meta.len() > MAX_DOWNLOAD_BYTES {
            return Err(fail("larger than the download limit".into()));
        }
        return tokio::fs::read(path).await.map_err(|e| fail(e.to_string()));
    }
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(fail("only http://, https:// and file:// URLs are supported".into()));
    }
    let client = platform::http::client(timeout);
    let mut res = client.get(url).send().await.map_err(|e| fail(platform::http::describe(&e)))?;
    if !res.status().is_success() {
        return Err(fail(format!("HTTP {}", res.status())));
    }
    if res.content_length().is_some_and(|n| n > MAX_DOWNLOAD_BYTES) {
        return Err(fail("larger than the download limit".into()));
    }
    let mut out = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|e| fail(platform::http::describe(&e)))? {
        out.extend_from_slice(&chunk);
        if out.len() as u64 > MAX_DOWNLOAD_BYTES {
            return Err(fail("larger than the download limit".into()));
        }
    }
    Ok(out)
}

pub async fn upload(state: &AppState, key: &str) -> Result<Vec<u8>, String> {
    let object = state
        .s3
        .get_object()
        .bucket(&state.config.evidence_bucket)
        .key(key)
        .send()
        .await
        .map_err(|e| format!("reading the upload: {e}"))?;
    Ok(object.body.collect().await.map_err(|e| format!("reading the upload: {e}"))?.to_vec())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_url_names_its_last_segment() {
        assert_eq!(super::name_of("https://x.test/a/b.tar.gz?x=1"), "b.tar.gz");
        assert_eq!(super::name_of("file:///tmp/mapping.json"), "mapping.json");
    }
}
