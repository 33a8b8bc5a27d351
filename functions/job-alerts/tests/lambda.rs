//! The real `job-alerts` binary driven with the scheduled event its EventBridge schedule sends
//! (and an on-demand request): a rule whose condition holds fires once, however often the tick
//! is delivered, and the run is recorded where `scheduler-status` reads it.

use aegis_tests::events::eventbridge;
use aegis_tests::lambda::invoke;
use chrono::Utc;
use domain::Role;
use domain::alerts::{AlertKind, AlertRule, AlertSeverity, Recipients};
use serde_json::json;
use uuid::Uuid;

#[tokio::test]
async fn a_scheduled_tick_fires_a_holding_rule_once_and_records_the_run() {
    let stack = aegis_tests::stack().await;
    let state = aegis_tests::seed::state_with_fixture_catalog(stack, &"k".repeat(40)).await;
    let (lead, _) = aegis_tests::seed::user(&state, Role::BlueLead).await;
    let now = Utc::now();
    let rule = AlertRule {
        id: Uuid::new_v4(),
        name: "Organisation below 50".into(),
        description: String::new(),
        enabled: true,
        condition: AlertKind::OrgScoreBelow { threshold: 50.0 },
        severity: AlertSeverity::Critical,
        recipients: Recipients { roles: vec![], users: vec![lead.id] },
        channels: vec![],
        cooldown_minutes: 60,
        created_by: "test".into(),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let audit = domain::audit::AuditEntry {
        id: Uuid::new_v4(),
        at: now,
        actor_id: None,
        actor_username: None,
        action: "alert_rule.create".into(),
        target_type: "alert_rule".into(),
        target_id: Some(rule.id.to_string()),
        ip: None,
        summary: json!({}),
    };
    store::alerts::write_rule(&state.db, None, &rule, &audit).await.unwrap();

    let mut env = stack.env();
    env.push(("TABLE_NAME".into(), state.config.table_name.clone()));
    env.push(("SECRET_KEY".into(), "k".repeat(40)));
    let tick = || eventbridge("aws.events", "Scheduled Event", json!({}));
    let requested = Uuid::new_v4();
    let request = eventbridge("aegis.api", "AlertEvaluationRequested", json!({ "run_id": requested }));
    let run = invoke(
        env!("CARGO_BIN_EXE_job-alerts"),
        &env,
        vec![tick(), tick(), request],
        std::time::Duration::from_secs(60),
    )
    .await;
    let out: Vec<_> = run.outcomes.into_iter().map(|o| o.response()).collect();
    assert_eq!((out[0]["evaluated"].as_u64(), out[0]["fired"].as_u64()), (Some(1), Some(1)), "{}", out[0]);
    assert_eq!(out[1]["fired"], 0, "a redelivered tick is inside the cooldown: {}", out[1]);
    assert_eq!(out[2]["run_id"], requested.to_string());

    let events = store::alerts::events(&state.db, rule.id, &store::PageRequest::first(10)).await.unwrap();
    assert_eq!(events.items.len(), 1);
    assert_eq!(events.items[0].notified, 1);
    let status = store::sync_runs::job_status(&state.db, alerts::JOB_NAME).await.unwrap().unwrap();
    assert_eq!(
        (status.last_run_id, status.last_status),
        (Some(requested), Some(domain::sync::RunStatus::Succeeded))
    );
    let bell = store::notifications::list(&state.db, lead.id, true, &[], &store::PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(bell.items.iter().filter(|n| n.kind == alerts::NOTIFICATION_KIND).count(), 1);
}
