//! The real `api-audit` binary driven with API Gateway HTTP API (payload 2.0) events.

use aegis_tests::events::apigw_v2;
use aegis_tests::lambda::invoke;
use domain::Role;
use serde_json::Value;
use std::time::Duration;

#[tokio::test]
async fn the_binary_serves_the_audit_log_to_admins_only() {
    let stack = aegis_tests::stack().await;
    let secret = "lambda-test-secret-lambda-test-secret-0123";
    let config = web::Config::from_lookup(|k| (k == "SECRET_KEY").then(|| secret.to_owned())).unwrap();
    let state = stack.app_state(config).await;
    let (_, admin) = aegis_tests::seed::user(&state, Role::Admin).await;
    let (_, lead) = aegis_tests::seed::user(&state, Role::RedLead).await;
    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("SECRET_KEY".into(), secret.into()),
    ]);
    let (admin_auth, lead_auth) = (format!("Bearer {admin}"), format!("Bearer {lead}"));
    let events = vec![
        apigw_v2("GET", "/api/v1/audit-logs?action=test.seed", &[("authorization", &admin_auth)], None),
        apigw_v2("GET", "/api/v1/audit-logs", &[("authorization", &lead_auth)], None),
        apigw_v2("GET", "/api/v1/audit-logs?from=yesterday", &[("authorization", &admin_auth)], None),
    ];
    let run = invoke(env!("CARGO_BIN_EXE_api-audit"), &env, events, Duration::from_secs(60)).await;
    let out: Vec<Value> = run.outcomes.into_iter().map(|o| o.response()).collect();
    assert_eq!(out[0]["statusCode"], 200);
    let body: Value = serde_json::from_str(out[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 2);
    assert_eq!(out[1]["statusCode"], 403);
    assert_eq!(out[2]["statusCode"], 422);
}
