//! The real `api-reports` binary driven with API Gateway HTTP API (payload 2.0) events.

use aegis_tests::events::apigw_v2;
use aegis_tests::lambda::invoke;
use domain::Role;
use serde_json::Value;
use std::time::Duration;

#[tokio::test]
async fn the_binary_serves_reports_as_json_and_csv() {
    let stack = aegis_tests::stack().await;
    let secret = "lambda-test-secret-lambda-test-secret-0123";
    let state = aegis_tests::seed::state_with_fixture_catalog(stack, secret).await;
    let techniques: Vec<String> =
        store::catalog::all::<domain::catalog::Technique>(&state.db, "enterprise-attack")
            .await
            .unwrap()
            .into_iter()
            .filter(|t| t.lifecycle.is_active())
            .map(|t| t.attack_id)
            .collect();
    let (_, viewer) = aegis_tests::seed::user(&state, Role::Viewer).await;
    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("SECRET_KEY".into(), secret.into()),
    ]);
    let viewer = format!("Bearer {viewer}");
    let events = vec![
        apigw_v2("GET", "/api/v1/reports/coverage-summary", &[("authorization", &viewer)], None),
        apigw_v2("GET", "/api/v1/reports/coverage-csv", &[("authorization", &viewer)], None),
        apigw_v2("GET", "/api/v1/reports/test-results?format=csv", &[("authorization", &viewer)], None),
        apigw_v2("GET", "/api/v1/reports/test-results?format=xml", &[("authorization", &viewer)], None),
        apigw_v2("GET", "/api/v1/reports/coverage-summary", &[], None),
    ];
    let run = invoke(env!("CARGO_BIN_EXE_api-reports"), &env, events, Duration::from_secs(60)).await;
    let out: Vec<Value> = run.outcomes.into_iter().map(|o| o.response()).collect();
    let status = |i: usize| out[i]["statusCode"].as_u64().unwrap();
    let text = |i: usize| {
        let body = out[i]["body"].as_str().unwrap_or_default();
        if out[i]["isBase64Encoded"] == true {
            use base64::Engine;
            String::from_utf8(base64::engine::general_purpose::STANDARD.decode(body).unwrap()).unwrap()
        } else {
            body.to_owned()
        }
    };

    assert_eq!(status(0), 200, "{}", out[0]);
    let summary: Value = serde_json::from_str(&text(0)).unwrap();
    assert!(summary.is_object());

    assert_eq!(status(1), 200, "{}", out[1]);
    assert!(out[1]["headers"]["content-type"].as_str().unwrap().starts_with("text/csv"));
    let csv = text(1);
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let ids: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
    let mut expected = techniques.clone();
    expected.sort();
    let mut got = ids.clone();
    got.sort();
    assert_eq!(got, expected, "one row per active technique");

    assert_eq!(status(2), 200);
    let header = text(2).trim_start_matches('\u{feff}').lines().next().unwrap_or_default().to_owned();
    assert!(header.contains("state"), "{header}");
    assert_eq!(status(3), 400, "{}", out[3]);
    assert_eq!(status(4), 401);
}
