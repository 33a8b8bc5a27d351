//! The real `api-users` binary driven with API Gateway HTTP API (payload 2.0) events.

use aegis_tests::events::apigw_v2;
use aegis_tests::lambda::invoke;
use domain::Role;
use serde_json::Value;
use std::time::Duration;

#[tokio::test]
async fn the_binary_lists_and_creates_users_for_admins_only() {
    let stack = aegis_tests::stack().await;
    let secret = "lambda-test-secret-lambda-test-secret-0123";
    let config = web::Config::from_lookup(|k| (k == "SECRET_KEY").then(|| secret.to_owned())).unwrap();
    let state = stack.app_state(config).await;
    let (_, admin) = aegis_tests::seed::user(&state, Role::Admin).await;
    let (_, viewer) = aegis_tests::seed::user(&state, Role::Viewer).await;
    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("SECRET_KEY".into(), secret.into()),
    ]);
    let bearer = |t: &str| format!("Bearer {t}");
    let (admin_auth, viewer_auth) = (bearer(&admin), bearer(&viewer));
    let create = r#"{"username":"from-lambda","password":"From-Lambda-Passw0rd","role":"blue_tech"}"#;
    let json_ct = ("content-type", "application/json");
    let events = vec![
        apigw_v2("POST", "/api/v1/users", &[("authorization", &admin_auth), json_ct], Some(create)),
        apigw_v2("GET", "/api/v1/users?limit=10", &[("authorization", &admin_auth)], None),
        apigw_v2("GET", "/api/v1/users", &[("authorization", &viewer_auth)], None),
    ];
    let run = invoke(env!("CARGO_BIN_EXE_api-users"), &env, events, Duration::from_secs(60)).await;
    let out: Vec<Value> = run.outcomes.into_iter().map(|o| o.response()).collect();
    assert_eq!(out[0]["statusCode"], 201, "{}", out[0]);
    let list: Value = serde_json::from_str(out[1]["body"].as_str().unwrap()).unwrap();
    let names: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap()).collect();
    assert!(names.contains(&"from-lambda"), "{names:?}");
    assert_eq!(names.len(), 3);
    assert_eq!(out[2]["statusCode"], 403);
    // the audit entry carries API Gateway's source IP
    let entries =
        store::audit::list(&state.db, &Default::default(), &store::PageRequest::first(10)).await.unwrap();
    let create = entries.items.iter().find(|e| e.action == "user.create").unwrap();
    assert_eq!(create.ip.as_deref(), Some("198.51.100.7"));
}
