//! Coverage, scores, heatmap, Navigator layers, reports and snapshots over HTTP. Every expected
//! score is derived here from the formula in docs/SCORING.md, not read back from the code.

use crate::helpers::{TestApp, error_codes, problem};
use crate::workflow::{Team, act, app_with_team, create, ok, red_body};
use serde_json::{Value, json};

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// docs/SCORING.md: Σ weight × value over available components / Σ weight (D3FEND unavailable).
fn expected(w: [f64; 5], tests: f64, rules: f64, freshness: f64, diversity: f64) -> f64 {
    let [wt, wr, _wd, wf, wp] = w;
    let denom = wt + wr + wf + wp;
    if denom == 0.0 {
        0.0
    } else {
        round1((wt * tests + wr * rules + wf * freshness + wp * diversity) / denom)
    }
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() { 0.0 } else { round1(xs.iter().sum::<f64>() / xs.len() as f64) }
}

/// Validates a test of `technique` on `platform` with the blue `result` and `alert`.
async fn validated(
    app: &TestApp,
    team: &Team,
    technique: &str,
    title: &str,
    platform: &str,
    result: &str,
    alert: Option<&str>,
) -> String {
    let body = json!({ "title": title, "technique_id": technique, "severity": "high", "platform": platform });
    let res = app.post("/api/v1/tests", &team.red_tech, &body).await;
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    ok(act(app, &id, "start-execution", &team.red_tech, json!({})).await).await;
    ok(act(app, &id, "submit-red", &team.red_tech, red_body()).await).await;
    let blue = json!({ "outcomes": [{ "layer": "siem", "result": result, "alert_name": alert, "detected_at": "2026-11-20T10:01:00Z" }] });
    ok(act(app, &id, "submit-blue", &team.blue_tech, blue).await).await;
    ok(act(app, &id, "vote", &team.red_lead, json!({ "decision": "approve" })).await).await;
    ok(act(app, &id, "vote", &team.blue_lead, json!({ "decision": "approve" })).await).await;
    id
}

fn cells(heatmap: &Value) -> Vec<(String, String, f64, String)> {
    let mut out = Vec::new();
    for t in heatmap["tactics"].as_array().unwrap() {
        for c in t["techniques"].as_array().unwrap() {
            for x in std::iter::once(c).chain(c["subtechniques"].as_array().unwrap().iter()) {
                out.push((
                    t["shortname"].as_str().unwrap().to_owned(),
                    x["attack_id"].as_str().unwrap().to_owned(),
                    x["score"].as_f64().unwrap(),
                    x["status"].as_str().unwrap().to_owned(),
                ));
            }
        }
    }
    out
}

