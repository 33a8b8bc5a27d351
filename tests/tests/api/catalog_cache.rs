//! Each warm process keeps the catalog it read, keyed by the catalog version (one small read per
//! request). Writes never touch a process's copy (not even their own process's); they raise the
//! version, so what a sync, an admin's custom technique or a lead's review mark changed shows on
//! the next request of any warm process, and a change that did not raise the version shows
//! nowhere (the copy is used). Coverage is kept the same way per shard of techniques, under
//! the shards' versions that every coverage write raises.

use crate::workflow::{app_with_team, ok};
use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::{Value, json};

async fn technique(app: &crate::helpers::TestApp, token: &str, id: &str) -> Value {
    let page = ok(app.get(&format!("/api/v1/techniques?q={id}&limit=10"), token).await).await;
    page["items"].as_array().unwrap().iter().find(|t| t["attack_id"] == id).cloned().unwrap_or(Value::Null)
}

#[tokio::test]
async fn writes_show_on_the_next_request_and_the_warm_copy_serves_until_then() {
    let (app, team) = app_with_team().await;
    let viewer = &team.viewer;
    assert_eq!(technique(&app, viewer, "T1001").await["reviewed"], false, "warms this process's copy");

    // A lead marks a review (the write raises the version; no process's copy is touched).
    let review = json!({ "reviewed": true });
    ok(app.post("/api/v1/techniques/T1001/review", &team.blue_lead, &review).await).await;
    assert_eq!(technique(&app, viewer, "T1001").await["reviewed"], true, "the next request sees it");

    // An admin's custom technique.
    let custom = json!({ "attack_id": "CT-0100", "name": "Badge cloning", "tactics": ["initial-access"] });
    assert_eq!(app.post("/api/v1/techniques", &app.admin_token, &custom).await.status(), 201);
    assert_eq!(technique(&app, viewer, "CT-0100").await["name"], "Badge cloning");

    // A write that does not raise the version is not seen: the copy is what answers...
    let mut item = crate::item_shapes::raw(&app, "CAT#enterprise-attack#TECHNIQUE#T1001", "REVIEW").await;
    item.insert("PK".into(), AttributeValue::S("CAT#enterprise-attack#TECHNIQUE#T1004".into()));
    item.insert("GSI1SK".into(), AttributeValue::S("T1004#REVIEW".into()));
    item.insert("attack_id".into(), AttributeValue::S("T1004".into()));
    app.state.db.client.put_item().table_name(&app.state.db.table).set_item(Some(item)).send().await.unwrap();
    assert_eq!(technique(&app, viewer, "T1004").await["reviewed"], false, "served from the warm copy");
    // ... until the version moves.
    store::catalog_view::bump_now(&app.state.db, "enterprise-attack").await.unwrap();
    assert_eq!(technique(&app, viewer, "T1004").await["reviewed"], true);

    // A sync of the next ATT&CK release.
    let v2 = format!(
        "file://{}/../shared/importers/tests/fixtures/mini-enterprise-v2.json",
        env!("CARGO_MANIFEST_DIR")
    );
    assert_eq!(technique(&app, viewer, "T1005").await, Value::Null, "not in the release the copy holds");
    let mut cfg = (*app.state.config).clone();
    cfg.attack_taxii_url = String::new();
    cfg.attack_bundle_url = v2;
    let syncing = web::AppState { config: std::sync::Arc::new(cfg), ..app.state.clone() };
    let run = attack_sync::start(&syncing, domain::sync::Trigger::Schedule, None).await.unwrap();
    let run = attack_sync::execute(&syncing, run, attack_sync::Input::Fetch).await;
    assert_eq!(run.status, domain::sync::RunStatus::Succeeded, "{:?}", run.error);
    assert_eq!(technique(&app, viewer, "T1005").await["name"], "Delta Phishing (new)");
}

#[tokio::test]
async fn a_coverage_write_shows_on_the_next_request_and_a_warm_request_reads_only_versions() {
    let (app, team) = app_with_team().await;
    let viewer = &team.viewer;
    let heatmap = || async { ok(app.get("/api/v1/heatmap", viewer).await).await };
    let id = crate::workflow::to_review(&app, &team, "T1001", "alerted").await;
    heatmap().await;
    let warm = heatmap().await;
    // The weights, the catalog version and the one shard version written: no catalog record,
    // no coverage item.
    assert_eq!(warm["items_read"], 3, "{}", warm["items_read"]);
    assert_eq!(technique(&app, viewer, "T1001").await["coverage_status"], "in_progress");

    // The deciding vote is seen by the next request (its shard is read again, only it).
    for lead in [&team.red_lead, &team.blue_lead] {
        ok(crate::workflow::act(&app, &id, "vote", lead, json!({ "decision": "approve" })).await).await;
    }
    let after = heatmap().await;
    assert_eq!(after["counts"]["validated"], 1);
    assert_eq!(after["items_read"], 4, "the versions, the weights and T1001's coverage item");
    assert_eq!(technique(&app, viewer, "T1001").await["coverage_status"], "validated");

    // A coverage item written without raising its shard's version is not seen...
    let mut item = crate::item_shapes::raw(&app, "CAT#enterprise-attack#TECHNIQUE#T1001", "COVERAGE").await;
    item.insert("PK".into(), AttributeValue::S("CAT#enterprise-attack#TECHNIQUE#T1004".into()));
    item.insert("attack_id".into(), AttributeValue::S("T1004".into()));
    app.state.db.client.put_item().table_name(&app.state.db.table).set_item(Some(item)).send().await.unwrap();
    assert_eq!(technique(&app, viewer, "T1004").await["coverage_status"], "not_covered", "the warm copy");
    // ... until it is raised.
    store::coverage_view::bump_now(&app.state.db, "enterprise-attack", "T1004").await.unwrap();
    assert_eq!(technique(&app, viewer, "T1004").await["coverage_status"], "validated");
    assert_eq!(heatmap().await["counts"]["validated"], 2);
}

#[tokio::test]
async fn every_read_path_answers_the_same_from_the_warm_copy_and_from_a_fresh_read() {
    let (app, team) = app_with_team().await;
    for (technique, result) in [("T1001", "alerted"), ("T1004", "logged")] {
        let id = crate::workflow::to_review(&app, &team, technique, result).await;
        for lead in [&team.red_lead, &team.blue_lead] {
            ok(crate::workflow::act(&app, &id, "vote", lead, json!({ "decision": "approve" })).await).await;
        }
    }
    ok(app.post("/api/v1/techniques/T1002/review", &team.blue_lead, &json!({ "reviewed": true })).await)
        .await;
    let warm_up = crate::read_paths::all(&app.http, &app.base, &team.viewer, 1).await;
    let warm = crate::read_paths::all(&app.http, &app.base, &team.viewer, 1).await;
    crate::read_paths::assert_same(&warm_up, &warm);
    // A raised version makes the next request read the catalog from the table again.
    store::catalog_view::bump_now(&app.state.db, "enterprise-attack").await.unwrap();
    let fresh = crate::read_paths::all(&app.http, &app.base, &team.viewer, 1).await;
    assert!(warm.len() > 15, "{} paths", warm.len());
    crate::read_paths::assert_same(&warm, &fresh);
}
