//! Sending a firing to a webhook channel: the body (JSON or Slack-compatible text), its
//! signature, the address check at send time, retries with backoff, and where a delivery that
//! never arrived ends up (the channel's health, the dead-letter queue).
//!
//! The receiver verifies `X-Aegis-Signature: sha256=<hex>`, an HMAC-SHA256 with the channel's
//! secret over `<X-Aegis-Timestamp>.<body>`, and refuses old timestamps (replays).

use crate::secrets;
use chrono::{DateTime, Utc};
use domain::alerts::{
    AlertChannel, AlertEvent, ChannelFormat, Delivery, DeliveryState, address_refusal, check_url,
};
use hmac::{Hmac, Mac};
use platform::AppState;
use serde_json::json;
use sha2::Sha256;
use std::net::SocketAddr;
use std::time::Duration;
use store::StoreError;
use uuid::Uuid;

pub const SIGNATURE_HEADER: &str = "X-Aegis-Signature";
pub const TIMESTAMP_HEADER: &str = "X-Aegis-Timestamp";
pub const DELIVERY_HEADER: &str = "X-Aegis-Delivery";

/// `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>").
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// What a channel receives for `event` (a test message when `None`).
pub fn body(channel: &AlertChannel, delivery: &Delivery, event: Option<&AlertEvent>) -> Vec<u8> {
    let value = match (channel.format, event) {
        (ChannelFormat::Json, Some(e)) => {
            json!({ "type": "alert.fired", "delivery_id": delivery.id, "event": e })
        }
        (ChannelFormat::Json, None) => {
            json!({ "type": "channel.test", "delivery_id": delivery.id, "summary": delivery.summary })
        }
        (ChannelFormat::Slack, Some(e)) => json!({ "text": slack_text(e) }),
        (ChannelFormat::Slack, None) => json!({ "text": format!("Aegis: {}", delivery.summary) }),
    };
    serde_json::to_vec(&value).expect("JSON values serialise")
}

/// A firing in a few lines: severity, rule, summary and the first matches.
fn slack_text(e: &AlertEvent) -> String {
    const SHOWN: usize = 10;
    let mut text =
        format!("*[{}] {}*\n{}", format!("{:?}", e.severity).to_lowercase(), e.rule_name, e.summary);
    for m in e.matched.iter().take(SHOWN) {
        text.push_str(&format!("\n• {}: {}", m.subject, m.detail));
    }
    if e.matched.len() > SHOWN {
        text.push_str(&format!("\n… and {} more", e.matched.len() - SHOWN));
    }
    text
}

/// Why one attempt failed, and whether another may succeed.
#[derive(Debug)]
struct Failure {
    status: Option<u16>,
    error: String,
    retry: bool,
}

/// The pending delivery of `event` to `channel`.
pub fn pending(channel: Uuid, event: &AlertEvent) -> Delivery {
    Delivery {
        id: Delivery::id_for(event.id, channel),
        channel_id: channel,
        event_id: Some(event.id),
        rule_id: Some(event.rule_id),
        summary: format!("{}: {}", event.rule_name, event.summary),
        state: DeliveryState::Pending,
        attempts: 0,
        status_code: None,
        error: None,
        created_at: event.fired_at,
        finished_at: None,
    }
}

