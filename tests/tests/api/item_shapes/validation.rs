//! A validation test's partition (`TEST#<id>`: the test, its history, evidence and remediation
//! steps) and the notifications its transitions leave in the users' partitions.

use super::{act, app_with_team, assert_attributes, create, n, ok, partition, raw, s, sort_time, to_review};
use crate::evidence::{put, sha};
use crate::workflow::eventually;
use serde_json::{Value, json};

const TEST: &str = "PK SK GSI1PK GSI1SK GSI2PK GSI2SK GSI3PK GSI3SK entity version id title \
    technique_id technique_name tactics domain procedure platform severity target_host state created_by \
    created_by_id assigned_red assigned_blue assigned_red_id assigned_blue_id red blue votes round retest_of retests template_id template_hash cleanup rules campaign_id depends_on created_at updated_at \
    validated_at";

#[tokio::test]
async fn the_test_and_history_items() {
    // given a draft
    let (app, team) = app_with_team().await;
    let id = create(&app, &team.red_tech, "T1001").await["id"].as_str().unwrap().to_owned();
    let pk = format!("TEST#{id}");

    // then the test is `TEST#<id>` / META: in the creation-time index, its technique's index and
    // the draft work queue
    let item = raw(&app, &pk, "META").await;
    let created = format!("{}#{id}", sort_time(s(&item, "created_at")));
    assert_eq!(s(&item, "entity"), "test");
    assert_eq!((s(&item, "GSI1PK"), s(&item, "GSI1SK")), ("TESTS", created.as_str()));
    assert_eq!(
        (s(&item, "GSI2PK"), s(&item, "GSI2SK")),
        ("TECHTESTS#enterprise-attack#T1001", created.as_str())
    );
    assert_eq!(s(&item, "GSI3PK"), "TASK#draft");
    assert_eq!(s(&item, "GSI3SK"), format!("{}#{id}", sort_time(s(&item, "updated_at"))));
    assert_eq!((s(&item, "state"), n(&item, "version"), n(&item, "round")), ("draft", 1, 1));
    assert!(!item.contains_key("expires_at"));
    assert_attributes(&item, TEST);

    // when the red tech starts it
    ok(act(&app, &id, "start-execution", &team.red_tech, json!({})).await).await;

    // then it moves to the red_executing queue, keyed by its change time; the other indexes stay
    let item = raw(&app, &pk, "META").await;
    assert_eq!((s(&item, "GSI1SK"), s(&item, "GSI2SK")), (created.as_str(), created.as_str()));
    assert_eq!(s(&item, "GSI3PK"), "TASK#red_executing");
    assert_eq!(s(&item, "GSI3SK"), format!("{}#{id}", sort_time(s(&item, "updated_at"))));
    assert_eq!(n(&item, "version"), 2);
    assert_attributes(&item, TEST);

    // and each change left a history entry in the partition, `HIST#<time>#<id>`, oldest first
    let history = partition(&app, &pk, "HIST#").await;
    let actions: Vec<(&str, &str)> = history.iter().map(|h| (s(h, "action"), s(h, "entity"))).collect();
    assert_eq!(actions, [("create", "test_history"), ("start_execution", "test_history")]);
    for h in &history {
        assert_eq!(s(h, "SK"), format!("HIST#{}#{}", sort_time(s(h, "at")), s(h, "id")));
        assert_eq!(s(h, "test_id"), id);
        assert_attributes(h, "PK SK entity version id test_id at actor action from to comment");
    }
    assert!(history[0]["from"].is_null(), "a creation comes from nowhere");
    assert_eq!((s(&history[1], "from"), s(&history[1], "to")), ("draft", "red_executing"));
}

