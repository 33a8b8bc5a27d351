//! The real `job-events` consumer binary driven with an EventBridge event as the bus rule
//! delivers it.

use aegis_tests::events::eventbridge;
use aegis_tests::lambda::invoke;
use chrono::Utc;
use domain::Role;
use domain::validation::{HistoryEntry, Severity, Test, TestState, Votes};
use serde_json::json;
use std::time::Duration;
use uuid::Uuid;

#[tokio::test]
async fn the_binary_turns_a_transition_into_notifications() {
    let stack = aegis_tests::stack().await;
    let config = platform::Config::from_lookup(|k| (k == "SECRET_KEY").then(|| "k".repeat(40))).unwrap();
    let state = stack.app_state(config).await;
    let (blue, _) = aegis_tests::seed::user(&state, Role::BlueTech).await;
    let (red, _) = aegis_tests::seed::user(&state, Role::RedTech).await;
    let now = Utc::now();
    let test = Test {
        id: Uuid::new_v4(),
        title: "Phish".into(),
        technique_id: "T1566".into(),
        technique_name: "Phishing".into(),
        tactics: vec!["initial-access".into()],
        domain: "enterprise-attack".into(),
        procedure: String::new(),
        platform: None,
        severity: Severity::High,
        target_host: None,
        state: TestState::BlueEvaluating,
        created_by: red.username.to_string(),
        assigned_red: None,
        assigned_blue: None,
        assigned_red_id: None,
        assigned_blue_id: None,
        created_by_id: None,
        red: None,
        blue: None,
        votes: Votes::default(),
        round: 1,
        retest_of: None,
        retests: vec![],
        template_id: None,
        template_hash: None,
        cleanup: None,
        rules: vec![],
        campaign_id: None,
        depends_on: vec![],
        created_at: now,
        updated_at: now,
        validated_at: None,
        version: 1,
    };
    let history = HistoryEntry {
        id: Uuid::new_v4(),
        test_id: test.id,
        at: now,
        actor: "x".into(),
        action: "create".into(),
        from: None,
        to: None,
        comment: None,
    };
    let audit = domain::audit::AuditEntry {
        id: Uuid::new_v4(),
        at: now,
        actor_id: None,
        actor_username: None,
        action: "test.create".into(),
        target_type: "test".into(),
        target_id: None,
        ip: None,
        summary: json!({}),
    };
    store::validation::create(&state.db, &test, &history, &audit).await.unwrap();
    let detail = json!({ "test_id": test.id, "title": "Phish", "technique_id": "T1566", "domain": "enterprise-attack",
        "action": "submit_red", "from": "red_executing", "to": "blue_evaluating", "actor": red.username.as_str(), "actor_id": red.id });
    let mut env = stack.env();
    env.push(("TABLE_NAME".into(), state.config.table_name.clone()));
    let events = vec![
        eventbridge("aegis", "TestTransitioned", detail.clone()),
        eventbridge("aegis", "TestTransitioned", detail),
        eventbridge("aegis", "SomethingElse", json!({})),
    ];
    let run = invoke(env!("CARGO_BIN_EXE_job-events"), &env, events, Duration::from_secs(60)).await;
    let out: Vec<_> = run.outcomes.into_iter().map(|o| o.response()).collect();
    assert_eq!(out[0]["handled"], "Notified(1)");
    assert_eq!(out[2]["handled"], "Ignored");
    assert_eq!(
        store::notifications::unread_count(&state.db, blue.id, &[]).await.unwrap(),
        1,
        "a redelivery adds nothing"
    );
    assert_eq!(
        store::notifications::unread_count(&state.db, red.id, &[]).await.unwrap(),
        0,
        "the actor is not notified"
    );
}

/// The outbox sweep's schedule sends a fixed input (`template.yaml`), not an event of the bus:
/// the binary must read it as the template writes it.
#[tokio::test]
async fn the_binary_sweeps_the_outbox_on_the_schedules_own_input() {
    let template =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../template.yaml")).unwrap();
    let input = template
        .lines()
        .filter_map(|l| l.trim().strip_prefix("Input: '")?.strip_suffix('\'').map(str::to_owned))
        .find(|input| input.contains("OutboxSweep"))
        .expect("the sweep schedule's input");
    let stack = aegis_tests::stack().await;
    let config = platform::Config::from_lookup(|k| (k == "SECRET_KEY").then(|| "k".repeat(40))).unwrap();
    let state = stack.app_state(config).await;
    let mut env = stack.env();
    env.push(("TABLE_NAME".into(), state.config.table_name.clone()));
    let event: serde_json::Value = serde_json::from_str(&input).unwrap();
    let run = invoke(env!("CARGO_BIN_EXE_job-events"), &env, vec![event], Duration::from_secs(60)).await;
    let out: Vec<_> = run.outcomes.into_iter().map(|o| o.response()).collect();
    assert_eq!(out[0]["handled"], "Swept { published: 0, failed: 0 }");
}