/// Sends `delivery` with up to the configured attempts, records how it ended with the
/// channel's health, and hands a failed one to the dead-letter queue. A delivery another
/// sender finished meanwhile is left as that sender recorded it.
pub async fn deliver(
    state: &AppState,
    channel: &AlertChannel,
    mut delivery: Delivery,
    event: Option<&AlertEvent>,
) -> Result<Delivery, StoreError> {
    let outcome = if channel.enabled {
        attempt_all(state, channel, &mut delivery, event).await
    } else {
        Err(Failure { status: None, error: "the channel is disabled".into(), retry: false })
    };
    delivery.finished_at = Some(Utc::now());
    match outcome {
        Ok(status) => {
            delivery.state = DeliveryState::Delivered;
            delivery.status_code = Some(status);
            delivery.error = None;
        }
        Err(f) => {
            delivery.state = DeliveryState::Failed;
            delivery.status_code = f.status;
            delivery.error = Some(f.error);
        }
    }
    match store::alert_channels::finish(&state.db, &delivery).await {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => return Ok(delivery),
        Err(e) => return Err(e),
    }
    // A disabled channel is the admin's choice, not a failure to alarm on: recorded, not
    // dead-lettered.
    if delivery.state == DeliveryState::Failed && channel.enabled {
        tracing::warn!(channel = %channel.id, delivery = %delivery.id, error = ?delivery.error, "webhook delivery failed");
        dead_letter(state, channel, &delivery, event).await;
    }
    Ok(delivery)
}

/// Attempts until one arrives, a failure that another attempt cannot fix, or the attempts run
/// out; waits `base · 2^n` (with up to half of it again as jitter) between attempts.
async fn attempt_all(
    state: &AppState,
    channel: &AlertChannel,
    delivery: &mut Delivery,
    event: Option<&AlertEvent>,
) -> Result<u16, Failure> {
    let cfg = &state.config.webhooks;
    let secret = secrets::read(state, &channel.secret_id).await.map_err(|e| Failure {
        status: None,
        error: format!("the signing secret could not be read: {e}"),
        retry: false,
    })?;
    let body = body(channel, delivery, event);
    let mut last = None;
    for n in 0..cfg.max_attempts.max(1) {
        if n > 0 {
            let base = cfg.retry_base_ms.saturating_mul(1 << (n - 1).min(16));
            let jitter = rand::random::<u64>() % (base / 2 + 1);
            tokio::time::sleep(Duration::from_millis(base + jitter)).await;
        }
        delivery.attempts += 1;
        match attempt(state, channel, delivery.id, &secret, &body).await {
            Ok(status) => return Ok(status),
            Err(f) if !f.retry => return Err(f),
            Err(f) => last = Some(f),
        }
    }
    Err(last.expect("at least one attempt was made"))
}

/// One signed POST to the channel's URL, pinned to an address checked just before.
async fn attempt(
    state: &AppState,
    channel: &AlertChannel,
    delivery: Uuid,
    secret: &str,
    body: &[u8],
) -> Result<u16, Failure> {
    let cfg = &state.config.webhooks;
    let refused = |error: String| Failure { status: None, error, retry: false };
    let url = check_url(&channel.url, &cfg.allowed_ranges).map_err(|e| refused(e.to_string()))?;
    let host = url.host_str().ok_or_else(|| refused("the URL names no host".into()))?.to_owned();
    let port = url.port_or_known_default().unwrap_or(443);
    // Resolved now and pinned, so the name cannot point elsewhere between check and connect.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((bare, port))
        .await
        .map_err(|e| Failure { status: None, error: format!("{host} did not resolve: {e}"), retry: true })?
        .collect();
    if let Some(bad) = addrs.iter().find_map(|a| address_refusal(a.ip(), &cfg.allowed_ranges)) {
        return Err(refused(format!("{host} resolves to a refused address: {bad}")));
    }
    let addr = *addrs.first().ok_or_else(|| refused(format!("{host} has no address")))?;
    let client = client(state, &host, addr).map_err(refused)?;
    let timestamp = Utc::now().timestamp();
    let res = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(TIMESTAMP_HEADER, timestamp.to_string())
        .header(SIGNATURE_HEADER, sign(secret.as_bytes(), timestamp, body))
        .header(DELIVERY_HEADER, delivery.to_string())
        .body(body.to_vec())
        .send()
        .await
        .map_err(|e| Failure { status: None, error: describe(&e), retry: true })?;
    let status = res.status();
    if status.is_success() {
        return Ok(status.as_u16());
    }
    // A receiver that is down or overloaded may answer later; one that refuses the request
    // (400, 401, 404, ...) will refuse it again.
    let retry = status.is_server_error() || status.as_u16() == 429 || status.as_u16() == 408;
    Err(Failure { status: Some(status.as_u16()), error: format!("the receiver answered {status}"), retry })
}

