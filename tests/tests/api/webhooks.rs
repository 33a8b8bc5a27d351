//! Webhook channels end to end, against a local HTTPS receiver (its own CA, trusted through
//! `WEBHOOK_CA_FILE`; loopback admitted through `WEBHOOK_ALLOWED_CIDRS`): the signature the
//! receiver checks, retries with backoff, the dead-letter queue in LocalStack, refused private
//! addresses (when written and when sent), a rule's firing delivered once, the sweeper, secret
//! rotation and deletion.

use crate::helpers::{TestApp, config, error_codes, problem, spawn_app_with};
use crate::workflow::ok;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{Duration, Utc};
use domain::Role;
use domain::alerts::{Delivery, DeliveryState};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// One request the receiver got.
#[derive(Clone, Debug)]
struct Received {
    timestamp: String,
    signature: String,
    delivery: String,
    body: Vec<u8>,
}

/// The receiver: records every request and answers `fail_status` to the next `fail_next`.
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
    fail_next: Arc<AtomicUsize>,
    fail_status: Arc<AtomicUsize>,
}

impl Receiver {
    fn failing(&self, next: usize, status: u16) {
        self.fail_next.store(next, Ordering::SeqCst);
        self.fail_status.store(status as usize, Ordering::SeqCst);
    }
    fn take(&self) -> Vec<Received> {
        std::mem::take(&mut *self.got.lock().unwrap())
    }
}

async fn hook(State(r): State<Receiver>, headers: HeaderMap, body: axum::body::Bytes) -> StatusCode {
    let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    r.got.lock().unwrap().push(Received {
        timestamp: h("x-aegis-timestamp"),
        signature: h("x-aegis-signature"),
        delivery: h("x-aegis-delivery"),
        body: body.to_vec(),
    });
    let failing = r.fail_next.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
    if failing {
        StatusCode::from_u16(r.fail_status.load(Ordering::SeqCst) as u16).unwrap()
    } else {
        StatusCode::NO_CONTENT
    }
}

/// Starts the HTTPS receiver on loopback; returns it, its URL and the CA file to trust.
async fn receiver() -> (Receiver, String, tempfile_path::Path) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(rcgen::DnType::CommonName, "Aegis test receiver CA");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .unwrap()
        .signed_by(&leaf_key, &ca, &ca_key)
        .unwrap();

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![leaf.der().clone()], leaf_key.serialize_der().try_into().unwrap())
        .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let r = Receiver::default();
    let app = axum::Router::new().route("/hook", axum::routing::post(hook)).with_state(r.clone());
    let config = axum_server::tls_rustls::RustlsConfig::from_config(Arc::new(tls));
    tokio::spawn(async move {
        axum_server::from_tcp_rustls(listener, config).serve(app.into_make_service()).await.unwrap();
    });
    let ca_file = tempfile_path::Path::write(ca.pem().as_bytes());
    (r, format!("https://{addr}/hook"), ca_file)
}

