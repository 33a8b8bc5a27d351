//! Detection rules end to end: a Sigma archive imported, the rule catalog's filters, rules
//! attached to a new test of their technique, the blue side's per-rule outcomes, the
//! detection-rules score component moving when a test that saw a rule fire is validated, the
//! untested-detections report, technique detail, the coverage layer and custom rules.

use crate::helpers::import_source;
use crate::helpers::{TestApp, error_codes, problem};
use crate::workflow::{act, app_with_team, create, ok, red_body};
use serde_json::{Value, json};

fn sigma(id: &str, title: &str, tags: &[&str], level: &str) -> String {
    let tags: String = tags.iter().map(|t| format!("    - {t}\n")).collect();
    format!(
        "title: {title}\nid: {id}\nstatus: stable\ndescription: Detects {title}.\nauthor: Aegis tests\ndate: 2024-01-01\ntags:\n{tags}logsource:\n    product: windows\n    category: process_creation\ndetection:\n    selection:\n        Image|endswith: '\\\\x.exe'\n    condition: selection\nlevel: {level}\n"
    )
}

/// A GitHub-style tar.gz of Sigma rules at their upstream paths.
fn archive() -> Vec<u8> {
    let files = [
        (
            "rules/windows/process_creation/proc_creation_win_alpha.yml",
            sigma(
                "aaaaaaaa-0000-4000-8000-000000000001",
                "Alpha parent",
                &["attack.execution", "attack.t1001"],
                "high",
            ),
        ),
        (
            "rules/windows/process_creation/proc_creation_win_sub.yml",
            sigma("aaaaaaaa-0000-4000-8000-000000000002", "Alpha sub", &["attack.t1001.001"], "medium"),
        ),
        (
            "rules/windows/process_creation/proc_creation_win_delta.yml",
            sigma(
                "aaaaaaaa-0000-4000-8000-000000000003",
                "Delta",
                &["attack.initial-access", "attack.t1004"],
                "low",
            ),
        ),
        (
            "rules/windows/process_creation/proc_creation_win_none.yml",
            sigma("aaaaaaaa-0000-4000-8000-000000000004", "Unmapped", &["attack.persistence"], "low"),
        ),
    ];
    let mut builder =
        tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast()));
    for (path, text) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(text.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, format!("sigma-master/{path}"), text.as_bytes()).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

async fn import_sigma(app: &TestApp) {
    let run = import_source(app, "sigma", "sigma.tar.gz", archive()).await;
    assert_eq!(run["status"], "succeeded", "{run}");
    assert_eq!(run["counts"]["added"], 4);
}