#[tokio::test]
async fn scores_follow_the_documented_formula_including_runtime_weights() {
    let (app, team) = app_with_team().await;
    validated(&app, &team, "T1001", "Encoded PowerShell", "Windows", "alerted", Some("PS encoded command"))
        .await;
    validated(&app, &team, "T1004", "Phishing attachment", "Linux", "logged", None).await;
    create(&app, &team.red_tech, "T1001.001").await; // a draft: in progress, scores nothing

    let w = [40.0, 20.0, 15.0, 15.0, 10.0];
    // T1001: alerted 85; no catalog rule recorded as fired (an alert name alone does not count,
    // docs/SCORING.md; tests/tests/api/rules.rs fires one) 0; fresh 100; Windows of Windows+Linux 50
    let t1001 = expected(w, 85.0, 0.0, 100.0, 50.0);
    // T1004: logged 40; no rule fired; fresh 100; Linux of 3 platforms 33.3…
    let t1004 = expected(w, 40.0, 0.0, 100.0, 100.0 / 3.0);
    let by_id = |id: &str| match id {
        "T1001" => t1001,
        "T1004" => t1004,
        _ => 0.0,
    };

    let s: Value = ok(app.get("/api/v1/scores/techniques/T1001", &team.viewer).await).await;
    assert_eq!(s["score"].as_f64().unwrap(), t1001, "{s}");
    assert_eq!(s["components"]["d3fend"], Value::Null, "D3FEND is not available");
    let heat: Value = ok(app.get("/api/v1/heatmap", &team.viewer).await).await;
    let cells = cells(&heat);
    for (_, id, score, _) in &cells {
        assert_eq!(*score, by_id(id), "{id}");
    }
    let statuses: std::collections::HashMap<_, _> =
        cells.iter().map(|(_, id, _, st)| (id.as_str(), st.as_str())).collect();
    assert_eq!(statuses["T1001"], "validated");
    assert_eq!(statuses["T1004"], "partial");
    assert_eq!(statuses["T1001.001"], "in_progress");
    // tactic = mean of its cells; organisation = mean of the tactics that show techniques
    let scores: Value = ok(app.get("/api/v1/scores", &team.viewer).await).await;
    let mut tactic_scores = Vec::new();
    for t in scores["tactics"].as_array().unwrap() {
        let mine: Vec<f64> =
            cells.iter().filter(|c| c.0 == t["shortname"].as_str().unwrap()).map(|c| by_id(&c.1)).collect();
        assert_eq!(t["score"].as_f64().unwrap(), mean(&mine), "{t}");
        if !mine.is_empty() {
            tactic_scores.push(mean(&mine));
        }
    }
    assert_eq!(scores["org_score"].as_f64().unwrap(), mean(&tactic_scores));
    assert_eq!(heat["org_score"], scores["org_score"]);
    // G0001 uses T1001 and T1004 in the fixture
    let g: Value = ok(app.get("/api/v1/scores/threat-actors/G0001", &team.viewer).await).await;
    // the actor's techniques that are current (revoked and deprecated ones are not scored)
    let shown: std::collections::HashSet<&str> = cells.iter().map(|c| c.1.as_str()).collect();
    let used: Vec<f64> = ok(app.get("/api/v1/threat-actors/G0001", &team.viewer).await).await["techniques"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["attack_id"].as_str())
        .filter(|id| shown.contains(id))
        .map(by_id)
        .collect();
    assert_eq!(g["score"].as_f64().unwrap(), mean(&used), "{g}");

    // weights change at runtime (admin only), every score follows
    let tests_only =
        json!({ "tests": 100, "detection_rules": 0, "d3fend": 0, "freshness": 0, "platform_diversity": 0 });
    problem(
        app.request(reqwest::Method::PUT, "/api/v1/scores/config", Some(&team.red_lead))
            .json(&tests_only)
            .send()
            .await
            .unwrap(),
        403,
    )
    .await;
    let zero =
        json!({ "tests": 0, "detection_rules": 0, "d3fend": 0, "freshness": 0, "platform_diversity": 0 });
    let p = problem(
        app.request(reqwest::Method::PUT, "/api/v1/scores/config", Some(&app.admin_token))
            .json(&zero)
            .send()
            .await
            .unwrap(),
        422,
    )
    .await;
    assert_eq!(error_codes(&p), ["zero"]);
    let res = app
        .request(reqwest::Method::PUT, "/api/v1/scores/config", Some(&app.admin_token))
        .json(&tests_only)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(ok(app.get("/api/v1/scores/config", &team.viewer).await).await, tests_only);
    let s: Value = ok(app.get("/api/v1/scores/techniques/T1004", &team.viewer).await).await;
    assert_eq!(
        s["score"].as_f64().unwrap(),
        expected([100.0, 0.0, 0.0, 0.0, 0.0], 40.0, 0.0, 100.0, 100.0 / 3.0)
    );
    assert_eq!(s["score"].as_f64().unwrap(), 40.0);
    assert_eq!(app.audit("action=scores.config").await.len(), 1);

    // filters
    let windows: Value = ok(app.get("/api/v1/heatmap?status=validated", &team.viewer).await).await;
    assert!(self::cells(&windows).iter().all(|c| c.3 == "validated"));
    let actor: Value = ok(app.get("/api/v1/heatmap?threat_actor=G0001", &team.viewer).await).await;
    assert!(!self::cells(&actor).is_empty());
    problem(app.get("/api/v1/heatmap?threat_actor=G9999", &team.viewer).await, 404).await;
    problem(app.get("/api/v1/heatmap?status=great", &team.viewer).await, 422).await;
}

fn navlayers_python() -> String {
    let tools = std::env::var("AEGIS_TOOLS_DIR")
        .unwrap_or_else(|_| format!("{}/.cache/aegis/tools", std::env::var("HOME").unwrap()));
    let python = format!("{tools}/bench-venv/bin/python");
    assert!(
        std::path::Path::new(&python).exists(),
        "{python} missing: make test installs mitreattack-python (infra/scripts/test.sh)"
    );
    python
}