/// A client for one attempt: https only, no redirects (a redirect could lead anywhere), the
/// configured timeout and extra root certificate, and `host` pinned to `addr`.
fn client(state: &AppState, host: &str, addr: SocketAddr) -> Result<reqwest::Client, String> {
    let cfg = &state.config.webhooks;
    let mut builder = reqwest::Client::builder()
        .https_only(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(cfg.timeout_secs))
        .user_agent("Aegis-Webhook/1")
        .resolve(host, addr);
    if let Some(path) = &cfg.ca_file {
        let pem = std::fs::read(path).map_err(|e| format!("WEBHOOK_CA_FILE {path}: {e}"))?;
        let cert =
            reqwest::Certificate::from_pem(&pem).map_err(|e| format!("WEBHOOK_CA_FILE {path}: {e}"))?;
        builder = builder.add_root_certificate(cert);
    }
    builder.build().map_err(|e| format!("the HTTP client could not be built: {e}"))
}

/// The error with its causes (reqwest's own message alone says little).
fn describe(e: &reqwest::Error) -> String {
    let mut text = if e.is_timeout() { "timed out".to_owned() } else { e.to_string() };
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}

/// Hands a failed delivery to the dead-letter queue, where operators can see and replay it.
/// Without a queue (locally), the failure is in the log and on the channel only.
async fn dead_letter(
    state: &AppState,
    channel: &AlertChannel,
    delivery: &Delivery,
    event: Option<&AlertEvent>,
) {
    let Some(queue) = &state.config.webhooks.dead_letter_queue_url else { return };
    let body =
        json!({ "channel_id": channel.id, "channel": channel.name, "delivery": delivery, "event": event });
    let sent = state.sqs.send_message().queue_url(queue).message_body(body.to_string()).send().await;
    if let Err(e) = sent {
        tracing::error!(error = %e, delivery = %delivery.id, "failed delivery not sent to the dead-letter queue");
    }
}

/// Delivers the pending deliveries of a firing, one channel after the other.
pub async fn deliver_event(state: &AppState, event: &AlertEvent, deliveries: Vec<Delivery>) {
    for d in deliveries {
        let channel = match store::alert_channels::get(&state.db, d.channel_id).await {
            Ok(Some(c)) => c,
            Ok(None) => gone(&d),
            Err(e) => {
                tracing::error!(error = %e, delivery = %d.id, "channel not read; the sweeper will retry");
                continue;
            }
        };
        if let Err(e) = deliver(state, &channel, d, Some(event)).await {
            tracing::error!(error = %e, "delivery not recorded; the sweeper will retry");
        }
    }
}

/// A stand-in for a channel deleted after the firing: the delivery fails as disabled.
fn gone(d: &Delivery) -> AlertChannel {
    AlertChannel {
        id: d.channel_id,
        name: "(deleted)".into(),
        url: String::new(),
        format: ChannelFormat::Json,
        enabled: false,
        secret_id: String::new(),
        created_by: domain::ids::UserId::nil(),
        created_at: d.created_at,
        updated_at: d.created_at,
        health: Default::default(),
        version: 0,
    }
}

/// Deliveries still pending ten minutes after their firing (their sender stopped) are sent
/// again; each is finished once. Returns how many were retried.
pub async fn sweep(state: &AppState, now: DateTime<Utc>) -> Result<u32, StoreError> {
    let stale =
        store::alert_channels::pending_before(&state.db, now - chrono::Duration::minutes(10), 50).await?;
    let mut retried = 0;
    for d in stale {
        let event = match (d.rule_id, d.event_id) {
            (Some(rule), Some(id)) => store::alerts::event(&state.db, rule, d.created_at, id).await?,
            _ => None,
        };
        let Some(event) = event else { continue };
        deliver_event(state, &event, vec![d]).await;
        retried += 1;
    }
    Ok(retried)
}
