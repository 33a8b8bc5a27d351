//! The real `job-mitre-sync` binary driven with EventBridge events: a schedule tick, then the
//! API's `MitreSyncRequested` for a run it recorded.

use aegis_tests::attack_server;
use aegis_tests::events::eventbridge;
use aegis_tests::lambda::invoke;
use serde_json::{Value, json};
use std::time::Duration;

#[tokio::test]
async fn the_binary_runs_scheduled_and_requested_syncs() {
    let stack = aegis_tests::stack().await;
    let fixture = format!(
        "{}/../../shared/importers/tests/fixtures/mini-enterprise-v1.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let server = attack_server::serve(std::fs::read(fixture).unwrap(), 10).await;
    let config = platform::Config::from_lookup(|k| (k == "SECRET_KEY").then(|| "k".repeat(40))).unwrap();
    let state = stack.app_state(config).await;
    let requested =
        attack_sync::start(&state, domain::sync::Trigger::Manual, Some("admin".into())).await.unwrap();
    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("EVIDENCE_BUCKET".into(), state.config.evidence_bucket.clone()),
        ("ATTACK_TAXII_URL".into(), server.taxii_url.clone()),
        ("ATTACK_BUNDLE_URL".into(), server.bundle_url.clone()),
    ]);
    let events = vec![
        eventbridge("aws.events", "Scheduled Event", json!({})),
        eventbridge("aegis", "MitreSyncRequested", json!({ "run_id": requested.run_id, "upload_key": null })),
        // the hourly tick right after a success: nothing to do until the interval has passed
        eventbridge("aws.events", "Scheduled Event", json!({})),
    ];
    let run = invoke(env!("CARGO_BIN_EXE_job-mitre-sync"), &env, events, Duration::from_secs(60)).await;
    let out: Vec<Value> = run.outcomes.into_iter().map(|o| o.response()).collect();
    assert_eq!(out[0]["status"], "succeeded", "{}", out[0]);
    assert!(out[0]["counts"]["added"].as_u64().unwrap() > 0);
    assert_eq!(out[1]["run_id"], json!(requested.run_id));
    assert_eq!(out[1]["status"], "succeeded");
    assert_eq!(out[1]["counts"]["added"], 0, "the second run finds everything in place");
    assert!(out[2]["skipped"].is_string(), "a tick within the interval does not sync: {}", out[2]);
    let stored = store::sync_runs::get(&state.db, requested.run_id).await.unwrap().unwrap();
    assert_eq!(stored.source.as_deref(), Some("taxii"));
    let techniques =
        store::catalog::all::<domain::catalog::Technique>(&state.db, "enterprise-attack").await.unwrap();
    assert_eq!(techniques.len(), 5);
}
