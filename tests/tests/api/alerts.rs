//! Alert rules end to end: managed by leads with every parameter and reference checked, each
//! kind firing on a crafted state and staying quiet after (cooldown, cleared, overlapping
//! evaluations), the on-demand job with its run in `scheduler-status`, and the notification it
//! leaves in the recipients' bell. Evaluations are driven with a fixed clock (`now` is passed).

use crate::helpers::created;
use crate::helpers::{TestApp, error_codes, problem};
use crate::workflow::{Team, act, app_with_team, create, ok, to_review};
use alerts::Outcome::{self, Clear, Fired, Overlapped, StillHolding};
use chrono::{DateTime, Duration, Utc};
use domain::alerts::AlertRule;
use serde_json::{Value, json};

/// Creates a rule telling the blue leads (and naming nothing else) and returns it as stored.
async fn rule(app: &TestApp, lead: &str, condition: Value, cooldown: u32) -> AlertRule {
    let body = json!({ "name": format!("rule {}", condition["kind"]), "condition": condition, "severity": "high",
        "recipients": { "roles": ["blue_lead"] }, "cooldown_minutes": cooldown });
    let r = created(app.post("/api/v1/alert-rules", lead, &body).await).await;
    let id = r["id"].as_str().unwrap().parse().unwrap();
    store::alerts::get_rule(&app.state.db, id).await.unwrap().unwrap()
}

async fn eval(app: &TestApp, rule: &AlertRule, now: DateTime<Utc>) -> Outcome {
    alerts::evaluate_rule(&app.state, rule, now).await.unwrap()
}

async fn events(app: &TestApp, rule: &AlertRule, token: &str) -> Vec<Value> {
    let page = ok(app.get(&format!("/api/v1/alert-rules/{}/events", rule.id), token).await).await;
    page["items"].as_array().unwrap().clone()
}

fn subjects(event: &Value) -> Vec<&str> {
    event["matched"].as_array().unwrap().iter().map(|m| m["subject"].as_str().unwrap()).collect()
}

async fn validate(app: &TestApp, team: &Team, technique: &str, result: &str) -> String {
    let id = to_review(app, team, technique, result).await;
    ok(act(app, &id, "vote", &team.red_lead, json!({ "decision": "approve" })).await).await;
    ok(act(app, &id, "vote", &team.blue_lead, json!({ "decision": "approve" })).await).await;
    id
}

#[tokio::test]
async fn rules_are_managed_by_leads_with_every_parameter_and_reference_checked() {
    let (app, team) = app_with_team().await;
    let good = json!({ "name": " Execution weak ", "condition": { "kind": "tactic_score_below", "tactic": "TA0002", "threshold": 40 },
        "severity": "high", "recipients": { "roles": ["blue_lead", "red_lead", "blue_lead"] } });
    problem(app.post("/api/v1/alert-rules", &team.red_tech, &good).await, 403).await;
    problem(app.get("/api/v1/alert-rules", &team.viewer).await, 403).await;

    // given a rule breaking several rules at once, when created, then each is named
    let bad = json!({ "name": "", "condition": { "kind": "tactic_score_below", "tactic": "nope", "threshold": 120 },
        "severity": "high", "recipients": { "users": [uuid::Uuid::new_v4()] }, "channels": [uuid::Uuid::new_v4()],
        "cooldown_minutes": 200000 });
    let p = problem(app.post("/api/v1/alert-rules", &team.red_lead, &bad).await, 422).await;
    let mut codes = error_codes(&p);
    codes.sort();
    assert_eq!(codes, ["length", "range", "range", "unknown", "unknown", "unknown"], "{p}");
    let no_one = json!({ "name": "x", "condition": { "kind": "coverage_regressed" }, "severity": "low" });
    assert_eq!(
        error_codes(&problem(app.post("/api/v1/alert-rules", &team.red_lead, &no_one).await, 422).await),
        ["required"]
    );
    let unknown_kind = json!({ "name": "x", "condition": { "kind": "moon_phase" }, "severity": "low", "recipients": { "roles": ["admin"] } });
    problem(app.post("/api/v1/alert-rules", &team.red_lead, &unknown_kind).await, 422).await;
    let missing_param = json!({ "name": "x", "condition": { "kind": "tests_stuck", "days": 3 }, "severity": "low", "recipients": { "roles": ["admin"] } });
    problem(app.post("/api/v1/alert-rules", &team.red_lead, &missing_param).await, 422).await;
    let actor = json!({ "name": "x", "condition": { "kind": "threat_actor_score_below", "threat_actor": "G9999", "threshold": 5 }, "severity": "low", "recipients": { "roles": ["admin"] } });
    assert_eq!(
        error_codes(&problem(app.post("/api/v1/alert-rules", &team.red_lead, &actor).await, 422).await),
        ["unknown"]
    );

    // created: the tactic's shortname, the name trimmed, roles once, a day's cooldown
    let r = created(app.post("/api/v1/alert-rules", &team.red_lead, &good).await).await;
    assert_eq!(
        r["condition"],
        json!({ "kind": "tactic_score_below", "tactic": "execution", "threshold": 40.0 })
    );
    assert_eq!(
        (r["name"].as_str(), r["enabled"].as_bool(), r["cooldown_minutes"].as_u64()),
        (Some("Execution weak"), Some(true), Some(1440))
    );
    assert_eq!(r["recipients"]["roles"], json!(["red_lead", "blue_lead"]));
    let path = format!("/api/v1/alert-rules/{}", r["id"].as_str().unwrap());
    let list = ok(app.get("/api/v1/alert-rules", &team.blue_lead).await).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(ok(app.get(&path, &team.blue_lead).await).await["id"], r["id"]);

    // changed on the version read only
    problem(app.patch(&path, &team.blue_lead, &json!({ "version": 7, "enabled": false })).await, 409).await;
    let changed = ok(app.patch(&path, &team.blue_lead, &json!({ "version": 1, "enabled": false, "condition": { "kind": "org_score_below", "threshold": 10 } })).await).await;
    assert_eq!((changed["version"].as_u64(), changed["enabled"].as_bool()), (Some(2), Some(false)));
    assert_eq!(changed["condition"]["kind"], "org_score_below");
    problem(
        app.patch(
            &path,
            &team.blue_lead,
            &json!({ "version": 2, "condition": { "kind": "validation_stale", "days": 0 } }),
        )
        .await,
        422,
    )
    .await;
    let audited: Vec<String> = app
        .audit("target_type=alert_rule")
        .await
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(audited, ["alert_rule.update", "alert_rule.create"]);

    assert_eq!(app.delete(&path, &team.red_lead).await.status(), 204);
    problem(app.get(&path, &team.red_lead).await, 404).await;
    problem(app.delete(&path, &team.red_lead).await, 404).await;
}