#[tokio::test]
async fn the_evidence_item_pending_then_complete() {
    // given a test being executed and an upload slot for red evidence
    let (app, team) = app_with_team().await;
    let id = create(&app, &team.red_tech, "T1001").await["id"].as_str().unwrap().to_owned();
    ok(act(&app, &id, "start-execution", &team.red_tech, json!({})).await).await;
    let file = b"whoami /all\n".repeat(10);
    let body = json!({ "filename": "whoami.log", "size_bytes": file.len(), "sha256": sha(&file) });
    let res = app.post(&format!("/api/v1/tests/{id}/evidence"), &team.red_tech, &body).await;
    assert_eq!(res.status(), 201);
    let slot: Value = res.json().await.unwrap();
    let eid = slot["id"].as_str().unwrap().to_owned();
    let attributes = "PK SK entity version id test_id side filename size_bytes sha256 s3_key status \
        uploaded_by uploaded_by_id uploaded_at";

    // then the pending item is `TEST#<id>` / `EVIDENCE#<eid>` and expires in a day
    let item = raw(&app, &format!("TEST#{id}"), &format!("EVIDENCE#{eid}")).await;
    assert_eq!((s(&item, "entity"), s(&item, "status"), s(&item, "side")), ("evidence", "pending", "red"));
    assert_eq!(s(&item, "s3_key"), format!("evidence/{id}/red/{eid}/whoami.log"));
    assert_eq!((s(&item, "sha256"), n(&item, "size_bytes")), (sha(&file).as_str(), file.len() as i64));
    let expires = n(&item, "expires_at") - chrono::Utc::now().timestamp();
    assert!((23 * 3600..=24 * 3600).contains(&expires), "a day's TTL: {expires}");
    assert_attributes(&item, &format!("{attributes} expires_at"));

    // when the object is uploaded and verified
    assert_eq!(put(&slot, file).await, 200);
    let path = format!("/api/v1/tests/{id}/evidence/{eid}/complete");
    ok(app.post(&path, &team.red_tech, &json!({})).await).await;

    // then the same item is complete and no longer expires
    let item = raw(&app, &format!("TEST#{id}"), &format!("EVIDENCE#{eid}")).await;
    assert_eq!(s(&item, "status"), "complete");
    assert_attributes(&item, attributes);
}

#[tokio::test]
async fn the_remediation_step_and_notification_items_and_an_empty_outbox() {
    // given a test validated with a detection gap, and a remediation step for it
    let (app, team) = app_with_team().await;
    let id = to_review(&app, &team, "T1001", "none").await;
    for token in [&team.red_lead, &team.blue_lead] {
        ok(act(&app, &id, "vote", token, json!({ "decision": "approve" })).await).await;
    }
    let step = json!({ "title": "Alert on encoded PowerShell", "owner": team.red_tech_name, "due_date": "2026-12-31" });
    let res = app.post(&format!("/api/v1/tests/{id}/remediation"), &team.blue_lead, &step).await;
    assert_eq!(res.status(), 201);
    let sid = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();

    // then the step is `TEST#<id>` / `REMED#<sid>`, versioned
    let item = raw(&app, &format!("TEST#{id}"), &format!("REMED#{sid}")).await;
    assert_eq!(
        (s(&item, "entity"), s(&item, "status"), n(&item, "version")),
        ("remediation_step", "open", 1)
    );
    assert_eq!((s(&item, "owner"), s(&item, "due_date")), (team.red_tech_name.as_str(), "2026-12-31"));
    // An open step with a due date is in the overdue index (REMEDDUE / <due>#<id>) the alert
    // rules read.
    assert_eq!((s(&item, "GSI3PK"), s(&item, "GSI3SK")), ("REMEDDUE", format!("2026-12-31#{sid}").as_str()));
    assert_attributes(
        &item,
        "PK SK GSI3PK GSI3SK entity version id test_id title description owner owner_id due_date status \
         created_by created_at updated_at",
    );

    // and the blue tech was told the test waited for them: `USER#<uid>` / `NOTIF#<time>#<id>`,
    // kept for a year while unread (reading it starts its retention)
    let me: Value = ok(app.get("/api/v1/auth/me", &team.blue_tech).await).await;
    let pk = format!("USER#{}", me["id"].as_str().unwrap());
    eventually("the blue tech notified", async || !partition(&app, &pk, "NOTIF#").await.is_empty()).await;
    let item = &partition(&app, &pk, "NOTIF#").await[0];
    assert_eq!(s(item, "SK"), format!("NOTIF#{}#{}", sort_time(s(item, "created_at")), s(item, "id")));
    assert_eq!(
        (s(item, "entity"), s(item, "kind"), s(item, "test_id")),
        ("notification", "action_required", id.as_str())
    );
    let created = chrono::DateTime::parse_from_rfc3339(s(item, "created_at")).unwrap().timestamp();
    assert_eq!(n(item, "expires_at"), created + 365 * 86_400);
    assert_attributes(
        item,
        "PK SK entity version id user_id kind message test_id created_at read expires_at",
    );

    // and every event these steps wrote was delivered and removed from the outbox
    assert!(partition(&app, "OUTBOX", "").await.is_empty(), "events left in the outbox");
}
