//! The real `api-tests` binary driven with API Gateway HTTP API (payload 2.0) events.

use aegis_tests::events::apigw_v2;
use aegis_tests::lambda::invoke;
use domain::Role;
use serde_json::Value;
use std::time::Duration;

#[tokio::test]
async fn the_binary_runs_the_workflow_with_role_and_state_checks() {
    let stack = aegis_tests::stack().await;
    let secret = "lambda-test-secret-lambda-test-secret-0123";
    let state = aegis_tests::seed::state_with_fixture_catalog(stack, secret).await;
    let (_, red) = aegis_tests::seed::user(&state, Role::RedTech).await;
    let (_, blue) = aegis_tests::seed::user(&state, Role::BlueTech).await;
    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("EVENT_BUS_NAME".into(), state.config.event_bus_name.clone()),
        ("SECRET_KEY".into(), secret.into()),
    ]);
    let (red, blue) = (format!("Bearer {red}"), format!("Bearer {blue}"));
    let json_ct = ("content-type", "application/json");
    let create = r#"{"title":"WMI exec","technique_id":"T1001","severity":"medium"}"#;
    let first = vec![apigw_v2("POST", "/api/v1/tests", &[("authorization", &red), json_ct], Some(create))];
    let run = invoke(env!("CARGO_BIN_EXE_api-tests"), &env, first, Duration::from_secs(60)).await;
    let created = run.outcomes.into_iter().next().unwrap().response();
    assert_eq!(created["statusCode"], 201, "{created}");
    let id = serde_json::from_str::<Value>(created["body"].as_str().unwrap()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let start = format!("/api/v1/tests/{id}/start-execution");
    let events = vec![
        apigw_v2("POST", &start, &[("authorization", &blue)], None),
        apigw_v2("POST", &start, &[("authorization", &red)], None),
        apigw_v2("POST", &start, &[("authorization", &red)], None),
        apigw_v2("GET", "/api/v1/tests/my-tasks", &[("authorization", &red)], None),
    ];
    let run = invoke(env!("CARGO_BIN_EXE_api-tests"), &env, events, Duration::from_secs(60)).await;
    let out: Vec<Value> = run.outcomes.into_iter().map(|o| o.response()).collect();
    assert_eq!(out[0]["statusCode"], 403, "blue tech may not start");
    assert_eq!(out[1]["statusCode"], 200);
    assert_eq!(out[2]["statusCode"], 409, "already executing");
    let tasks: Value = serde_json::from_str(out[3]["body"].as_str().unwrap()).unwrap();
    assert_eq!(tasks["items"][0]["state"], "red_executing");
}