#[tokio::test]
async fn score_rules_fire_when_they_start_to_hold_again_after_the_cooldown_and_clear_when_covered() {
    let (app, team) = app_with_team().await;
    let t0 = Utc::now();
    let org = rule(&app, &team.red_lead, json!({ "kind": "org_score_below", "threshold": 50 }), 60).await;
    let tactic = rule(
        &app,
        &team.red_lead,
        json!({ "kind": "tactic_score_below", "tactic": "execution", "threshold": 1 }),
        60,
    )
    .await;
    let actor = rule(
        &app,
        &team.red_lead,
        json!({ "kind": "threat_actor_score_below", "threat_actor": "g0001", "threshold": 1 }),
        60,
    )
    .await;

    // given nothing tested (every score 0): each fires once, then holds quietly in its cooldown
    for r in [&org, &tactic, &actor] {
        assert_eq!(eval(&app, r, t0).await, Fired, "{}", r.name);
        assert_eq!(eval(&app, r, t0 + Duration::minutes(59)).await, StillHolding);
    }
    // past the cooldown, a condition that kept holding fires again
    assert_eq!(eval(&app, &org, t0 + Duration::minutes(61)).await, Fired);
    let fired = events(&app, &org, &team.viewer).await;
    assert_eq!(fired.len(), 2);
    assert_eq!(fired[0]["summary"], "organisation score 0.0 is below the threshold 50.0");
    assert_eq!(fired[0]["notified"], 1, "the blue lead");

    // when T1001 (Execution, used by G0001) is validated as prevented, the tactic and actor clear
    validate(&app, &team, "T1001", "prevented").await;
    assert_eq!(eval(&app, &tactic, t0 + Duration::minutes(62)).await, Clear);
    assert_eq!(eval(&app, &actor, t0 + Duration::minutes(62)).await, Clear);
    assert_eq!(events(&app, &tactic, &team.viewer).await.len(), 1);
    assert_eq!(subjects(&events(&app, &actor, &team.viewer).await[0]), ["G0001"]);
}

