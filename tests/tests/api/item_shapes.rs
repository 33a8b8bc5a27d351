//! The exact stored items of every entity: keys, index keys, `entity`, TTL and the full set of
//! attribute names, read back raw from the table, so a key change or an added or dropped
//! attribute cannot slip through unnoticed. Items are made through the API wherever the API
//! makes them; the submodules group them by the part of the system that owns them.

mod alerts;
mod campaigns;
mod catalog;
mod content;
mod identity;
mod outbox;
mod users;
mod validation;

use crate::workflow::{act, app_with_team, create, ok, to_review};
use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

type Item = HashMap<String, AttributeValue>;

pub(crate) async fn raw(app: &crate::helpers::TestApp, pk: &str, sk: &str) -> Item {
    try_raw(app, pk, sk).await.unwrap_or_else(|| panic!("no item {pk} / {sk}"))
}

async fn try_raw(app: &crate::helpers::TestApp, pk: &str, sk: &str) -> Option<Item> {
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
}

/// Every item of a partition whose sort key starts with `prefix` (all of them when empty), in
/// sort-key order.
async fn partition(app: &crate::helpers::TestApp, pk: &str, prefix: &str) -> Vec<Item> {
    let mut query = app
        .state
        .db
        .client
        .query()
        .table_name(&app.state.db.table)
        .consistent_read(true)
        .expression_attribute_values(":pk", AttributeValue::S(pk.into()));
    query = if prefix.is_empty() {
        query.key_condition_expression("PK = :pk")
    } else {
        query
            .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
            .expression_attribute_values(":prefix", AttributeValue::S(prefix.into()))
    };
    query.send().await.unwrap().items.unwrap_or_default()
}

fn s<'a>(item: &'a Item, name: &str) -> &'a str {
    item.get(name).unwrap_or_else(|| panic!("no attribute {name}")).as_s().unwrap()
}

fn n(item: &Item, name: &str) -> i64 {
    item.get(name).unwrap_or_else(|| panic!("no attribute {name}")).as_n().unwrap().parse().unwrap()
}

/// Asserts the item's attribute names are exactly the space-separated `expected` (keys included).
#[track_caller]
fn assert_attributes(item: &Item, expected: &str) {
    let actual: BTreeSet<&str> = item.keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> = expected.split_whitespace().collect();
    let missing: Vec<_> = expected.difference(&actual).collect();
    let unexpected: Vec<_> = actual.difference(&expected).collect();
    assert!(missing.is_empty() && unexpected.is_empty(), "missing {missing:?}, unexpected {unexpected:?}");
}

/// An instant as sort keys write it: RFC 3339 in UTC with microseconds (`…T10:00:00.123456Z`).
fn sort_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .unwrap_or_else(|e| panic!("{at}: {e}"))
        .with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
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
    // No index keys: coverage is read by key, consistently, never from an index.
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
    // Only detection rules of the catalog recorded as fired count; an alert name is not one.
    assert!(!item.contains_key("rule_set"), "no rule fired");
    assert_eq!(item["platform_set"].as_ss().unwrap(), &["Windows".to_owned()]);
    assert!(!item.contains_key("expires_at"));
    assert_attributes(
        &item,
        "PK SK entity version attack_id domain updated_at n_draft n_red_executing \
         n_blue_evaluating n_in_review n_validated latest_detection latest_validated_at latest_validated_us \
         platform_set",
    );
    // Its shard's version, raised by each write that moved a test's state (create, three steps,
    // the deciding vote, the second create; the first vote changed no state): a bare counter.
    let shard = store::coverage_view::shard_of("T1001");
    let version = raw(&app, "CAT#enterprise-attack", &format!("VERSION#COVERAGE#{shard:02}")).await;
    assert_eq!(s(&version, "entity"), "coverage_version");
    assert_eq!(n(&version, "version"), 6);
    assert_attributes(&version, "PK SK entity version");
}

#[tokio::test]
async fn the_report_job_item() {
    let (app, team) = app_with_team().await;
    let body = json!({ "kind": "remediation", "format": "csv", "from": "2026-01-01T00:00:00Z" });
    let res = app.post("/api/v1/reports/jobs", &team.red_tech, &body).await;
    assert_eq!(res.status(), 202);
    let job: serde_json::Value = res.json().await.unwrap();
    let id = job["id"].as_str().unwrap();
    // the in-process loop runs the job on its event; wait (bounded) until it is done
    let mut item = raw(&app, &format!("REPORTJOB#{id}"), "JOB").await;
    for _ in 0..100 {
        if s(&item, "status") == "done" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        item = raw(&app, &format!("REPORTJOB#{id}"), "JOB").await;
    }
    assert_eq!((s(&item, "entity"), s(&item, "status")), ("report_job", "done"));
    let requester = store::users::get_by_username(&app.state.db, &team.red_tech_name).await.unwrap().unwrap();
    assert_eq!(s(&item, "GSI1PK"), format!("REPORTJOBS#{}", requester.id));
    assert_eq!(s(&item, "GSI1SK"), format!("{}#{id}", sort_time(job["requested_at"].as_str().unwrap())));
    assert_eq!(s(&item, "requested_by_id"), requester.id.to_string());
    assert_eq!(s(&item, "object_key"), format!("reports/{id}/aegis-remediation.csv"));
    let spec = item["spec"].as_m().unwrap();
    assert_eq!(
        (s(spec, "kind"), s(spec, "format"), s(spec, "domain")),
        ("remediation", "csv", "enterprise-attack")
    );
    assert_eq!(s(spec, "from"), "2026-01-01T00:00:00Z");
    assert!(spec["to"].as_null().is_ok());
    assert_eq!((n(&item, "attempts"), n(&item, "rows")), (1, 0));
    assert!(n(&item, "bytes") > 0);
    assert!(item["error"].as_null().is_ok());
    // kept a day, as the file is
    let requested = chrono::DateTime::parse_from_rfc3339(job["requested_at"].as_str().unwrap()).unwrap();
    assert_eq!(n(&item, "expires_at"), requested.timestamp() + 24 * 3600);
    assert_attributes(
        &item,
        "PK SK GSI1PK GSI1SK entity version expires_at id spec status requested_by_id requested_by \
         requested_at started_at finished_at attempts rows bytes object_key error",
    );
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
    assert_attributes(
        &item,
        "PK SK entity version id filename size_bytes sha256 s3_key requested_by created_at run_id expires_at",
    );
}
