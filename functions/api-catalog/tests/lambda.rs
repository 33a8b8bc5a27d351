//! The real `api-catalog` binary driven with API Gateway HTTP API (payload 2.0) events.

use aegis_tests::attack_server;
use aegis_tests::events::apigw_v2;
use aegis_tests::lambda::invoke;
use domain::Role;
use serde_json::Value;
use std::time::Duration;

#[tokio::test]
async fn the_binary_serves_the_catalog_and_guards_custom_objects() {
    let stack = aegis_tests::stack().await;
    let secret = "lambda-test-secret-lambda-test-secret-0123";
    let fixture = format!(
        "{}/../../shared/importers/tests/fixtures/mini-enterprise-v1.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let server = attack_server::serve(std::fs::read(fixture).unwrap(), 100).await;
    let config = web::Config::from_lookup(|k| match k {
        "SECRET_KEY" => Some(secret.to_owned()),
        "ATTACK_TAXII_URL" => Some(server.taxii_url.clone()),
        _ => None,
    })
    .unwrap();
    let state = stack.app_state(config).await;
    let run = attack_sync::start(&state, domain::sync::Trigger::Manual, None).await.unwrap();
    assert_eq!(
        attack_sync::execute(&state, run, attack_sync::Input::Fetch).await.status,
        domain::sync::RunStatus::Succeeded
    );
    let (_, viewer) = aegis_tests::seed::user(&state, Role::Viewer).await;
    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("SECRET_KEY".into(), secret.into()),
    ]);
    let auth = format!("Bearer {viewer}");
    let custom = r#"{"attack_id":"CT-1","name":"X","tactics":["execution"]}"#;
    let events = vec![
        apigw_v2("GET", "/api/v1/techniques?tactic=execution", &[("authorization", &auth)], None),
        apigw_v2("GET", "/api/v1/techniques/T1001", &[("authorization", &auth)], None),
        apigw_v2("GET", "/api/v1/tactics", &[("authorization", &auth)], None),
        apigw_v2(
            "POST",
            "/api/v1/techniques",
            &[("authorization", &auth), ("content-type", "application/json")],
            Some(custom),
        ),
        apigw_v2("GET", "/api/v1/threat-actors", &[], None),
    ];
    let run = invoke(env!("CARGO_BIN_EXE_api-catalog"), &env, events, Duration::from_secs(60)).await;
    let out: Vec<Value> = run.outcomes.into_iter().map(|o| o.response()).collect();
    let body = |i: usize| serde_json::from_str::<Value>(out[i]["body"].as_str().unwrap()).unwrap();
    assert_eq!(out[0]["statusCode"], 200, "{}", out[0]);
    let list = body(0);
    let ids: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|t| t["attack_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["T1001", "T1001.001"]);
    assert_eq!(body(1)["subtechniques"][0]["attack_id"], "T1001.001");
    assert_eq!(body(2)["items"][0]["id"], "TA0003", "the fixture matrix starts with Persistence");
    assert_eq!(out[3]["statusCode"], 403);
    assert_eq!(out[4]["statusCode"], 401);
}