/// A file removed when dropped (the CA the sender trusts).
mod tempfile_path {
    pub struct Path(pub std::path::PathBuf);
    impl Path {
        pub fn write(bytes: &[u8]) -> Self {
            let p = std::env::temp_dir().join(format!("aegis-webhook-ca-{}.pem", uuid::Uuid::new_v4()));
            std::fs::write(&p, bytes).unwrap();
            Self(p)
        }
        pub fn as_str(&self) -> &str {
            self.0.to_str().unwrap()
        }
    }
    impl Drop for Path {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

fn verify(secret: &str, r: &Received) -> bool {
    r.signature == alerts::webhook::sign(secret.as_bytes(), r.timestamp.parse().unwrap(), &r.body)
}

struct Setup {
    app: TestApp,
    receiver: Receiver,
    url: String,
    dlq: String,
    _ca: tempfile_path::Path,
}

async fn setup() -> Setup {
    let (receiver, url, ca) = receiver().await;
    let stack = aegis_tests::stack().await;
    let sqs = aws_sdk_sqs::Client::new(&stack.sdk);
    let queue = format!("aegis-test-deliveries-{}", Uuid::new_v4().simple());
    let dlq = sqs.create_queue().queue_name(&queue).send().await.unwrap().queue_url.unwrap();
    let bundle = aegis_tests::seed::fixture_bundle_url();
    let prefix = format!("aegis-test-{}/alert-channels/", Uuid::new_v4().simple());
    let app = spawn_app_with(config(&[
        ("ATTACK_TAXII_URL", ""),
        ("ATTACK_BUNDLE_URL", &bundle),
        ("WEBHOOK_ALLOWED_CIDRS", "127.0.0.1/32"),
        ("WEBHOOK_CA_FILE", ca.as_str()),
        ("WEBHOOK_RETRY_BASE_MS", "20"),
        ("WEBHOOK_MAX_ATTEMPTS", "3"),
        ("ALERT_CHANNEL_SECRET_PREFIX", &prefix),
        ("ALERT_DELIVERY_DLQ_URL", &dlq),
    ]))
    .await;
    let run = attack_sync::start(&app.state, domain::sync::Trigger::Manual, None).await.unwrap();
    attack_sync::execute(&app.state, run, attack_sync::Input::Fetch).await;
    Setup { app, receiver, url, dlq, _ca: ca }
}

async fn test_delivery(app: &TestApp, channel: &str) -> Value {
    ok(app.post(&format!("/api/v1/alert-channels/{channel}/test"), &app.admin_token, &json!({})).await).await
}

#[tokio::test]
async fn channels_refuse_private_and_plain_http_urls_and_are_managed_by_the_admin() {
    let Setup { app, url, _ca, .. } = setup().await;
    let (_, _, lead) = app.user(Role::BlueLead).await;
    let create = |url: &str| json!({ "name": "SOC", "url": url });
    problem(app.post("/api/v1/alert-channels", &lead, &create(&url)).await, 403).await;
    for (bad, code) in [
        ("http://hooks.example.com/x", "scheme"),
        ("https://10.0.0.7/hook", "private_address"),
        ("https://169.254.169.254/latest/meta-data/", "private_address"),
        ("https://[::1]:8443/hook", "private_address"),
        ("https://127.0.0.2/hook", "private_address"),
        ("https://localhost/hook", "private_address"),
        ("https://[::ffff:192.168.1.1]/hook", "private_address"),
        ("https://u:p@hooks.example.com/x", "credentials"),
        ("not a url", "format"),
    ] {
        let p = problem(app.post("/api/v1/alert-channels", &app.admin_token, &create(bad)).await, 422).await;
        assert_eq!(error_codes(&p), [code], "{bad}: {p}");
    }

    // created with its secret, shown once; leads read channels, never the secret
    let res = app
        .post(
            "/api/v1/alert-channels",
            &app.admin_token,
            &json!({ "name": " SOC ", "url": url, "format": "slack" }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let secret = created["secret"].as_str().unwrap();
    assert!(secret.starts_with("whsec_") && secret.len() == 70, "{secret}");
    let id = created["channel"]["id"].as_str().unwrap().to_owned();
    let stored =
        alerts::secrets::read(&app.state, created["channel"]["secret_id"].as_str().unwrap()).await.unwrap();
    assert_eq!(stored, secret);
    let listed = ok(app.get("/api/v1/alert-channels", &lead).await).await;
    assert_eq!(listed["items"][0]["name"], "SOC");
    assert!(!listed.to_string().contains(secret));
    problem(app.post(&format!("/api/v1/alert-channels/{id}/test"), &lead, &json!({})).await, 403).await;

    // changed on the version read, the URL checked again
    let path = format!("/api/v1/alert-channels/{id}");
    problem(app.patch(&path, &app.admin_token, &json!({ "version": 9, "enabled": false })).await, 409).await;
    let p = problem(
        app.patch(&path, &app.admin_token, &json!({ "version": 1, "url": "https://192.168.0.1/" })).await,
        422,
    )
    .await;
    assert_eq!(error_codes(&p), ["private_address"]);
    let changed =
        ok(app.patch(&path, &app.admin_token, &json!({ "version": 1, "name": "SOC 2" })).await).await;
    assert_eq!((changed["version"].as_u64(), changed["name"].as_str()), (Some(2), Some("SOC 2")));

    // a rule names it: not deleted until the rule lets go
    let rule = json!({ "name": "r", "condition": { "kind": "org_score_below", "threshold": 50 }, "severity": "low", "channels": [id] });
    let res = app.post("/api/v1/alert-rules", &lead, &rule).await;
    assert_eq!(res.status(), 201);
    let rule: Value = res.json().await.unwrap();
    let p = problem(app.delete(&path, &app.admin_token).await, 409).await;
    assert!(p["detail"].as_str().unwrap().contains("`r`"), "{p}");
    assert_eq!(
        app.delete(&format!("/api/v1/alert-rules/{}", rule["id"].as_str().unwrap()), &lead).await.status(),
        204
    );
    assert_eq!(app.delete(&path, &app.admin_token).await.status(), 204);
    problem(app.get(&path, &lead).await, 404).await;
    let audited: Vec<String> = app
        .audit("target_type=alert_channel")
        .await
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(audited, ["alert_channel.delete", "alert_channel.update", "alert_channel.create"]);
}

#[tokio::test]
async fn deliveries_are_signed_retried_with_backoff_and_dead_lettered_when_they_never_arrive() {
    let Setup { app, receiver, url, dlq, _ca, .. } = setup().await;
    let res =
        app.post("/api/v1/alert-channels", &app.admin_token, &json!({ "name": "SOC", "url": url })).await;
    let created: Value = res.json().await.unwrap();
    let secret = created["secret"].as_str().unwrap().to_owned();
    let id = created["channel"]["id"].as_str().unwrap().to_owned();

    // given a receiver down twice, when a test message is sent, then the third attempt arrives
    receiver.failing(2, 503);
    let d = test_delivery(&app, &id).await;
    assert_eq!(
        (d["state"].as_str(), d["attempts"].as_u64(), d["status_code"].as_u64()),
        (Some("delivered"), Some(3), Some(204)),
        "{d}"
    );
    let got = receiver.take();
    assert_eq!(got.len(), 3);
    assert!(got.iter().all(|r| verify(&secret, r) && r.delivery == d["id"].as_str().unwrap()), "{got:?}");
    let body: Value = serde_json::from_slice(&got[2].body).unwrap();
    assert_eq!(body["type"], "channel.test");
    let mut tampered = got[2].clone();
    tampered.body.push(b' ');
    assert!(!verify(&secret, &tampered));

    // given a receiver that stays down, then every attempt is spent, the channel shows it and
    // the delivery lands in the dead-letter queue
    receiver.failing(usize::MAX, 500);
    let d = test_delivery(&app, &id).await;
    assert_eq!(
        (d["state"].as_str(), d["attempts"].as_u64(), d["status_code"].as_u64()),
        (Some("failed"), Some(3), Some(500))
    );
    let health =
        ok(app.get(&format!("/api/v1/alert-channels/{id}"), &app.admin_token).await).await["health"].clone();
    assert_eq!(
        (
            health["delivered"].as_u64(),
            health["failed"].as_u64(),
            health["consecutive_failures"].as_u64(),
            health["last_state"].as_str()
        ),
        (Some(1), Some(1), Some(1), Some("failed"))
    );
    assert!(health["last_error"].as_str().unwrap().contains("500"), "{health}");
    let sqs = aws_sdk_sqs::Client::new(&aegis_tests::stack().await.sdk);
    let msgs = sqs
        .receive_message()
        .queue_url(&dlq)
        .max_number_of_messages(10)
        .wait_time_seconds(2)
        .send()
        .await
        .unwrap();
    let dead: Vec<Value> =
        msgs.messages().iter().map(|m| serde_json::from_str(m.body().unwrap()).unwrap()).collect();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0]["delivery"]["id"], d["id"]);
    assert_eq!(dead[0]["channel_id"].as_str(), Some(id.as_str()));
    for m in msgs.messages() {
        sqs.delete_message()
            .queue_url(&dlq)
            .receipt_handle(m.receipt_handle().unwrap())
            .send()
            .await
            .unwrap();
    }

    // a disabled channel records the delivery as failed without contacting the receiver or
    // dead-lettering it
    let path = format!("/api/v1/alert-channels/{id}");
    let version = ok(app.get(&path, &app.admin_token).await).await["version"].clone();
    ok(app.patch(&path, &app.admin_token, &json!({ "version": version, "enabled": false })).await).await;
    receiver.take();
    let d = test_delivery(&app, &id).await;
    assert_eq!(
        (d["state"].as_str(), d["attempts"].as_u64(), d["error"].as_str()),
        (Some("failed"), Some(0), Some("the channel is disabled"))
    );
    assert!(receiver.take().is_empty());
    let msgs = sqs
        .receive_message()
        .queue_url(&dlq)
        .max_number_of_messages(10)
        .wait_time_seconds(1)
        .send()
        .await
        .unwrap();
    assert!(
        msgs.messages().is_empty(),
        "nothing dead-lettered for a disabled channel: {:?}",
        msgs.messages().iter().map(|m| m.body().unwrap_or_default()).collect::<Vec<_>>()
    );
    let version = ok(app.get(&path, &app.admin_token).await).await["version"].clone();
    ok(app.patch(&path, &app.admin_token, &json!({ "version": version, "enabled": true })).await).await;

    // a refusal (4xx) is not retried
    receiver.take();
    receiver.failing(1, 410);
    let d = test_delivery(&app, &id).await;
    assert_eq!((d["state"].as_str(), d["attempts"].as_u64()), (Some("failed"), Some(1)));
    assert_eq!(receiver.take().len(), 1);

    // the deliveries, newest first
    let page = ok(app.get(&format!("/api/v1/alert-channels/{id}/deliveries"), &app.admin_token).await).await;
    let states: Vec<&str> =
        page["items"].as_array().unwrap().iter().map(|d| d["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["failed", "failed", "failed", "delivered"]);

    // a rotated secret signs the next delivery; the old one no longer verifies
    let rotated = ok(app
        .post(&format!("/api/v1/alert-channels/{id}/rotate-secret"), &app.admin_token, &json!({}))
        .await)
    .await;
    let new_secret = rotated["secret"].as_str().unwrap();
    assert_ne!(new_secret, secret);
    test_delivery(&app, &id).await;
    let got = receiver.take();
    assert!(verify(new_secret, &got[0]) && !verify(&secret, &got[0]));
}

#[tokio::test]
async fn an_address_refused_at_send_time_is_never_contacted() {
    let Setup { app, receiver, url, _ca, .. } = setup().await;
    let created: Value = app
        .post("/api/v1/alert-channels", &app.admin_token, &json!({ "name": "SOC", "url": url }))
        .await
        .json()
        .await
        .unwrap();
    let channel = store::alert_channels::get(
        &app.state.db,
        created["channel"]["id"].as_str().unwrap().parse().unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    // The same channel sent by a deployment that does not admit loopback (as if the name had
    // come to resolve to a private address after the channel was written).
    let mut config = (*app.state.config).clone();
    config.webhooks.allowed_ranges.clear();
    let strict = web::AppState { config: Arc::new(config), ..app.state.clone() };
    let pending = Delivery {
        id: Uuid::new_v4(),
        channel_id: channel.id,
        event_id: None,
        rule_id: None,
        summary: "probe".into(),
        state: DeliveryState::Pending,
        attempts: 0,
        status_code: None,
        error: None,
        created_at: Utc::now(),
        finished_at: None,
    };
    let d = alerts::webhook::deliver(&strict, &channel, pending, None).await.unwrap();
    assert_eq!((d.state, d.attempts), (DeliveryState::Failed, 1));
    assert!(d.error.as_deref().unwrap().contains("not a public address"), "{d:?}");
    assert!(receiver.take().is_empty());
}

#[tokio::test]
async fn a_firing_is_delivered_once_and_a_delivery_left_pending_is_swept_once() {
    let Setup { app, receiver, url, _ca, .. } = setup().await;
    let created: Value = app
        .post(
            "/api/v1/alert-channels",
            &app.admin_token,
            &json!({ "name": "SOC", "url": url, "format": "json" }),
        )
        .await
        .json()
        .await
        .unwrap();
    let secret = created["secret"].as_str().unwrap().to_owned();
    let channel: Uuid = created["channel"]["id"].as_str().unwrap().parse().unwrap();
    let (_, _, lead) = app.user(Role::BlueLead).await;
    // Nothing is validated, so the organisation score (0) is below any threshold.
    let body = json!({ "name": "Org weak", "condition": { "kind": "org_score_below", "threshold": 50 }, "severity": "high",
        "channels": [channel], "cooldown_minutes": 60 });
    let rule: Value = app.post("/api/v1/alert-rules", &lead, &body).await.json().await.unwrap();
    let rule = store::alerts::get_rule(&app.state.db, rule["id"].as_str().unwrap().parse().unwrap())
        .await
        .unwrap()
        .unwrap();

    let t0 = Utc::now();
    assert_eq!(alerts::evaluate_rule(&app.state, &rule, t0).await.unwrap(), alerts::Outcome::Fired);
    assert_eq!(
        alerts::evaluate_rule(&app.state, &rule, t0 + Duration::minutes(5)).await.unwrap(),
        alerts::Outcome::StillHolding
    );
    let got = receiver.take();
    assert_eq!(got.len(), 1, "one firing, one delivery");
    assert!(verify(&secret, &got[0]));
    let body: Value = serde_json::from_slice(&got[0].body).unwrap();
    assert_eq!(
        (body["type"].as_str(), body["event"]["rule_name"].as_str()),
        (Some("alert.fired"), Some("Org weak"))
    );
    let event: Uuid = body["event"]["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(got[0].delivery, Delivery::id_for(event, channel).to_string());

    // given a firing whose sender stopped before sending (its delivery still pending), when the
    // sweeper runs twice, then the receiver gets it once
    let fired_at = Utc::now() - Duration::minutes(20);
    let stranded = domain::alerts::AlertEvent {
        id: Uuid::new_v4(),
        rule_id: rule.id,
        rule_name: rule.name.clone(),
        kind: "org_score_below".into(),
        severity: rule.severity,
        fired_at,
        summary: "stranded".into(),
        matched: vec![],
        notified: 0,
        channels: vec![channel],
    };
    let pending = alerts::webhook::pending(channel, &stranded);
    let state = store::alerts::state(&app.state.db, rule.id).await.unwrap();
    let next = domain::alerts::RuleState { version: state.version + 1, ..state.clone() };
    store::alerts::record(
        &app.state.db,
        &state,
        &next,
        Some((&stranded, &[], std::slice::from_ref(&pending))),
    )
    .await
    .unwrap();
    assert_eq!(alerts::webhook::sweep(&app.state, Utc::now()).await.unwrap(), 1);
    assert_eq!(alerts::webhook::sweep(&app.state, Utc::now()).await.unwrap(), 0);
    let got = receiver.take();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].delivery, pending.id.to_string());
}
