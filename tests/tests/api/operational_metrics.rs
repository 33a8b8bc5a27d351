//! `GET /metrics/operational` over tests validated through the API: the values match the
//! dataset's hand-computed ones, the window, tactic and team filters apply, bad input is a 422.
//! (The computations themselves are pinned by `domain::metrics`' hand-computed table test.)

use crate::helpers::{error_codes, problem};
use crate::workflow::{Team, act, app_with_team, create, ok, red_body};
use serde_json::{Value, json};

async fn validated(app: &crate::helpers::TestApp, team: &Team, technique: &str, blue: Value) -> Value {
    let test = create(app, &team.red_tech, technique).await;
    let id = test["id"].as_str().unwrap();
    ok(act(app, id, "start-execution", &team.red_tech, json!({})).await).await;
    ok(act(app, id, "submit-red", &team.red_tech, red_body()).await).await;
    ok(act(app, id, "submit-blue", &team.blue_tech, blue).await).await;
    ok(act(app, id, "vote", &team.red_lead, json!({ "decision": "approve" })).await).await;
    ok(act(app, id, "vote", &team.blue_lead, json!({ "decision": "approve" })).await).await;
    test
}

fn layer(result: &str) -> Value {
    // Executed at 10:00 (red_body), seen at 10:04: 240 s.
    json!({ "outcomes": [{ "layer": "edr", "result": result, "alert_name": "Rule", "detected_at": "2026-11-20T10:04:00Z" }], "notes": "" })
}

#[tokio::test]
async fn operational_metrics_over_validated_tests_with_filters_and_refusals() {
    let (app, team) = app_with_team().await;
    let first = validated(&app, &team, "T1001", layer("alerted")).await;
    validated(&app, &team, "T1001", layer("logged")).await;
    validated(
        &app,
        &team,
        "T1004",
        json!({ "outcomes": [{ "layer": "edr", "result": "none" }], "notes": "" }),
    )
    .await;

    let m = ok(app.get("/api/v1/metrics/operational", &team.viewer).await).await;
    assert_eq!((m["validated_tests"].as_u64(), m["capped"].as_bool()), (Some(3), Some(false)));
    // MTTD: only the alert counts overall; per layer the log counts too.
    assert_eq!(m["mttd"]["overall"], json!({ "median_secs": 240.0, "mean_secs": 240.0, "n": 1 }));
    assert_eq!(m["mttd"]["by_layer"]["edr"]["n"], 2);
    // Efficacy: 1 of 3 executed attacks alerted; fidelity: 1 of 2 detections was an alert.
    assert_eq!(m["detection_efficacy"], json!({ "part": 1, "whole": 3, "pct": 33.3 }));
    assert_eq!(m["alert_fidelity"], json!({ "part": 1, "whole": 2, "pct": 50.0 }));
    assert_eq!(m["weekly"].as_array().unwrap().len(), 1);
    assert_eq!(m["weekly"][0]["validated_tests"], 3);
    let people: Vec<(&str, &str)> = m["by_person"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["name"].as_str().unwrap(), b["team"].as_str().unwrap()))
        .collect();
    assert_eq!(people, [(team.blue_tech_name.as_str(), "blue"), (team.red_tech_name.as_str(), "red")]);

    // the tactic filter keeps that tactic's tests; the team filter keeps that team's rows
    let tactic = first["tactics"][0].as_str().unwrap();
    let of_tactic =
        ok(app.get(&format!("/api/v1/metrics/operational?tactic={tactic}"), &team.viewer).await).await;
    assert!(of_tactic["validated_tests"].as_u64().unwrap() >= 1);
    let blue = ok(app.get("/api/v1/metrics/operational?team=blue", &team.viewer).await).await;
    assert_eq!(blue["by_team"].as_array().unwrap().len(), 1);
    assert!(blue["by_person"].as_array().unwrap().iter().all(|b| b["team"] == "blue"));
    // a window before the tests validated holds none
    let past = ok(app
        .get("/api/v1/metrics/operational?from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z", &team.viewer)
        .await)
    .await;
    assert_eq!(
        (past["validated_tests"].as_u64(), &past["mttd"]["overall"]["median_secs"]),
        (Some(0), &Value::Null)
    );

    for (query, code) in [
        ("from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z", "range"),
        ("from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "range"),
        ("team=green", "unknown"),
        ("tactic=moon", "unknown"),
    ] {
        let p =
            problem(app.get(&format!("/api/v1/metrics/operational?{query}"), &team.viewer).await, 422).await;
        assert_eq!(error_codes(&p), [code], "{query}");
    }
    problem(app.get("/api/v1/metrics/operational?from=yesterday", &team.viewer).await, 422).await;
}
