//! The real `api-system` binary driven with API Gateway HTTP API (payload 2.0) events: a sync
//! request is recorded and published to the EventBridge bus (LocalStack), not run in-process.

use aegis_tests::events::apigw_v2;
use aegis_tests::lambda::invoke;
use domain::Role;
use serde_json::Value;
use std::time::Duration;

#[tokio::test]
async fn the_binary_records_and_publishes_sync_requests() {
    let stack = aegis_tests::stack().await;
    let secret = "lambda-test-secret-lambda-test-secret-0123";
    let config = web::Config::from_lookup(|k| (k == "SECRET_KEY").then(|| secret.to_owned())).unwrap();
    let state = stack.app_state(config).await;
    let (_, admin) = aegis_tests::seed::user(&state, Role::Admin).await;
    let (_, lead) = aegis_tests::seed::user(&state, Role::BlueLead).await;
    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("EVENT_BUS_NAME".into(), state.config.event_bus_name.clone()),
        ("SECRET_KEY".into(), secret.into()),
    ]);
    let (admin, lead) = (format!("Bearer {admin}"), format!("Bearer {lead}"));
    let events = vec![
        apigw_v2("POST", "/api/v1/system/sync-mitre", &[("authorization", &admin)], None),
        apigw_v2("GET", "/api/v1/system/scheduler-status", &[("authorization", &admin)], None),
        apigw_v2("POST", "/api/v1/system/sync-mitre", &[("authorization", &lead)], None),
    ];
    let run = invoke(env!("CARGO_BIN_EXE_api-system"), &env, events, Duration::from_secs(60)).await;
    let out: Vec<Value> = run.outcomes.into_iter().map(|o| o.response()).collect();
    assert_eq!(out[0]["statusCode"], 202, "{}", out[0]);
    let started: Value = serde_json::from_str(out[0]["body"].as_str().unwrap()).unwrap();
    let run_id: uuid::Uuid = started["run_id"].as_str().unwrap().parse().unwrap();
    // recorded as running: the job function (not this one) will execute it
    let recorded = store::sync_runs::get(&state.db, run_id).await.unwrap().unwrap();
    assert_eq!(recorded.status, domain::sync::RunStatus::Running);
    assert!(recorded.requested_by.is_some());
    assert_eq!(out[1]["statusCode"], 200);
    assert_eq!(out[2]["statusCode"], 403);
}
