//! The outbound HTTP client of jobs that download content (ATT&CK bundles, content archives),
//! and errors that name the cause.

use std::time::Duration;

/// A client whose every request must finish within `timeout`.
pub fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10).min(timeout))
        .timeout(timeout)
        .user_agent(concat!("aegis/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("static client configuration")
}

/// reqwest's message names only the outer error; the cause (refused, timed out, DNS) is in the
/// source chain, so it is spelled out.
pub fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        return "timed out".into();
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
