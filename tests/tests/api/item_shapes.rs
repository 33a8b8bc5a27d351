//! The exact stored items of the entities this layer added: keys, index keys, entity, TTL and
//! attributes, read back raw from the table, so a key change cannot slip through unnoticed.

use crate::workflow::{act, app_with_team, create, ok, to_review};
use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::json;
use std::collections::HashMap;

async fn raw(app: &crate::helpers::TestApp, pk: &str, sk: &str) -> HashMap<String, AttributeValue> {
    app.state
        .db
        .client
        .get_item()
        .table_name(&app.state.db.table)
        .key("PK", AttributeValue::S(pk.into()))
        .key("SK", AttributeValue::S(sk.into()))
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .item
        .unwrap_or_else(|| panic!("no item {pk} / {sk}"))
}

fn s<'a>(item: &'a HashMap<String, AttributeValue>, name: &str) -> &'a str {
    item[name].as_s().unwrap()
}

fn n(item: &HashMap<String, AttributeValue>, name: &str) -> i64 {
    item[name].as_n().unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_coverage_counter_item() {
    let (app, team) = app_with_team().await;
    let id = to_review(&app, &team, "T1001", "alerted").await;
    for token in [&team.red_lead, &team.blue_lead] {
        ok(act(&app, &id, "vote", token, json!({ "decision": "approve" })).await).await;
    }
    create(&app, &team.red_tech, "T1001").await;
    let item = raw(&app, "CAT#enterprise-attack#TECHNIQUE#T1001", "COVERAGE").await;
    assert_eq!(s(&item, "entity"), "coverage");
    assert_eq!(s(&item, "GSI1PK"), "CAT#enterprise-attack#TECHNIQUES");
    assert_eq!(s(&item, "GSI1SK"), "T1001#COVERAGE");
    assert_eq!((s(&item, "attack_id"), s(&item, "domain")), ("T1001", "enterprise-attack"));
    // one test moved draft → … → validated, one is a draft: the counters say exactly that
    let counts: Vec<(&str, i64)> = ["draft", "red_executing", "blue_evaluating", "in_review", "validated"]
        .into_iter()
        .map(|state| (state, n(&item, &format!("n_{state}"))))
        .collect();
    assert_eq!(
        counts,
        [("draft", 1), ("red_executing", 0), ("blue_evaluating", 0), ("in_review", 0), ("validated", 1)]
    );
    assert!(!item.contains_key("n_rejected"), "never touched");
    assert_eq!(s(&item, "latest_detection"), "alerted");
    assert_eq!(item["rule_set"].as_ss().unwrap(), &["Suspicious PowerShell".to_owned()]);
    assert_eq!(item["platform_set"].as_ss().unwrap(), &["Windows".to_owned()]);
}

#[tokio::test]
async fn the_import_upload_slot_item() {
    let (app, _) = app_with_team().await;
    let body = json!({ "filename": "enterprise.json.gz", "size_bytes": 10, "sha256": "ab".repeat(32) });
    let slot: serde_json::Value =
        app.post("/api/v1/system/uploads", &app.admin_token, &body).await.json().await.unwrap();
    let id = slot["id"].as_str().unwrap();
    let item = raw(&app, &format!("UPLOAD#{id}"), "SLOT").await;
    assert_eq!(s(&item, "entity"), "import_upload");
    assert_eq!(s(&item, "s3_key"), format!("imports/uploads/{id}/enterprise.json.gz"));
    assert_eq!(s(&item, "sha256"), "ab".repeat(32));
    assert_eq!(n(&item, "size_bytes"), 10);
    assert!(item["run_id"].as_null().is_ok(), "not imported yet");
    let expires = n(&item, "expires_at") - chrono::Utc::now().timestamp();
    assert!((23 * 3600..=24 * 3600).contains(&expires), "a day's TTL: {expires}");
}