#[tokio::test]
async fn work_and_knowledge_rules_fire_on_what_is_late_and_stay_quiet_after() {
    let (app, team) = app_with_team().await;
    let t0 = Utc::now();
    let regressed = rule(&app, &team.red_lead, json!({ "kind": "coverage_regressed" }), 1440).await;
    let stuck =
        rule(&app, &team.red_lead, json!({ "kind": "tests_stuck", "state": "draft", "days": 7 }), 1440).await;
    let overdue =
        rule(&app, &team.red_lead, json!({ "kind": "remediation_overdue", "grace_days": 1 }), 1440).await;
    let stale = rule(&app, &team.red_lead, json!({ "kind": "validation_stale", "days": 30 }), 1440).await;
    let unreviewed =
        rule(&app, &team.red_lead, json!({ "kind": "unreviewed_changes", "days": 14 }), 1440).await;

    // coverage: T1001 validated, seen as the baseline; then a later validation that detected
    // nothing makes it fall, which fires once and is the new baseline after
    validate(&app, &team, "T1001", "alerted").await;
    assert_eq!(eval(&app, &regressed, t0).await, Clear, "a first evaluation only sees");
    let gap = validate(&app, &team, "T1001", "none").await;
    assert_eq!(eval(&app, &regressed, t0 + Duration::hours(1)).await, Fired);
    assert_eq!(eval(&app, &regressed, t0 + Duration::hours(2)).await, Clear);
    let e = events(&app, &regressed, &team.viewer).await;
    assert_eq!((e.len(), e[0]["matched"][0]["detail"].as_str()), (1, Some("validated → not_covered")));
    assert_eq!(subjects(&e[0]), ["T1001"]);

    // a draft untouched for more than 7 days
    let draft = create(&app, &team.red_tech, "T1004").await["id"].as_str().unwrap().to_owned();
    assert_eq!(eval(&app, &stuck, t0 + Duration::days(6)).await, Clear);
    assert_eq!(eval(&app, &stuck, t0 + Duration::days(8)).await, Fired);
    assert_eq!(
        eval(&app, &stuck, t0 + Duration::days(8) + Duration::hours(23)).await,
        StillHolding,
        "inside the day of cooldown"
    );
    assert_eq!(eval(&app, &stuck, t0 + Duration::days(9)).await, Fired, "a day later, still stuck");
    assert_eq!(subjects(&events(&app, &stuck, &team.viewer).await[1]), [draft.as_str()]);

    // a remediation step due in 3 days is overdue (1 day of grace) on day 5, not once done
    let due = (t0 + Duration::days(3)).date_naive();
    let step = json!({ "title": "Alert on it", "owner": team.red_tech_name, "due_date": due });
    let step =
        created(app.post(&format!("/api/v1/tests/{gap}/remediation"), &team.blue_lead, &step).await).await;
    assert_eq!(eval(&app, &overdue, t0 + Duration::days(4)).await, Clear);
    assert_eq!(eval(&app, &overdue, t0 + Duration::days(5)).await, Fired);
    assert_eq!(subjects(&events(&app, &overdue, &team.viewer).await[0]), [step["id"].as_str().unwrap()]);
    let path = format!("/api/v1/tests/{gap}/remediation/{}", step["id"].as_str().unwrap());
    ok(app.patch(&path, &team.red_tech, &json!({ "status": "done" })).await).await;
    assert_eq!(eval(&app, &overdue, t0 + Duration::days(6)).await, Clear);

    // validations older than 30 days
    assert_eq!(eval(&app, &stale, t0 + Duration::days(29)).await, Clear);
    assert_eq!(eval(&app, &stale, t0 + Duration::days(31)).await, Fired);
    assert_eq!(subjects(&events(&app, &stale, &team.viewer).await[0]), ["T1001"]);

    // techniques of the synced release not reviewed 14 days after it; a review takes one out
    assert_eq!(eval(&app, &unreviewed, t0 + Duration::days(13)).await, Clear);
    assert_eq!(eval(&app, &unreviewed, t0 + Duration::days(15)).await, Fired);
    assert_eq!(subjects(&events(&app, &unreviewed, &team.viewer).await[0]), ["T1001", "T1001.001", "T1004"]);
    ok(app.post("/api/v1/techniques/T1004/review", &team.blue_lead, &json!({ "reviewed": true })).await)
        .await;
    let dry = ok(app
        .post(&format!("/api/v1/alert-rules/{}/test", unreviewed.id), &team.red_lead, &json!({}))
        .await)
    .await;
    assert_eq!(dry["holds"], false, "today nothing is 14 days old: {dry}");
    let later = alerts::dry_run(&app.state, &unreviewed, t0 + Duration::days(16)).await.unwrap();
    let later: Vec<&str> = later.evaluation.matched.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(later, ["T1001", "T1001.001"]);
}

