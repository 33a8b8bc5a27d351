//! The real `api-auth` binary, run under an emulated Lambda Runtime API and fed API Gateway
//! HTTP API (payload 2.0) events, against the local stack.

use aegis_tests::events::apigw_v2;
use aegis_tests::lambda::invoke;
use serde_json::Value;
use std::time::Duration;

const PASSWORD: &str = "Lambda-Admin-Passw0rd";

#[tokio::test]
async fn the_binary_serves_health_login_and_me_from_api_gateway_events() {
    let stack = aegis_tests::stack().await;
    let config = web::Config::from_lookup(|k| match k {
        "ADMIN_PASSWORD" => Some(PASSWORD.into()),
        "SECRET_KEY" => Some("lambda-test-secret-lambda-test-secret-0123".into()),
        _ => None,
    })
    .unwrap();
    let state = stack.app_state(config).await;
    // The admin exists before the function starts (the bootstrap function's work when deployed).
    auth::bootstrap::ensure_initial_admin(&state).await.unwrap();
    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("SECRET_KEY".into(), "lambda-test-secret-lambda-test-secret-0123".into()),
        ("RUST_LOG".into(), "warn".into()),
    ]);
    let login = format!(r#"{{"username":"admin","password":"{PASSWORD}"}}"#);
    let events = vec![
        apigw_v2("GET", "/health", &[], None),
        apigw_v2("POST", "/api/v1/auth/login", &[("content-type", "application/json")], Some(&login)),
        apigw_v2(
            "POST",
            "/api/v1/auth/login",
            &[("content-type", "application/json")],
            Some(r#"{"username":"admin","password":"nope"}"#),
        ),
        apigw_v2("GET", "/api/v1/auth/me", &[], None),
    ];
    let run = invoke(env!("CARGO_BIN_EXE_api-auth"), &env, events, Duration::from_secs(60)).await;
    let mut out = run.outcomes.into_iter().map(|o| o.response());

    let health = out.next().unwrap();
    assert_eq!(health["statusCode"], 200);
    assert_eq!(
        serde_json::from_str::<Value>(health["body"].as_str().unwrap()).unwrap(),
        serde_json::json!({"status": "ok"})
    );

    // the admin can log in; API Gateway v2 returns cookies apart
    let ok = out.next().unwrap();
    assert_eq!(ok["statusCode"], 200, "{ok}");
    let body: Value = serde_json::from_str(ok["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["user"]["username"], "admin");
    let cookies = ok["cookies"].as_array().expect("cookies in the v2 response");
    assert!(cookies[0].as_str().unwrap().starts_with("aegis_token="));

    let wrong = out.next().unwrap();
    assert_eq!(wrong["statusCode"], 401);
    assert_eq!(wrong["headers"]["content-type"], "application/problem+json");

    let anonymous = out.next().unwrap();
    assert_eq!(anonymous["statusCode"], 401);
}
