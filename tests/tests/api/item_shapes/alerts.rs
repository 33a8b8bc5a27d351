//! Alerting and threat intel: alert rules with their evaluation state and firings, webhook
//! channels with their deliveries (in the pending index until answered), and the intel scan's
//! baseline, changes and tracked actors (one `INTEL` partition).

use super::{app_with_team, assert_attributes, n, ok, partition, raw, s, sort_time};
use crate::helpers::created;
use crate::intel::{scanned_release, sync_release};
use crate::workflow::eventually;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, TimeZone, Utc};
use serde_json::json;
use uuid::Uuid;

/// The fixed clock evaluations are driven with: 2026-11-20T10:00:00.123456789Z.
fn instant() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap() + chrono::Duration::nanoseconds(123_456_789)
}

/// [`instant`] as sort keys write it: to the microsecond.
const INSTANT: &str = "2026-11-20T10:00:00.123456Z";

const CHANNEL: &str = "PK SK GSI1PK GSI1SK entity version id name url format enabled secret_id created_by \
    created_at updated_at health";

const DELIVERY: &str = "PK SK entity version id channel_id event_id rule_id summary state attempts \
    status_code error created_at finished_at";

const CHANGES: &str = "PK SK entity version from_release to_release scanned_at actors";

#[tokio::test]
async fn the_alert_rule_state_and_event_items() {
    // given a rule telling the blue leads when the organisation score is below 50 (written by
    // the admin, who passes the leads' guard)
    let (app, _) = app_with_team().await;
    let body = json!({ "name": "Org weak", "condition": { "kind": "org_score_below", "threshold": 50 },
        "severity": "high", "recipients": { "roles": ["blue_lead"] }, "cooldown_minutes": 60 });
    let rule = created(app.post("/api/v1/alert-rules", &app.admin_token, &body).await).await;
    let id = rule["id"].as_str().unwrap().to_owned();
    let pk = format!("ALERTRULE#{id}");

    // then the rule is `ALERTRULE#<id>` / META, listed under ALERTRULES by creation time
    let item = raw(&app, &pk, "META").await;
    assert_eq!(s(&item, "entity"), "alert_rule");
    assert_eq!(
        (s(&item, "GSI1PK"), s(&item, "GSI1SK")),
        ("ALERTRULES", format!("{}#{id}", sort_time(s(&item, "created_at"))).as_str())
    );
    // The condition is one map, its kind beside its parameters.
    let condition = item["condition"].as_m().unwrap();
    assert_eq!(s(condition, "kind"), "org_score_below");
    assert_eq!(condition["threshold"].as_n().map(String::as_str), Ok("50"));
    assert_attributes(condition, "kind threshold");
    assert_eq!((s(&item, "severity"), s(&item, "created_by")), ("high", "admin"));
    assert_eq!((n(&item, "cooldown_minutes"), n(&item, "version")), (60, 1));
    let recipients = item["recipients"].as_m().unwrap();
    assert_eq!(recipients["roles"].as_l().unwrap(), &[AttributeValue::S("blue_lead".into())]);
    assert!(item["channels"].as_l().unwrap().is_empty());
    assert!(!item.contains_key("expires_at"));
    assert_attributes(
        &item,
        "PK SK GSI1PK GSI1SK entity version id name description enabled condition severity recipients \
         channels cooldown_minutes created_by created_at updated_at",
    );

    // when it is evaluated with nothing tested (the organisation score is 0)
    let stored = store::alerts::get_rule(&app.state.db, id.parse().unwrap()).await.unwrap().unwrap();
    assert_eq!(alerts::evaluate_rule(&app.state, &stored, instant()).await.unwrap(), alerts::Outcome::Fired);

    // then its state is `ALERTRULE#<id>` / STATE, on a version of its own: held, fired then
    let state = raw(&app, &pk, "STATE").await;
    assert_eq!((s(&state, "entity"), s(&state, "rule_id")), ("alert_state", id.as_str()));
    assert_eq!((state["active"].as_bool(), n(&state, "version")), (Ok(&true), 1));
    assert_eq!(sort_time(s(&state, "last_fired_at")), INSTANT);
    assert_eq!(s(&state, "last_evaluated_at"), s(&state, "last_fired_at"));
    assert!(state["baseline"].as_m().unwrap().is_empty(), "only regression rules keep one");
    assert!(!state.contains_key("expires_at"));
    let state_attributes = "PK SK entity version rule_id active last_evaluated_at last_fired_at baseline";
    assert_attributes(&state, state_attributes);

    // when it is evaluated again inside its cooldown, only the state moves on
    let later = instant() + chrono::Duration::minutes(5);
    assert_eq!(
        alerts::evaluate_rule(&app.state, &stored, later).await.unwrap(),
        alerts::Outcome::StillHolding
    );
    let state = raw(&app, &pk, "STATE").await;
    assert_eq!(n(&state, "version"), 2);
    assert_eq!(sort_time(s(&state, "last_evaluated_at")), "2026-11-20T10:05:00.123456Z");
    assert_eq!(sort_time(s(&state, "last_fired_at")), INSTANT);
    assert_attributes(&state, state_attributes);

    // and the one firing is `EVENT#<time to the microsecond>#<id>` in the rule's partition,
    // listed across rules in GSI2 (ALERTEVENTS), kept without a TTL
    let events = partition(&app, &pk, "EVENT#").await;
    assert_eq!(events.len(), 1, "fired once");
    let event = &events[0];
    let eid = s(event, "id");
    assert_eq!(s(event, "SK"), format!("EVENT#{INSTANT}#{eid}"));
    assert_eq!(
        (s(event, "GSI2PK"), s(event, "GSI2SK")),
        ("ALERTEVENTS", format!("{INSTANT}#{eid}").as_str())
    );
    assert_eq!(
        (s(event, "entity"), s(event, "rule_id"), s(event, "kind")),
        ("alert_event", id.as_str(), "org_score_below")
    );
    assert_eq!(s(event, "summary"), "organisation score 0.0 is below the threshold 50.0");
    assert_eq!(
        (s(event, "rule_name"), s(event, "severity"), n(event, "notified")),
        ("Org weak", "high", 1),
        "the blue lead"
    );
    let matched = event["matched"].as_l().unwrap();
    assert_eq!(matched.len(), 1);
    assert_eq!(s(matched[0].as_m().unwrap(), "subject"), "organisation");
    assert!(event["channels"].as_l().unwrap().is_empty());
    // Written once and never changed: the version is the store's 1.
    assert_eq!(n(event, "version"), 1);
    assert!(!event.contains_key("expires_at"));
    assert_attributes(
        event,
        "PK SK GSI2PK GSI2SK entity version id rule_id rule_name kind severity fired_at summary matched \
         notified channels",
    );
}

