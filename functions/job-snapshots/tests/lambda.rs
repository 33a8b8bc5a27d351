//! The real `job-snapshots` binary driven with EventBridge schedule ticks: a snapshot of every
//! synced domain, and retention of old ones.

use aegis_tests::events::eventbridge;
use aegis_tests::lambda::invoke;
use chrono::{Duration as Days, Utc};
use serde_json::{Value, json};
use std::time::Duration;

#[tokio::test]
async fn the_binary_takes_the_daily_snapshot_and_applies_retention() {
    let stack = aegis_tests::stack().await;
    let state = aegis_tests::seed::state_with_fixture_catalog(stack, &"k".repeat(40)).await;
    // A snapshot from before the retention window.
    let mut old =
        coverage::snapshot::take(&state, "enterprise-attack", "schedule", None, None).await.unwrap();
    old.meta.id = uuid::Uuid::new_v4();
    old.meta.taken_at = Utc::now() - Days::days(40);
    store::coverage::put_snapshot(&state.db, &old, None).await.unwrap();
    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("SNAPSHOT_RETENTION_DAYS".into(), "30".into()),
    ]);
    let tick = eventbridge("aws.events", "Scheduled Event", json!({}));
    let run = invoke(env!("CARGO_BIN_EXE_job-snapshots"), &env, vec![tick], Duration::from_secs(60)).await;
    let out: Vec<Value> = run.outcomes.into_iter().map(|o| o.response()).collect();
    assert_eq!(out[0], json!({ "taken": 1, "deleted": 1 }));
    let kept = store::coverage::snapshots(&state.db, "enterprise-attack", None).await.unwrap();
    assert_eq!(kept.len(), 2, "the one taken above and the job's");
    assert!(kept.iter().all(|s| s.id != old.meta.id));
    assert!(store::coverage::get_snapshot(&state.db, old.meta.id).await.unwrap().is_none());
    assert!(kept.iter().any(|s| s.trigger == "schedule" && s.taken_at > Utc::now() - Days::minutes(5)));
    let status = store::sync_runs::job_status(&state.db, "snapshots").await.unwrap().unwrap();
    assert_eq!(status.last_status, Some(domain::sync::RunStatus::Succeeded));
}