fn titles(page: &Value) -> Vec<&str> {
    page["items"].as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn rules_attach_to_tests_and_a_validated_firing_moves_the_score_the_gaps_and_the_technique_page() {
    let (app, team) = app_with_team().await;
    import_sigma(&app).await;
    let list = async |q: &str| ok(app.get(&format!("/api/v1/detection-rules?{q}"), &team.viewer).await).await;
    assert_eq!(list("").await["total"], 4);
    assert_eq!(titles(&list("technique=T1001").await), ["Alpha parent", "Alpha sub"]);
    assert_eq!(titles(&list("mapped=false").await), ["Unmapped"]);
    assert_eq!(titles(&list("level=low&tactic=initial-access").await), ["Delta"]);
    assert_eq!(list("platform=process_creation").await["total"], 4);
    let alpha = list("q=Alpha%20parent").await["items"][0]["id"].as_str().unwrap().to_owned();
    let detail = ok(app.get(&format!("/api/v1/detection-rules/{alpha}"), &team.viewer).await).await;
    assert!(detail["raw"].as_str().unwrap().contains("condition: selection"), "{detail}");

    // A test of the sub-technique gets the rules of it and of its parent.
    let test = create(&app, &team.red_tech, "T1001.001").await;
    let attached: Vec<&str> =
        test["rules"].as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(attached, ["Alpha parent", "Alpha sub"]);
    let id = test["id"].as_str().unwrap().to_owned();
    ok(act(&app, &id, "start-execution", &team.red_tech, json!({})).await).await;
    ok(act(&app, &id, "submit-red", &team.red_tech, red_body()).await).await;

    let delta = list("q=Delta").await["items"][0]["id"].as_str().unwrap().to_owned();
    let sub = test["rules"][1]["rule_id"].as_str().unwrap().to_owned();
    let outcome = |rules: Value| {
        json!({ "outcomes": [{ "layer": "edr", "result": "alerted", "alert_name": "Alpha parent", "detected_at": "2026-11-20T10:04:00Z" }],
            "notes": "seen", "rule_outcomes": rules })
    };
    let twice = act(
        &app,
        &id,
        "submit-blue",
        &team.blue_tech,
        outcome(
            json!([{ "rule_id": alpha, "outcome": "fired" }, { "rule_id": alpha, "outcome": "not_fired" }]),
        ),
    )
    .await;
    assert_eq!(error_codes(&problem(twice, 422).await), ["duplicate"]);
    let unknown = act(
        &app,
        &id,
        "submit-blue",
        &team.blue_tech,
        outcome(json!([{ "rule_id": uuid::Uuid::new_v4(), "outcome": "fired" }])),
    )
    .await;
    assert_eq!(error_codes(&problem(unknown, 422).await), ["unknown"]);
    let submitted = ok(act(
        &app,
        &id,
        "submit-blue",
        &team.blue_tech,
        outcome(json!([
            { "rule_id": alpha, "outcome": "fired" },
            { "rule_id": sub, "outcome": "not_fired" },
            { "rule_id": delta, "outcome": "not_applicable" },
        ])),
    )
    .await)
    .await;
    let added =
        submitted["rules"].as_array().unwrap().iter().find(|r| r["rule_id"] == delta.as_str()).unwrap();
    assert_eq!(added["mapped"], false, "a rule the blue side adds joins the test, not mapped");

    // Not yet validated: the rule has not counted.
    let score = async || ok(app.get("/api/v1/scores/techniques/T1001.001", &team.viewer).await).await;
    assert_eq!(score().await["components"]["detection_rules"], 0.0);
    let dettect = async || {
        let res = app.get("/api/v1/heatmap/dettect", &team.viewer).await;
        assert_eq!(res.status(), 200);
        let doc: yaml_serde::Value = yaml_serde::from_str(&res.text().await.unwrap()).unwrap();
        assert_eq!(
            (doc["version"].as_f64(), doc["file_type"].as_str()),
            (Some(1.2), Some("technique-administration"))
        );
        doc["techniques"].as_sequence().unwrap().clone()
    };
    assert!(dettect().await.is_empty(), "nothing validated yet");
    let gaps = ok(app.get("/api/v1/detection-rules/gaps", &team.viewer).await).await;
    assert_eq!(gaps["fired"], 0);
    ok(act(&app, &id, "vote", &team.red_lead, json!({ "decision": "approve" })).await).await;
    ok(act(&app, &id, "vote", &team.blue_lead, json!({ "decision": "approve" })).await).await;

    assert_eq!(score().await["components"]["detection_rules"], 50.0, "one rule fired in a validated test");
    let exported = dettect().await;
    assert_eq!(exported.len(), 1);
    let entry = &exported[0];
    assert_eq!(entry["technique_id"].as_str(), Some("T1001.001"));
    assert_eq!(
        entry["detection"]["score_logbook"][0]["score"].as_i64(),
        Some(3),
        "alerted with one rule: good"
    );
    assert_eq!(entry["visibility"]["score_logbook"][0]["score"].as_i64(), Some(3));
    assert_eq!(entry["detection"]["location"][0].as_str(), Some("Alpha parent"));
    let gaps = ok(app.get("/api/v1/detection-rules/gaps", &team.viewer).await).await;
    assert_eq!(gaps["fired"], 1);
    let untested: Vec<&str> =
        gaps["untested"].as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(untested, ["Alpha sub", "Delta"], "mapped, current rules that never fired");
    let without: Vec<&str> = gaps["techniques_without_rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["attack_id"].as_str().unwrap())
        .collect();
    assert!(!without.contains(&"T1001") && !without.contains(&"T1004"), "{without:?}");

    let page = ok(app.get("/api/v1/techniques/T1001.001", &team.viewer).await).await;
    let rules: Vec<(&str, &Value, &Value)> = page["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["title"].as_str().unwrap(), &r["latest_outcome"], &r["mapped"]))
        .collect();
    assert_eq!(
        rules,
        [
            ("Alpha parent", &json!("fired"), &json!(false)),
            ("Alpha sub", &json!("not_fired"), &json!(true)),
            ("Delta", &json!("not_applicable"), &json!(false))
        ],
        "mapped means mapped to this very technique (Alpha parent maps T1001)"
    );

    let layer = ok(app.get("/api/v1/detection-rules/navigator-layer?source=sigma", &team.viewer).await).await;
    let scored: Vec<(&str, u64)> = layer["techniques"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["techniqueID"].as_str().unwrap(), t["score"].as_u64().unwrap()))
        .collect();
    assert!(
        scored.contains(&("T1001", 1))
            && scored.contains(&("T1001.001", 1))
            && scored.contains(&("T1004", 1)),
        "{scored:?}"
    );
    assert_eq!(layer["versions"]["layer"], "4.5");
}

#[tokio::test]
async fn the_blue_team_writes_custom_rules_and_imported_ones_change_only_by_sync() {
    let (app, team) = app_with_team().await;
    import_sigma(&app).await;
    problem(app.post("/api/v1/detection-rules", &team.red_tech, &json!({ "title": "x" })).await, 403).await;
    let bad = app
        .post(
            "/api/v1/detection-rules",
            &team.blue_tech,
            &json!({ "title": "", "technique_ids": ["T9999", "X1"] }),
        )
        .await;
    assert_eq!(error_codes(&problem(bad, 422).await), ["required", "unknown_technique", "invalid"]);
    let res = app
        .post("/api/v1/detection-rules", &team.blue_tech, &json!({ "title": "Our EDR rule", "technique_ids": ["T1004"], "level": "High", "language": "kql", "query": "process where name == 'x'" }))
        .await;
    assert_eq!(res.status(), 201);
    let rule: Value = res.json().await.unwrap();
    assert_eq!((rule["source"].as_str(), rule["level"].as_str()), (Some("custom"), Some("high")));
    let id = rule["id"].as_str().unwrap();
    let listed = ok(app.get("/api/v1/detection-rules?source=custom", &team.viewer).await).await;
    assert_eq!(titles(&listed), ["Our EDR rule"], "listed at once after the write");
    // A new test of its technique gets it.
    let test = create(&app, &team.red_tech, "T1004").await;
    let attached: Vec<&str> =
        test["rules"].as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(attached, ["Delta", "Our EDR rule"]);

    let changed = app
        .request(reqwest::Method::PUT, &format!("/api/v1/detection-rules/{id}"), Some(&team.blue_lead))
        .json(&json!({ "title": "Our EDR rule v2", "technique_ids": ["T1004"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let imported = ok(app.get("/api/v1/detection-rules?q=Delta", &team.viewer).await).await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = app
        .request(reqwest::Method::PUT, &format!("/api/v1/detection-rules/{imported}"), Some(&team.blue_lead))
        .json(&json!({ "title": "Mine now" }))
        .send()
        .await
        .unwrap();
    problem(refused, 409).await;
    assert_eq!(app.delete(&format!("/api/v1/detection-rules/{id}"), &team.blue_tech).await.status(), 204);
    problem(app.get(&format!("/api/v1/detection-rules/{id}"), &team.viewer).await, 404).await;
    assert_eq!(ok(app.get("/api/v1/detection-rules?source=custom", &team.viewer).await).await["total"], 0);
}