#[tokio::test]
async fn the_alert_channel_and_delivery_items_pending_then_answered() {
    // given a channel the admin creates (its host is resolved only when a delivery is sent)
    let (app, team) = app_with_team().await;
    let body = json!({ "name": "SOC", "url": "https://hooks.example.com/aegis", "format": "slack" });
    let made = created(app.post("/api/v1/alert-channels", &app.admin_token, &body).await).await;
    let cid = made["channel"]["id"].as_str().unwrap().to_owned();
    let secret = made["secret"].as_str().unwrap();
    let pk = format!("ALERTCHANNEL#{cid}");

    // then the channel is `ALERTCHANNEL#<id>` / META, listed under ALERTCHANNELS by creation
    // time, naming its secret in Secrets Manager (never holding it), with an empty health
    let item = raw(&app, &pk, "META").await;
    assert_eq!(s(&item, "entity"), "alert_channel");
    assert_eq!(
        (s(&item, "GSI1PK"), s(&item, "GSI1SK")),
        ("ALERTCHANNELS", format!("{}#{cid}", sort_time(s(&item, "created_at"))).as_str())
    );
    assert_eq!((s(&item, "url"), s(&item, "format")), ("https://hooks.example.com/aegis", "slack"));
    assert_eq!(s(&item, "secret_id"), format!("aegis/alert-channels/{cid}"));
    assert!(!format!("{item:?}").contains(secret), "the secret is not stored in the table");
    assert_eq!((item["enabled"].as_bool(), n(&item, "version")), (Ok(&true), 1));
    let health = item["health"].as_m().unwrap();
    assert_eq!((n(health, "delivered"), n(health, "failed"), n(health, "consecutive_failures")), (0, 0, 0));
    assert!(health["last_state"].is_null() && health["last_delivery_at"].is_null());
    assert_attributes(health, "delivered failed consecutive_failures last_delivery_at last_state last_error");
    assert!(!item.contains_key("expires_at"));
    assert_attributes(&item, CHANNEL);

    // given a rule sending to it, and a firing recorded with the channel's pending delivery.
    // Written here directly, as the evaluation's transaction writes it: through the evaluation
    // the delivery is sent and answered before the call returns.
    let rule = json!({ "name": "Org weak", "condition": { "kind": "org_score_below", "threshold": 50 },
        "severity": "high", "channels": [cid], "cooldown_minutes": 60 });
    let rule = created(app.post("/api/v1/alert-rules", &team.blue_lead, &rule).await).await;
    let rule = store::alerts::get_rule(&app.state.db, rule["id"].as_str().unwrap().parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let channel: Uuid = cid.parse().unwrap();
    let event = domain::alerts::AlertEvent {
        id: Uuid::new_v4(),
        rule_id: rule.id,
        rule_name: rule.name.clone(),
        kind: "org_score_below".into(),
        severity: rule.severity,
        fired_at: instant(),
        summary: "organisation score 0.0 is below the threshold 50.0".into(),
        matched: vec![],
        notified: 0,
        channels: vec![channel],
    };
    let pending = alerts::webhook::pending(channel, &event);
    let state = store::alerts::state(&app.state.db, rule.id).await.unwrap();
    let next = domain::alerts::RuleState { version: state.version + 1, ..state.clone() };
    store::alerts::record(&app.state.db, &state, &next, Some((&event, &[], std::slice::from_ref(&pending))))
        .await
        .unwrap();

    // then the delivery is `ALERTCHANNEL#<id>` / `DELIVERY#<firing's time>#<id>`, its id derived
    // from the firing and the channel, and in the pending index the sweeper reads
    let did = domain::alerts::Delivery::id_for(event.id, channel);
    let sk = format!("DELIVERY#{INSTANT}#{did}");
    let item = raw(&app, &pk, &sk).await;
    assert_eq!((s(&item, "entity"), s(&item, "state")), ("alert_delivery", "pending"));
    assert_eq!(
        (s(&item, "GSI1PK"), s(&item, "GSI1SK")),
        ("DELIVERIES#PENDING", format!("{INSTANT}#{did}").as_str())
    );
    assert_eq!(
        (s(&item, "channel_id"), s(&item, "event_id"), s(&item, "rule_id")),
        (cid.as_str(), event.id.to_string().as_str(), rule.id.to_string().as_str())
    );
    assert_eq!(s(&item, "summary"), "Org weak: organisation score 0.0 is below the threshold 50.0");
    assert_eq!((n(&item, "attempts"), n(&item, "version")), (0, 1));
    assert!(item["status_code"].is_null() && item["error"].is_null() && item["finished_at"].is_null());
    assert!(!item.contains_key("expires_at"), "kept as the channel's history");
    assert_attributes(&item, &format!("{DELIVERY} GSI1PK GSI1SK"));

    // when the admin disables the channel and the sweeper sends the stranded delivery again (a
    // disabled channel fails it at once, contacting no one)
    let path = format!("/api/v1/alert-channels/{cid}");
    ok(app.patch(&path, &app.admin_token, &json!({ "version": 1, "enabled": false })).await).await;
    assert_eq!(alerts::webhook::sweep(&app.state, Utc::now()).await.unwrap(), 1);

    // then the same item says how it ended and has left the pending index
    let item = raw(&app, &pk, &sk).await;
    assert_eq!((s(&item, "state"), s(&item, "error")), ("failed", "the channel is disabled"));
    assert_eq!(n(&item, "attempts"), 0);
    assert!(item["finished_at"].is_s() && item["status_code"].is_null());
    assert_attributes(&item, DELIVERY);

    // and the channel's health counts it, without raising the version the admin's edit set
    let item = raw(&app, &pk, "META").await;
    let health = item["health"].as_m().unwrap();
    assert_eq!(
        (n(health, "failed"), n(health, "consecutive_failures"), s(health, "last_state")),
        (1, 1, "failed")
    );
    assert_eq!(s(health, "last_error"), "the channel is disabled");
    assert_eq!((item["enabled"].as_bool(), n(&item, "version")), (Ok(&false), 2));
    assert_attributes(&item, CHANNEL);
}

#[tokio::test]
async fn the_intel_baseline_changes_and_tracked_actors_items() {
    // given the first release synced and scanned
    let (app, team) = app_with_team().await;
    eventually("the first scan", async || scanned_release(&app).await.as_deref() == Some("1.1")).await;

    // then its changes are `INTEL` / CHANGES, comparing with nothing: no release before, no actor
    let changes = raw(&app, "INTEL", "CHANGES").await;
    assert_eq!((s(&changes, "entity"), s(&changes, "to_release")), ("intel_changes", "1.1"));
    assert!(changes["from_release"].is_null(), "the first scan only records where the next starts");
    assert!(changes["actors"].as_l().unwrap().is_empty());
    assert_attributes(&changes, CHANGES);

    // when the next release is synced and scanned
    sync_release(&app, "mini-enterprise-v2.json").await;
    eventually("the scan of 1.2", async || scanned_release(&app).await.as_deref() == Some("1.2")).await;

    // then the baseline is `INTEL` / BASELINE: every current actor's techniques as of 1.2
    let baseline = raw(&app, "INTEL", "BASELINE").await;
    assert_eq!((s(&baseline, "entity"), s(&baseline, "release")), ("intel_baseline", "1.2"));
    let g0001 = baseline["actors"].as_m().unwrap()["G0001"].as_l().unwrap();
    assert!(g0001.contains(&AttributeValue::S("T1005".into())), "{g0001:?}");
    // Replaced whole by each scan, guarded by the scan time read, not by a version: the store's 1.
    assert_eq!(n(&baseline, "version"), 1);
    assert!(!baseline.contains_key("expires_at"));
    assert_attributes(&baseline, "PK SK entity version release scanned_at actors");

    // and the changes say what 1.2 changed since 1.1, written in the baseline's transaction
    let changes = raw(&app, "INTEL", "CHANGES").await;
    assert_eq!((s(&changes, "from_release"), s(&changes, "to_release")), ("1.1", "1.2"));
    assert_eq!(s(&changes, "scanned_at"), s(&baseline, "scanned_at"));
    let actor = changes["actors"]
        .as_l()
        .unwrap()
        .iter()
        .filter_map(|a| a.as_m().ok())
        .find(|a| s(a, "actor") == "G0001")
        .expect("G0001 changed");
    assert_eq!(s(actor, "name"), "Fixture Panda");
    assert_eq!(actor["gained"].as_l().unwrap(), &[AttributeValue::S("T1005".into())]);
    assert!(actor["lost"].as_l().unwrap().is_empty());
    assert_attributes(actor, "actor name gained lost");
    assert_attributes(&changes, CHANGES);

    // when a lead tracks an actor
    let track = json!({ "tracked": true });
    ok(app.put("/api/v1/threat-actors/G0001/tracked", &team.blue_lead, &track).await).await;

    // then the tracked actors are one string set, `INTEL` / TRACKED, changed in place by set
    // updates (concurrent changes of different actors both apply): no version, nothing else
    let tracked = raw(&app, "INTEL", "TRACKED").await;
    assert_eq!(s(&tracked, "entity"), "intel_tracked");
    assert_eq!(tracked["actors"].as_ss().unwrap(), &["G0001".to_owned()]);
    assert_attributes(&tracked, "PK SK entity actors");
}
