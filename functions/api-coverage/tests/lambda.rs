//! The real `api-coverage` binary driven with API Gateway HTTP API (payload 2.0) events.

use aegis_tests::events::apigw_v2;
use aegis_tests::lambda::invoke;
use domain::Role;
use serde_json::{Value, json};
use std::time::Duration;

#[tokio::test]
async fn the_binary_serves_heatmap_layers_scores_and_role_checks() {
    let stack = aegis_tests::stack().await;
    let secret = "lambda-test-secret-lambda-test-secret-0123";
    let state = aegis_tests::seed::state_with_fixture_catalog(stack, secret).await;
    let (_, viewer) = aegis_tests::seed::user(&state, Role::Viewer).await;
    let (_, lead) = aegis_tests::seed::user(&state, Role::BlueLead).await;
    let (_, admin) = aegis_tests::seed::user(&state, Role::Admin).await;
    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("SECRET_KEY".into(), secret.into()),
    ]);
    let (viewer, lead, admin) =
        (format!("Bearer {viewer}"), format!("Bearer {lead}"), format!("Bearer {admin}"));
    let json_ct = ("content-type", "application/json");
    let weights = r#"{"tests":50,"detection_rules":20,"d3fend":10,"freshness":10,"platform_diversity":10}"#;
    let layer = json!({
        "name": "Actor profile", "domain": "enterprise-attack",
        "techniques": [{ "techniqueID": "T1001", "score": 3 }, { "techniqueID": "T9999" }]
    })
    .to_string();
    let events = vec![
        apigw_v2("GET", "/api/v1/heatmap", &[("authorization", &viewer)], None),
        apigw_v2("GET", "/api/v1/heatmap/navigator-layer", &[("authorization", &viewer)], None),
        apigw_v2("GET", "/api/v1/dashboard/executive", &[("authorization", &viewer)], None),
        apigw_v2("GET", "/api/v1/dashboard/executive", &[("authorization", &lead)], None),
        apigw_v2("PUT", "/api/v1/scores/config", &[("authorization", &lead), json_ct], Some(weights)),
        apigw_v2("PUT", "/api/v1/scores/config", &[("authorization", &admin), json_ct], Some(weights)),
        apigw_v2("GET", "/api/v1/scores/config", &[("authorization", &viewer)], None),
        apigw_v2(
            "POST",
            "/api/v1/heatmap/navigator-layer",
            &[("authorization", &viewer), json_ct],
            Some(&layer),
        ),
        apigw_v2(
            "POST",
            "/api/v1/heatmap/navigator-layer",
            &[("authorization", &lead), json_ct],
            Some(&layer),
        ),
        apigw_v2("GET", "/api/v1/heatmap?status=sideways", &[("authorization", &viewer)], None),
        apigw_v2("GET", "/api/v1/heatmap", &[], None),
    ];
    let run = invoke(env!("CARGO_BIN_EXE_api-coverage"), &env, events, Duration::from_secs(60)).await;
    let out: Vec<Value> = run.outcomes.into_iter().map(|o| o.response()).collect();
    let status = |i: usize| out[i]["statusCode"].as_u64().unwrap();
    let body = |i: usize| serde_json::from_str::<Value>(out[i]["body"].as_str().unwrap()).unwrap();

    assert_eq!(status(0), 200, "{}", out[0]);
    let heatmap = body(0);
    let tactics: Vec<&str> =
        heatmap["tactics"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert!(!tactics.is_empty());
    let techniques: usize =
        heatmap["counts"].as_object().unwrap().values().map(|v| v.as_u64().unwrap() as usize).sum();
    assert_eq!(heatmap["counts"]["not_covered"].as_u64().unwrap() as usize, techniques, "no tests yet");

    assert_eq!(status(1), 200);
    assert_eq!(body(1)["versions"]["layer"], "4.5");
    assert_eq!(body(1)["domain"], "enterprise-attack");

    assert_eq!((status(2), status(3)), (200, 200), "executive dashboard: every role, viewers too");
    assert_eq!((status(4), status(5)), (403, 200), "scoring config: admin only");
    assert_eq!(body(6)["tests"], 50);
    assert_eq!(body(6)["d3fend"], 10);

    assert_eq!((status(7), status(8)), (403, 201), "layer import: leads");
    let set = body(8);
    assert_eq!(set["name"], "Actor profile");
    assert_eq!(set["techniques"], 1);
    assert_eq!(set["unknown"], json!(["T9999"]));

    assert_eq!(status(9), 422, "a bad status filter: {}", out[9]);
    assert_eq!(status(10), 401);
}
