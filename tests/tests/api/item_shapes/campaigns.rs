//! A campaign's partition (`CAMPAIGN#<id>`): the campaign, its history and the summaries of its
//! finished runs.

use super::{act, app_with_team, assert_attributes, n, ok, partition, raw, s, sort_time};
use crate::helpers::created;
use crate::workflow::{blue_body, red_body};
use serde_json::{Value, json};

const CAMPAIGN: &str = "PK SK GSI1PK GSI1SK entity version id name description objective threat_actor \
    owner owner_id phases tests start_date end_date status recurrence next_run_at run run_started_at \
    completion created_at updated_at";

#[tokio::test]
async fn the_campaign_history_and_run_summary_items() {
    // given a campaign a blue lead plans
    let (app, team) = app_with_team().await;
    let me: Value = ok(app.get("/api/v1/auth/me", &team.blue_lead).await).await;
    let (lead, lead_id) = (me["username"].as_str().unwrap(), me["id"].as_str().unwrap());
    let body = json!({ "name": "Once", "objective": "Check T1001", "start_date": "2026-12-01" });
    let id = created(app.post("/api/v1/campaigns", &team.blue_lead, &body).await).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let pk = format!("CAMPAIGN#{id}");

    // then it is `CAMPAIGN#<id>` / META, listed under CAMPAIGNS by creation time, at its run 1
    let item = raw(&app, &pk, "META").await;
    assert_eq!(s(&item, "entity"), "campaign");
    assert_eq!(
        (s(&item, "GSI1PK"), s(&item, "GSI1SK")),
        ("CAMPAIGNS", format!("{}#{id}", sort_time(s(&item, "created_at"))).as_str())
    );
    assert_eq!(
        (s(&item, "status"), s(&item, "recurrence"), n(&item, "run"), n(&item, "version")),
        ("planned", "none", 1, 1)
    );
    assert_eq!((s(&item, "owner"), s(&item, "owner_id")), (lead, lead_id));
    assert_eq!((s(&item, "objective"), s(&item, "start_date")), ("Check T1001", "2026-12-01"));
    // No phase given: one, "Phase 1".
    let phases = item["phases"].as_l().unwrap();
    assert_eq!(phases.len(), 1);
    let phase = phases[0].as_m().unwrap();
    assert_eq!(s(phase, "name"), "Phase 1");
    assert_attributes(phase, "id name description");
    assert!(item["tests"].as_l().unwrap().is_empty());
    for unset in ["threat_actor", "end_date", "next_run_at", "run_started_at", "completion"] {
        assert!(item[unset].is_null(), "{unset}");
    }
    assert!(!item.contains_key("expires_at"));
    assert_attributes(&item, CAMPAIGN);

    // when it runs with two tests, one validated (alerted) and one left a draft, and completes
    let tests = format!("/api/v1/campaigns/{id}/tests");
    let a = json!({ "technique_id": "T1001", "title": "A" });
    let a = created(app.post(&tests, &team.red_lead, &a).await).await["test_id"].as_str().unwrap().to_owned();
    let b = json!({ "technique_id": "T1004", "title": "B" });
    created(app.post(&tests, &team.red_lead, &b).await).await;
    ok(app.post(&format!("/api/v1/campaigns/{id}/start"), &team.blue_lead, &json!({})).await).await;
    ok(act(&app, &a, "start-execution", &team.red_tech, json!({})).await).await;
    ok(act(&app, &a, "submit-red", &team.red_tech, red_body()).await).await;
    ok(act(&app, &a, "submit-blue", &team.blue_tech, blue_body("alerted")).await).await;
    for token in [&team.red_lead, &team.blue_lead] {
        ok(act(&app, &a, "vote", token, json!({ "decision": "approve" })).await).await;
    }
    ok(app.post(&format!("/api/v1/campaigns/{id}/complete"), &team.blue_lead, &json!({})).await).await;

    // then the run's summary is `CAMPAIGN#<id>` / RUN#000001 (six digits, so runs sort in
    // order), written once with the completion: per technique, how far it got and what was seen
    let run = raw(&app, &pk, "RUN#000001").await;
    let meta = raw(&app, &pk, "META").await;
    assert_eq!((s(&run, "entity"), n(&run, "run"), n(&run, "version")), ("campaign_run", 1, 1));
    assert_eq!(s(&run, "started_at"), s(&meta, "run_started_at"));
    assert_eq!(s(&run, "ended_at"), s(&meta, "updated_at"), "ended as the campaign completed");
    assert_eq!(run["coverage_pct"].as_n().map(String::as_str), Ok("50"), "one technique of two");
    let techniques = run["techniques"].as_l().unwrap();
    assert_eq!(techniques.len(), 2);
    let (t1001, t1004) = (techniques[0].as_m().unwrap(), techniques[1].as_m().unwrap());
    assert_eq!(
        (s(t1001, "technique_id"), s(t1001, "state"), s(t1001, "detection")),
        ("T1001", "validated", "alerted")
    );
    assert_eq!((s(t1004, "technique_id"), s(t1004, "state")), ("T1004", "draft"));
    assert!(t1004["detection"].is_null(), "not validated");
    assert_attributes(t1001, "technique_id state detection");
    assert!(!run.contains_key("expires_at"));
    assert_attributes(&run, "PK SK entity version run started_at ended_at techniques coverage_pct");

    // and the campaign is completed at its fifth version (created, two tests, started,
    // completed), the summary kept on it too; the same index keys
    assert_eq!((s(&meta, "status"), n(&meta, "version")), ("completed", 5));
    assert_eq!(s(&meta, "GSI1SK"), s(&item, "GSI1SK"));
    let completion = meta["completion"].as_m().unwrap();
    assert_eq!((n(completion, "run"), s(completion, "ended_at")), (1, s(&run, "ended_at")));
    assert_eq!(meta["tests"].as_l().unwrap().len(), 2);
    assert_attributes(&meta, CAMPAIGN);

    // and each change left a history entry in the partition, `HIST#<time>#<id>`, oldest first,
    // naming the run it belongs to
    let history = partition(&app, &pk, "HIST#").await;
    let actions: Vec<&str> = history.iter().map(|h| s(h, "action")).collect();
    assert_eq!(actions, ["create", "add_test", "add_test", "start", "complete"]);
    for h in &history {
        assert_eq!(s(h, "SK"), format!("HIST#{}#{}", sort_time(s(h, "at")), s(h, "id")));
        assert_eq!((s(h, "entity"), s(h, "campaign_id"), n(h, "run")), ("campaign_event", id.as_str(), 1));
        assert!(!h.contains_key("expires_at"), "the history is kept");
        assert_attributes(h, "PK SK entity version id campaign_id at actor action run summary");
    }
    assert_eq!((s(&history[0], "at"), s(&history[0], "actor")), (s(&item, "created_at"), lead));
    // The summary is a map, not JSON text.
    assert_eq!(s(history[0]["summary"].as_m().unwrap(), "name"), "Once");
    let done = history[4]["summary"].as_m().unwrap();
    assert_eq!((n(done, "run"), n(done, "techniques")), (1, 2));
}
