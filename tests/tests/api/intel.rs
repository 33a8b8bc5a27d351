//! The intel scan end to end: a sync records the release's baseline, leads track an actor, the
//! next release's sync works out what the actor gained and lost, `GET /intel/changes` shows it
//! with our coverage, and a `tracked_actor_gap` rule fires on the gain we do not cover.

use crate::helpers::{TestApp, problem};
use crate::workflow::{app_with_team, eventually, ok};
use chrono::Utc;
use serde_json::{Value, json};

/// Syncs a fixture release over the app's table (the sync requests the intel scan).
pub(crate) async fn sync_release(app: &TestApp, file: &str) {
    let mut cfg = (*app.state.config).clone();
    cfg.attack_taxii_url = String::new();
    cfg.attack_bundle_url =
        format!("file://{}/../shared/importers/tests/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
    let syncing = web::AppState { config: std::sync::Arc::new(cfg), ..app.state.clone() };
    let run = attack_sync::start(&syncing, domain::sync::Trigger::Schedule, None).await.unwrap();
    let run = attack_sync::execute(&syncing, run, attack_sync::Input::Fetch).await;
    assert_eq!(run.status, domain::sync::RunStatus::Succeeded, "{:?}", run.error);
}

pub(crate) async fn scanned_release(app: &TestApp) -> Option<String> {
    store::intel::baseline(&app.state.db).await.unwrap().and_then(|b| b.release)
}

#[tokio::test]
async fn a_new_release_shows_what_tracked_actors_gained_and_alerts_on_gains_we_do_not_cover() {
    // given the first release synced (the sync requests the scan, which records a baseline)
    let (app, team) = app_with_team().await;
    eventually("the first scan", async || scanned_release(&app).await.as_deref() == Some("1.1")).await;
    let first = ok(app.get("/api/v1/intel/changes", &team.viewer).await).await;
    assert_eq!(
        (first["to_release"].as_str(), first["actors"].as_array().map(Vec::len)),
        (Some("1.1"), Some(0))
    );

    // leads track actors; others may not; unknown actors are not found
    let track = |on: bool| json!({ "tracked": on });
    problem(
        app.request(reqwest::Method::PUT, "/api/v1/threat-actors/G0001/tracked", Some(&team.red_tech))
            .json(&track(true))
            .send()
            .await
            .unwrap(),
        403,
    )
    .await;
    problem(
        app.request(reqwest::Method::PUT, "/api/v1/threat-actors/G9999/tracked", Some(&team.blue_lead))
            .json(&track(true))
            .send()
            .await
            .unwrap(),
        404,
    )
    .await;
    let res = app
        .request(reqwest::Method::PUT, "/api/v1/threat-actors/G0001/tracked", Some(&team.blue_lead))
        .json(&track(true))
        .send()
        .await
        .unwrap();
    assert_eq!(ok(res).await, json!({ "attack_id": "G0001", "tracked": true }));
    let tracked = ok(app.get("/api/v1/threat-actors?tracked=true", &team.viewer).await).await;
    let ids: Vec<&str> =
        tracked["items"].as_array().unwrap().iter().map(|a| a["attack_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["G0001"]);
    assert_eq!(ok(app.get("/api/v1/threat-actors/G0001", &team.viewer).await).await["tracked"], true);
    assert_eq!(app.audit("target_type=threat_actor").await[0]["action"], "threat_actor.track");

    let rule = json!({ "name": "Our actors", "condition": { "kind": "tracked_actor_gap" }, "severity": "high",
        "recipients": { "roles": ["blue_lead"] } });
    let res = app.post("/api/v1/alert-rules", &team.blue_lead, &rule).await;
    assert_eq!(res.status(), 201);
    let rule: Value = res.json().await.unwrap();
    let rule = store::alerts::get_rule(&app.state.db, rule["id"].as_str().unwrap().parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(alerts::evaluate_rule(&app.state, &rule, Utc::now()).await.unwrap(), alerts::Outcome::Clear);

    // when the next release is synced, then G0001 gained T1005 (its use of T1004 was already
    // deprecated in 1.1, so nothing is lost)
    sync_release(&app, "mini-enterprise-v2.json").await;
    eventually("the scan of 1.2", async || scanned_release(&app).await.as_deref() == Some("1.2")).await;
    let changes = ok(app.get("/api/v1/intel/changes?tracked_only=true", &team.viewer).await).await;
    assert_eq!(
        (changes["from_release"].as_str(), changes["to_release"].as_str()),
        (Some("1.1"), Some("1.2"))
    );
    let actor = &changes["actors"][0];
    assert_eq!((actor["actor"].as_str(), actor["tracked"].as_bool()), (Some("G0001"), Some(true)));
    assert_eq!(
        actor["gained"],
        json!([{ "technique": "T1005", "name": "Delta Phishing (new)", "status": "not_covered" }])
    );
    assert_eq!(actor["lost"], json!([]), "{actor}");
    assert_eq!(actor["uncovered_gains"], 1);

    // and the rule fires on the gain, once
    let now = Utc::now();
    assert_eq!(alerts::evaluate_rule(&app.state, &rule, now).await.unwrap(), alerts::Outcome::Fired);
    let events = ok(app.get(&format!("/api/v1/alert-rules/{}/events", rule.id), &team.viewer).await).await;
    let matched = &events["items"][0]["matched"];
    assert_eq!(matched.as_array().unwrap().len(), 1);
    assert_eq!(matched[0]["subject"], "T1005");
    assert!(matched[0]["detail"].as_str().unwrap().contains("G0001"), "{matched}");
    assert_eq!(
        alerts::evaluate_rule(&app.state, &rule, now + chrono::Duration::minutes(1)).await.unwrap(),
        alerts::Outcome::StillHolding
    );

    // a scan of a release already scanned changes nothing; untracking empties the tracked view
    let report = alerts::intel::scan(&app.state, uuid::Uuid::new_v4(), Utc::now()).await.unwrap();
    assert!(report.unchanged && report.previous_release.as_deref() == Some("1.2"), "{report:?}");
    let res = app
        .request(reqwest::Method::PUT, "/api/v1/threat-actors/G0001/tracked", Some(&team.red_lead))
        .json(&track(false))
        .send()
        .await
        .unwrap();
    assert_eq!(ok(res).await["tracked"], false);
    let changes = ok(app.get("/api/v1/intel/changes?tracked_only=true", &team.viewer).await).await;
    assert_eq!(changes["actors"], json!([]));
    assert_eq!(ok(app.get("/api/v1/intel/changes", &team.viewer).await).await["actors"][0]["tracked"], false);

    // the admin asks for a scan; scheduler-status shows it with the content-sync tick
    let res = app.post("/api/v1/system/jobs/intel-scan", &app.admin_token, &json!({})).await;
    assert_eq!(res.status(), 202);
    let status = ok(app.get("/api/v1/system/scheduler-status", &app.admin_token).await).await;
    let names: Vec<&str> =
        status["jobs"].as_array().unwrap().iter().map(|j| j["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"intel-scan") && names.contains(&"content-sync"), "{names:?}");
}
