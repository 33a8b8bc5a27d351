//! The real `api-notifications` binary driven with API Gateway HTTP API (payload 2.0) events.

use aegis_tests::events::apigw_v2;
use aegis_tests::lambda::invoke;
use domain::Role;
use serde_json::Value;
use std::time::Duration;

#[tokio::test]
async fn the_binary_serves_the_callers_notifications() {
    let stack = aegis_tests::stack().await;
    let secret = "lambda-test-secret-lambda-test-secret-0123";
    let config = web::Config::from_lookup(|k| (k == "SECRET_KEY").then(|| secret.to_owned())).unwrap();
    let state = stack.app_state(config).await;
    let (user, token) = aegis_tests::seed::user(&state, Role::Viewer).await;
    let n = domain::validation::Notification {
        id: uuid::Uuid::new_v4(),
        user_id: user.id,
        kind: "test_validated".into(),
        message: "done".into(),
        test_id: None,
        rule_id: None,
        campaign_id: None,
        created_at: chrono::Utc::now(),
        read: false,
    };
    store::notifications::put(&state.db, &n).await.unwrap();
    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("SECRET_KEY".into(), secret.into()),
    ]);
    let auth = format!("Bearer {token}");
    let events = vec![
        apigw_v2("GET", "/api/v1/notifications/unread-count", &[("authorization", &auth)], None),
        apigw_v2("POST", &format!("/api/v1/notifications/{}/read", n.id), &[("authorization", &auth)], None),
        apigw_v2("GET", "/api/v1/notifications/unread-count", &[("authorization", &auth)], None),
        apigw_v2("GET", "/api/v1/notifications", &[], None),
    ];
    let run = invoke(env!("CARGO_BIN_EXE_api-notifications"), &env, events, Duration::from_secs(60)).await;
    let out: Vec<Value> = run.outcomes.into_iter().map(|o| o.response()).collect();
    let body = |i: usize| serde_json::from_str::<Value>(out[i]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body(0)["count"], 1);
    assert_eq!(out[1]["statusCode"], 200);
    assert_eq!(body(2)["count"], 0);
    assert_eq!(out[3]["statusCode"], 401);
}