#[tokio::test]
async fn overlapping_evaluations_record_one_firing_and_one_notification() {
    let (app, team) = app_with_team().await;
    let r = rule(&app, &team.red_lead, json!({ "kind": "org_score_below", "threshold": 50 }), 60).await;
    let now = Utc::now();
    // given two evaluations of one rule at once (no lease between them), only one records
    let (a, b) = tokio::join!(eval(&app, &r, now), eval(&app, &r, now));
    let mut outcomes = [a, b];
    outcomes.sort_by_key(|o| format!("{o:?}"));
    assert_eq!(outcomes, [Fired, Overlapped]);
    // and two whole runs at once: at most one evaluates (lease), and nothing fires again
    let (x, y) = tokio::join!(
        alerts::run(&app.state, uuid::Uuid::new_v4(), now + Duration::minutes(1)),
        alerts::run(&app.state, uuid::Uuid::new_v4(), now + Duration::minutes(1))
    );
    let (x, y) = (x.unwrap(), y.unwrap());
    assert_eq!(x.fired + y.fired, 0, "{x:?} {y:?}");
    assert_eq!(events(&app, &r, &team.viewer).await.len(), 1);
    let bell = ok(app.get("/api/v1/notifications", &team.blue_lead).await).await;
    let alerts: Vec<&Value> =
        bell["items"].as_array().unwrap().iter().filter(|n| n["kind"] == "alert_fired").collect();
    assert_eq!(alerts.len(), 1);
    assert_eq!(
        alerts[0]["message"],
        "[high] rule \"org_score_below\": organisation score 0.0 is below the threshold 50.0"
    );
}

#[tokio::test]
async fn the_admin_runs_the_evaluation_on_demand_and_its_outcome_shows_in_the_scheduler_status() {
    let (app, team) = app_with_team().await;
    let r = rule(&app, &team.blue_lead, json!({ "kind": "org_score_below", "threshold": 50 }), 60).await;
    let disabled =
        rule(&app, &team.blue_lead, json!({ "kind": "org_score_below", "threshold": 60 }), 60).await;
    ok(app
        .patch(
            &format!("/api/v1/alert-rules/{}", disabled.id),
            &team.blue_lead,
            &json!({ "version": 1, "enabled": false }),
        )
        .await)
    .await;
    let dry =
        ok(app.post(&format!("/api/v1/alert-rules/{}/test", r.id), &team.blue_lead, &json!({})).await).await;
    assert_eq!(
        (dry["holds"].as_bool(), dry["would_fire"].as_bool(), dry["recipients"].as_u64()),
        (Some(true), Some(true), Some(1))
    );
    assert!(events(&app, &r, &team.viewer).await.is_empty(), "a dry run records nothing");

    problem(app.post("/api/v1/system/jobs/alert-evaluation", &team.red_lead, &json!({})).await, 403).await;
    let res = app.post("/api/v1/system/jobs/alert-evaluation", &app.admin_token, &json!({})).await;
    assert_eq!(res.status(), 202);
    let run_id = res.json::<Value>().await.unwrap()["run_id"].as_str().unwrap().to_owned();
    let mut job = Value::Null;
    for _ in 0..100 {
        let status = ok(app.get("/api/v1/system/scheduler-status", &app.admin_token).await).await;
        job = status["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|j| j["name"] == "alert-evaluation")
            .unwrap()
            .clone();
        if job["last_run_id"] == run_id.as_str() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        (job["last_run_id"].as_str(), job["last_status"].as_str()),
        (Some(run_id.as_str()), Some("succeeded")),
        "{job}"
    );
    assert_eq!(job["schedule"], "rate(1 hour)");
    let names: Vec<String> =
        ok(app.get("/api/v1/system/scheduler-status", &app.admin_token).await).await["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j["name"].as_str().unwrap().to_owned())
            .collect();
    for name in ["mitre-sync", "snapshots", "campaigns", "alert-evaluation"] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }

    let fired = events(&app, &r, &team.viewer).await;
    assert_eq!(fired.len(), 1);
    assert!(events(&app, &disabled, &team.viewer).await.is_empty(), "a disabled rule is not evaluated");
    let all = ok(app.get("/api/v1/alert-events", &team.red_tech).await).await;
    assert_eq!(all["items"][0]["rule_id"], r.id.to_string());
    let bell = ok(app.get("/api/v1/notifications?unread=true", &team.blue_lead).await).await;
    assert!(bell["items"].as_array().unwrap().iter().any(|n| n["kind"] == "alert_fired"), "{bell}");
    let dry =
        ok(app.post(&format!("/api/v1/alert-rules/{}/test", r.id), &team.blue_lead, &json!({})).await).await;
    assert_eq!(dry["would_fire"], false, "in its cooldown: {dry}");
    assert!(dry["reason"].as_str().unwrap().contains("cooldown"));
}
