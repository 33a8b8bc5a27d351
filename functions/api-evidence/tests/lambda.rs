//! The real `api-evidence` binary driven with API Gateway HTTP API (payload 2.0) events.

use aegis_tests::events::apigw_v2;
use aegis_tests::lambda::invoke;
use domain::Role;
use std::time::Duration;

#[tokio::test]
async fn the_binary_guards_evidence_routes() {
    let stack = aegis_tests::stack().await;
    let secret = "lambda-test-secret-lambda-test-secret-0123";
    let config = web::Config::from_lookup(|k| (k == "SECRET_KEY").then(|| secret.to_owned())).unwrap();
    let state = stack.app_state(config).await;
    let (_, viewer) = aegis_tests::seed::user(&state, Role::Viewer).await;
    let (_, red) = aegis_tests::seed::user(&state, Role::RedTech).await;
    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("EVIDENCE_BUCKET".into(), state.config.evidence_bucket.clone()),
        ("SECRET_KEY".into(), secret.into()),
    ]);
    let missing = uuid::Uuid::new_v4();
    let path = format!("/api/v1/tests/{missing}/evidence");
    let body = r#"{"filename":"a.txt","size_bytes":3,"sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}"#;
    let json_ct = ("content-type", "application/json");
    let (viewer, red) = (format!("Bearer {viewer}"), format!("Bearer {red}"));
    let events = vec![
        apigw_v2("POST", &path, &[("authorization", &viewer), json_ct], Some(body)),
        apigw_v2("POST", &path, &[("authorization", &red), json_ct], Some(body)),
        apigw_v2("GET", &path, &[("authorization", &viewer)], None),
    ];
    let run = invoke(env!("CARGO_BIN_EXE_api-evidence"), &env, events, Duration::from_secs(60)).await;
    let out: Vec<_> = run.outcomes.into_iter().map(|o| o.response()).collect();
    assert_eq!(out[0]["statusCode"], 403, "viewers upload nothing");
    assert_eq!(out[1]["statusCode"], 404, "no such test");
    assert_eq!(out[2]["statusCode"], 404);
}