#[tokio::test]
async fn the_navigator_layer_reads_back_in_mitreattack_python_and_layers_import_as_sets() {
    let (app, team) = app_with_team().await;
    validated(&app, &team, "T1001", "PS", "Windows", "prevented", Some("Blocked PS")).await;
    let heat: Value = ok(app.get("/api/v1/heatmap", &team.viewer).await).await;
    let res = app.get("/api/v1/heatmap/navigator-layer", &team.viewer).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    let layer: Value = res.json().await.unwrap();
    assert_eq!(layer["versions"]["layer"], "4.5");
    assert_eq!(layer["domain"], "enterprise-attack");
    // the layer matches the heatmap cell for cell
    let from_heat: Vec<(String, String, f64)> =
        cells(&heat).into_iter().map(|(t, id, s, _)| (t, id, s)).collect();
    let from_layer: Vec<(String, String, f64)> = layer["techniques"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["tactic"].as_str().unwrap().to_owned(),
                t["techniqueID"].as_str().unwrap().to_owned(),
                t["score"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(from_layer, from_heat);
    // and mitreattack-python's layer reader accepts it
    let dir = std::env::temp_dir().join(format!("aegis-layer-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("layer.json");
    std::fs::write(&path, serde_json::to_vec(&layer).unwrap()).unwrap();
    let script = "import sys\nfrom mitreattack.navlayers import Layer\nl = Layer()\nl.from_file(sys.argv[1])\nd = l.to_dict()\nprint('READ', len(d['techniques']), d['versions']['layer'], d['domain'], len(d['filters']['platforms']))";
    let out =
        std::process::Command::new(navlayers_python()).arg("-c").arg(script).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !printed.contains("missing") && !printed.contains("not present"),
        "the reader complained: {printed}"
    );
    let read = printed.lines().find(|l| l.starts_with("READ")).unwrap_or_else(|| panic!("{printed}{stderr}"));
    assert_eq!(read, format!("READ {} 4.5 enterprise-attack 3", from_layer.len()), "Windows, Linux, macOS");

    // a layer comes back in as a technique set to compare coverage against
    let profile = json!({ "name": "Fixture Panda profile", "domain": "enterprise-attack", "versions": { "layer": "4.5" },
        "techniques": [{ "techniqueID": "T1001", "score": 5 }, { "techniqueID": "T1004" }, { "techniqueID": "T9999" }] });
    problem(app.post("/api/v1/heatmap/navigator-layer", &team.viewer, &profile).await, 403).await;
    let res = app.post("/api/v1/heatmap/navigator-layer", &team.blue_lead, &profile).await;
    assert_eq!(res.status(), 201);
    let set: Value = res.json().await.unwrap();
    assert_eq!((set["techniques"].clone(), set["unknown"].clone()), (json!(2), json!(["T9999"])));
    assert_eq!(set["counts"]["validated"], 1);
    assert_eq!(set["coverage_pct"], 50.0);
    let only: Value = ok(app
        .get(&format!("/api/v1/heatmap?technique_set={}", set["id"].as_str().unwrap()), &team.viewer)
        .await)
    .await;
    let mut ids: Vec<String> = cells(&only).into_iter().map(|c| c.1).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids, ["T1001", "T1004"]);
    let bad = problem(
        app.post(
            "/api/v1/heatmap/navigator-layer",
            &team.blue_lead,
            &json!({ "techniques": [{ "techniqueID": "=cmd" }] }),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(error_codes(&bad), ["invalid_layer"]);
    // gaps: the layer and CSV hold only what is not (fully) covered
    let gaps: Value = ok(app.get("/api/v1/heatmap/gaps", &team.viewer).await).await;
    assert!(gaps["techniques"].as_array().unwrap().iter().all(|t| t["techniqueID"] != "T1001"));
    let csv = app.get("/api/v1/heatmap/gaps?format=csv", &team.viewer).await.text().await.unwrap();
    assert!(csv.contains("T1004") && !csv.contains("T1001,"), "{csv}");
    // ... and, against a technique set, only the set's gaps
    let all_gaps: Vec<String> = parse_csv(&csv).iter().map(|r| r[0].to_owned()).collect();
    let set_csv = app
        .get(
            &format!("/api/v1/heatmap/gaps?format=csv&technique_set={}", set["id"].as_str().unwrap()),
            &team.viewer,
        )
        .await
        .text()
        .await
        .unwrap();
    let set_gaps: Vec<String> = parse_csv(&set_csv).iter().map(|r| r[0].to_owned()).collect();
    assert_eq!(set_gaps, ["T1004"]);
    assert!(all_gaps.len() > set_gaps.len(), "{all_gaps:?}");
    // a layer none of whose techniques the catalog knows is refused, not stored as an empty set
    let foreign =
        json!({ "name": "ICS", "domain": "enterprise-attack", "techniques": [{ "techniqueID": "T0800" }] });
    let refused =
        problem(app.post("/api/v1/heatmap/navigator-layer", &team.blue_lead, &foreign).await, 422).await;
    assert_eq!(error_codes(&refused), ["no_known_techniques"]);
    let sets: Value = ok(app.get("/api/v1/technique-sets", &team.viewer).await).await;
    assert_eq!(sets["items"].as_array().unwrap().len(), 1);
}

fn parse_csv(text: &str) -> Vec<csv::StringRecord> {
    let text = text.strip_prefix('\u{feff}').expect("UTF-8 byte-order mark");
    csv::Reader::from_reader(text.as_bytes()).records().map(|r| r.unwrap()).collect()
}

#[tokio::test]
async fn reports_in_json_and_spreadsheet_safe_csv() {
    let (app, team) = app_with_team().await;
    let evil =
        validated(&app, &team, "T1004", "=HYPERLINK(\"http://x\",\"click\")", "Linux", "none", None).await;
    for title in ["+1+1", "-2", "@SUM(A1)", "plain, with \"quotes\" and ünïcödé"] {
        let body = json!({ "title": title, "technique_id": "T1001", "severity": "low" });
        assert_eq!(app.post("/api/v1/tests", &team.red_tech, &body).await.status(), 201);
    }
    let summary: Value = ok(app.get("/api/v1/reports/coverage-summary", &team.viewer).await).await;
    assert_eq!(
        summary["counts"]["not_covered"].as_u64().unwrap()
            + summary["counts"]["in_progress"].as_u64().unwrap(),
        summary["techniques"].as_u64().unwrap()
    );

    let res = app.get("/api/v1/reports/coverage-csv", &team.viewer).await;
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let rows = parse_csv(&res.text().await.unwrap());
    let heat: Value = ok(app.get("/api/v1/heatmap", &team.viewer).await).await;
    let mut distinct: Vec<String> = cells(&heat).into_iter().map(|c| c.1).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(rows.len(), distinct.len());

    let rows = parse_csv(
        &app.get("/api/v1/reports/test-results?format=csv", &team.viewer).await.text().await.unwrap(),
    );
    let titles: Vec<&str> = rows.iter().map(|r| &r[1]).collect();
    for t in [
        "'=HYPERLINK(\"http://x\",\"click\")",
        "'+1+1",
        "'-2",
        "'@SUM(A1)",
        "plain, with \"quotes\" and ünïcödé",
    ] {
        assert!(titles.contains(&t), "{t} in {titles:?}");
    }
    let json_results: Value = ok(app.get("/api/v1/reports/test-results", &team.viewer).await).await;
    assert_eq!(json_results.as_array().unwrap().len(), rows.len());
    problem(app.get("/api/v1/reports/test-results?format=xlsx", &team.viewer).await, 400).await;

    // remediation of the undetected test
    let step = json!({ "title": "@risk: add EDR rule", "owner": team.red_tech_name });
    assert_eq!(
        app.post(&format!("/api/v1/tests/{evil}/remediation"), &team.red_lead, &step).await.status(),
        201
    );
    let rows = parse_csv(
        &app.get("/api/v1/reports/remediation?format=csv", &team.viewer).await.text().await.unwrap(),
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][4], "'@risk: add EDR rule");
    assert_eq!(&rows[0][3], "not_covered");
}

#[tokio::test]
async fn dashboards_metrics_and_snapshots() {
    let (app, team) = app_with_team().await;
    // the executive view is for everyone (viewers are its audience); snapshots: leads and admins
    for token in [&team.viewer, &team.red_tech, &team.blue_tech] {
        ok(app.get("/api/v1/dashboard/executive", token).await).await;
        problem(app.post("/api/v1/snapshots", token, &json!({})).await, 403).await;
    }
    let res = app.post("/api/v1/snapshots", &team.red_lead, &json!({})).await;
    assert_eq!(res.status(), 201);
    let before: Value = res.json().await.unwrap();
    assert_eq!(before["org_score"], 0.0);
    // audited with the snapshot, naming it
    let audit = app.audit("action=snapshot.create").await;
    assert_eq!((audit.len(), audit[0]["target_id"].clone()), (1, before["id"].clone()));

    validated(&app, &team, "T1001", "PS", "Windows", "alerted", Some("PS alert")).await;
    let draft = create(&app, &team.red_tech, "T1004").await;
    let kpis: Value = ok(app.get("/api/v1/dashboard/kpis", &team.viewer).await).await;
    assert_eq!((kpis["validated"].clone(), kpis["in_progress"].clone()), (json!(1), json!(1)));
    assert_eq!(kpis["tests_by_state"]["validated"], 1);
    assert_eq!(kpis["tests_by_state"]["draft"], 1);
    assert_eq!(kpis["tests_total"], 2);
    assert_eq!(kpis["coverage_pct"].as_f64().unwrap(), round1(100.0 / kpis["techniques"].as_f64().unwrap()));
    assert_eq!(kpis["mttd_secs"], 60.0, "executed 10:00, alerted 10:01");

    let metrics: Value = ok(app.get("/api/v1/metrics", &team.viewer).await).await;
    let funnel: Vec<(String, u64)> = serde_json::from_value(metrics["funnel"].clone()).unwrap();
    assert_eq!(funnel[0], ("draft".to_owned(), 1));
    assert_eq!(funnel[4], ("validated".to_owned(), 1));
    assert_eq!(metrics["validation_rates"]["approve"], 2);
    let red = metrics["team_activity"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["user"] == team.red_tech_name)
        .unwrap();
    assert_eq!(red["by_action"]["create"], 2);
    let execution =
        metrics["by_tactic"].as_array().unwrap().iter().find(|t| t["tactic"] == "execution").unwrap();
    assert_eq!(execution["validated"], 1);

    let exec: Value = ok(app.get("/api/v1/dashboard/executive", &team.blue_lead).await).await;
    assert!(exec["top_gaps"].as_array().unwrap().iter().all(|g| g["attack_id"] != "T1001"));
    assert!(exec["org_score"].as_f64().unwrap() > 0.0);

    let after: Value =
        app.post("/api/v1/snapshots", &app.admin_token, &json!({})).await.json().await.unwrap();
    let cmp: Value = ok(app
        .get(
            &format!(
                "/api/v1/snapshots/compare?from={}&to={}",
                before["id"].as_str().unwrap(),
                after["id"].as_str().unwrap()
            ),
            &team.viewer,
        )
        .await)
    .await;
    assert_eq!(
        cmp["org_score_delta"].as_f64().unwrap(),
        round1(after["org_score"].as_f64().unwrap() - before["org_score"].as_f64().unwrap())
    );
    let changed: Vec<&str> =
        cmp["changes"].as_array().unwrap().iter().map(|c| c["attack_id"].as_str().unwrap()).collect();
    assert!(changed.contains(&"T1001") && changed.contains(&"T1004"), "{changed:?}");
    let t1001 = cmp["changes"].as_array().unwrap().iter().find(|c| c["attack_id"] == "T1001").unwrap();
    assert_eq!(
        (t1001["from_status"].clone(), t1001["to_status"].clone()),
        (json!("not_covered"), json!("validated"))
    );
    // side by side by tactic (matrix order) and by threat actor: T1001 (execution, used by
    // G0001) became validated
    let execution = cmp["by_tactic"].as_array().unwrap().iter().find(|g| g["key"] == "execution").unwrap();
    assert_eq!(
        (execution["from_validated"].as_u64(), execution["to_validated"].as_u64()),
        (Some(0), Some(1))
    );
    assert!(execution["score_delta"].as_f64().unwrap() > 0.0, "{execution}");
    let g0001 = cmp["by_actor"].as_array().unwrap().iter().find(|g| g["key"] == "G0001").unwrap();
    assert_eq!((g0001["from_validated"].as_u64(), g0001["to_validated"].as_u64()), (Some(0), Some(1)));
    let trend: Value = ok(app.get("/api/v1/snapshots/trend", &team.viewer).await).await;
    assert_eq!(trend["points"].as_array().unwrap().len(), 2);
    let list: Value = ok(app.get("/api/v1/snapshots", &team.viewer).await).await;
    assert_eq!(list["items"][0]["id"], after["id"], "newest first");
    assert!(list["items"][0].get("techniques").is_none(), "lists carry summaries only");
    let first: Value = ok(app.get("/api/v1/snapshots?limit=1", &team.viewer).await).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    let cursor = first["next_cursor"].as_str().expect("a second page");
    let second: Value =
        ok(app.get(&format!("/api/v1/snapshots?limit=1&cursor={cursor}"), &team.viewer).await).await;
    assert_eq!(second["items"][0]["id"], before["id"]);
    problem(app.get("/api/v1/snapshots?cursor=not-a-cursor", &team.viewer).await, 400).await;
    let one: Value =
        ok(app.get(&format!("/api/v1/snapshots/{}", after["id"].as_str().unwrap()), &team.viewer).await)
            .await;
    assert_eq!(one["org_score"], after["org_score"]);
    assert!(!one["techniques"].as_object().unwrap().is_empty());
    let _ = draft;

    // retention: the daily job keeps the window and drops what is older
    let mut cfg = (*app.state.config).clone();
    cfg.snapshot_retention_days = 1;
    let state = web::AppState { config: std::sync::Arc::new(cfg), ..app.state.clone() };
    let mut old =
        store::coverage::get_snapshot(&app.state.db, before["id"].as_str().unwrap().parse().unwrap())
            .await
            .unwrap()
            .unwrap();
    assert!(!old.techniques.is_empty());
    old.meta.id = uuid::Uuid::new_v4();
    old.meta.taken_at = chrono::Utc::now() - chrono::Duration::days(3);
    store::coverage::put_snapshot(&app.state.db, &old, None).await.unwrap();
    let (taken, deleted) = coverage::snapshot::daily(&state).await.unwrap();
    assert_eq!((taken, deleted), (1, 1));
    problem(app.get(&format!("/api/v1/snapshots/{}", old.meta.id), &team.viewer).await, 404).await;
}

/// Every Navigator layer in `$AEGIS_DATA_DIR/navigator/layers` (4.5, 4.2 and legacy 3.0) imports
/// over the API against the real Enterprise 18.1 catalog; known + unknown ids equal the layer's
/// distinct enabled technique ids, counted here from the JSON.
#[tokio::test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
async fn real_navigator_layers_import_as_technique_sets_real_data() {
    let data = std::env::var("AEGIS_DATA_DIR")
        .unwrap_or_else(|_| format!("{}/../../shared/data", env!("CARGO_MANIFEST_DIR")));
    let bundle = format!("file://{data}/attack/enterprise-attack-18.1.json.gz");
    let app = crate::helpers::spawn_app_with(crate::helpers::config(&[
        ("ATTACK_TAXII_URL", ""),
        ("ATTACK_BUNDLE_URL", &bundle),
    ]))
    .await;
    let run = attack_sync::start(&app.state, domain::sync::Trigger::Manual, None).await.unwrap();
    assert_eq!(
        attack_sync::execute(&app.state, run, attack_sync::Input::Fetch).await.status,
        domain::sync::RunStatus::Succeeded
    );
    // Technique ids of the release, from the file itself.
    let raw = std::fs::read(format!("{data}/attack/enterprise-attack-18.1.json.gz")).unwrap();
    let mut json = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&raw[..]), &mut json).unwrap();
    let catalog_ids: std::collections::HashSet<String> =
        aegis_tests::attack_expect::objects(&serde_json::from_slice(&json).unwrap())
            .into_keys()
            .filter(|k| k.0 == "technique")
            .map(|k| k.1)
            .collect();
    let dir = format!("{data}/navigator/layers");
    let mut imported = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}")) {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let layer: Value = serde_json::from_slice(&bytes).unwrap();
        let mut ids: Vec<String> = layer["techniques"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["enabled"] != false)
            .map(|t| t["techniqueID"].as_str().unwrap().trim().to_uppercase())
            .collect();
        ids.sort();
        ids.dedup();
        let res = app
            .request(reqwest::Method::POST, "/api/v1/heatmap/navigator-layer", Some(&app.admin_token))
            .header("content-type", "application/json")
            .body(bytes)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "{}", path.display());
        let set: Value = res.json().await.unwrap();
        let unknown: Vec<String> = serde_json::from_value(set["unknown"].clone()).unwrap();
        let expected: Vec<String> = ids.iter().filter(|id| !catalog_ids.contains(*id)).cloned().collect();
        assert_eq!(unknown, expected, "{}", path.display());
        assert!(set["techniques"].as_u64().unwrap() > 0, "{}: nothing matched the catalog", path.display());
        imported += 1;
    }
    assert!(imported >= 5, "{imported} layers");
}
