//! Campaigns end to end: from a threat actor (with and without templates), dependencies as a DAG
//! that hold a test back until its dependency is far enough, completion with its summary, and
//! the recurring job that starts each due run once, on the calendar.

use crate::content::{atomics, tar_gz};
use crate::helpers::created;
use crate::helpers::{TestApp, error_codes, problem};
use crate::workflow::{Team, act, app_with_team, blue_body, ok, red_body};
use chrono::{DateTime, Datelike, Utc};
use serde_json::{Value, json};
use std::time::Duration;

async fn import_atomics(app: &TestApp) {
    let res = app
        .request(
            reqwest::Method::POST,
            "/api/v1/data-sources/atomic-red-team/import?filename=a.tar.gz",
            Some(&app.admin_token),
        )
        .header("content-type", "application/octet-stream")
        .body(tar_gz(&atomics(false)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let run_id = res.json::<Value>().await.unwrap()["run_id"].as_str().unwrap().to_owned();
    for _ in 0..200 {
        let run = ok(app.get(&format!("/api/v1/data-sources/runs/{run_id}"), &app.admin_token).await).await;
        if run["status"] != "running" {
            assert_eq!(run["status"], "succeeded", "{run}");
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the import did not finish");
}

#[tokio::test]
async fn a_campaign_from_a_threat_actor_has_one_test_per_current_technique_in_kill_chain_phases() {
    let (app, team) = app_with_team().await;
    problem(
        app.post(
            "/api/v1/campaigns/from-threat-actor",
            &team.red_tech,
            &json!({ "threat_actor_id": "G0001" }),
        )
        .await,
        403,
    )
    .await;
    let unknown = app
        .post("/api/v1/campaigns/from-threat-actor", &team.red_lead, &json!({ "threat_actor_id": "G9999" }))
        .await;
    assert_eq!(error_codes(&problem(unknown, 422).await), ["unknown"]);

    // Without templates: bare tests. G0001 uses T1001, T1004 and T1002 (revoked: left out).
    // The fixture's G0001 uses T1001 and T1002; T1002 is revoked.
    let actor = ok(app.get("/api/v1/threat-actors/G0001", &team.viewer).await).await;
    assert_eq!(actor["technique_ids"], json!(["T1001", "T1002"]));
    let bare = created(
        app.post(
            "/api/v1/campaigns/from-threat-actor",
            &team.red_lead,
            &json!({ "threat_actor_id": "G0001" }),
        )
        .await,
    )
    .await;
    assert_eq!((bare["tests"].as_u64(), bare["from_template"].as_u64()), (Some(1), Some(0)));
    let phases: Vec<&str> =
        bare["campaign"]["phases"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    // T1001 is in Execution and Persistence; the fixture's matrix puts Persistence first.
    assert_eq!(phases, ["Persistence"], "a technique's first tactic in kill-chain order");
    let techniques: Vec<&str> = bare["campaign"]["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["technique_id"].as_str().unwrap())
        .collect();
    assert_eq!(techniques, ["T1001"]);
    assert_eq!(bare["campaign"]["tests"][0]["title"], "T1001: Alpha Execution");
    assert_eq!(bare["campaign"]["threat_actor"], "G0001");

    // With the Atomic templates: each technique's best one, procedure resolved.
    import_atomics(&app).await;
    let r = created(
        app.post(
            "/api/v1/campaigns/from-threat-actor",
            &team.red_lead,
            &json!({ "threat_actor_id": "g0001", "name": "Panda Q1" }),
        )
        .await,
    )
    .await;
    assert_eq!((r["tests"].as_u64(), r["from_template"].as_u64()), (Some(1), Some(1)));
    let id = r["campaign"]["id"].as_str().unwrap();
    let detail = ok(app.get(&format!("/api/v1/campaigns/{id}"), &team.viewer).await).await;
    assert_eq!(detail["name"], "Panda Q1");
    let t1001 =
        detail["test_states"].as_array().unwrap().iter().find(|t| t["technique_id"] == "T1001").unwrap();
    assert_eq!(t1001["title"], "Alpha one", "the first of T1001's Atomic tests by name");
    assert!(t1001["template_id"].is_string());
    assert_eq!(detail["progress"]["by_state"]["draft"], 1);
    let test =
        ok(app.get(&format!("/api/v1/tests/{}", t1001["test_id"].as_str().unwrap()), &team.viewer).await)
            .await;
    assert!(test["procedure"].as_str().unwrap().contains("C:\\Temp\\out.txt"), "{}", test["procedure"]);
    assert_eq!(test["campaign_id"], id);

    // Only gaps: once T1001 is validated, the actor leaves nothing to test.
    let t = t1001["test_id"].as_str().unwrap();
    validate(&app, &team, t).await;
    let gaps = app
        .post(
            "/api/v1/campaigns/from-threat-actor",
            &team.blue_lead,
            &json!({ "threat_actor_id": "G0001", "only_gaps": true }),
        )
        .await;
    assert_eq!(error_codes(&problem(gaps, 422).await), ["no_techniques"]);
    let listed = ok(app.get("/api/v1/campaigns?actor=G0001", &team.viewer).await).await;
    assert_eq!(listed["total"], 2);
    assert_eq!(listed["items"][0]["id"], r["campaign"]["id"], "newest first");
}

async fn validate(app: &TestApp, team: &Team, id: &str) {
    ok(act(app, id, "start-execution", &team.red_tech, json!({})).await).await;
    ok(act(app, id, "submit-red", &team.red_tech, red_body()).await).await;
    ok(act(app, id, "submit-blue", &team.blue_tech, blue_body("alerted")).await).await;
    ok(act(app, id, "vote", &team.red_lead, json!({ "decision": "approve" })).await).await;
    ok(act(app, id, "vote", &team.blue_lead, json!({ "decision": "approve" })).await).await;
}

async fn add(app: &TestApp, lead: &str, id: &str, body: Value) -> String {
    created(app.post(&format!("/api/v1/campaigns/{id}/tests"), lead, &body).await).await["test_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn dependencies_form_a_dag_and_hold_a_test_back_until_the_one_before_reaches_blue_evaluating() {
    let (app, team) = app_with_team().await;
    let c = created(
        app.post(
            "/api/v1/campaigns",
            &team.red_lead,
            &json!({ "name": "Chain", "phases": [{ "name": "Access" }, { "name": "Run" }] }),
        )
        .await,
    )
    .await;
    let id = c["id"].as_str().unwrap();
    let (access, run) = (c["phases"][0]["id"].as_str().unwrap(), c["phases"][1]["id"].as_str().unwrap());
    let first = add(
        &app,
        &team.red_lead,
        id,
        json!({ "technique_id": "T1004", "title": "Phish", "phase_id": access }),
    )
    .await;
    let second = add(
        &app,
        &team.red_lead,
        id,
        json!({ "technique_id": "T1001", "title": "Execute", "phase_id": run, "depends_on": [first] }),
    )
    .await;

    let cycle = app
        .patch(
            &format!("/api/v1/campaigns/{id}/tests/{first}"),
            &team.red_lead,
            &json!({ "depends_on": [second] }),
        )
        .await;
    let cycle = problem(cycle, 422).await;
    assert_eq!(error_codes(&cycle), ["cycle"]);
    let message = cycle["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("Phish") && message.contains("Execute") && message.contains("→"), "{message}");
    let foreign = app
        .post(
            &format!("/api/v1/campaigns/{id}/tests"),
            &team.red_lead,
            &json!({ "technique_id": "T1001", "depends_on": [uuid::Uuid::new_v4()] }),
        )
        .await;
    assert_eq!(error_codes(&problem(foreign, 422).await), ["outside_campaign"]);
    let held = app.delete(&format!("/api/v1/campaigns/{id}/tests/{first}"), &team.red_lead).await;
    assert_eq!(error_codes(&problem(held, 422).await), ["depended_on"]);

    // The dependant cannot start: refused, not offered, and not in the red tech's tasks.
    let refused = problem(act(&app, &second, "start-execution", &team.red_tech, json!({})).await, 409).await;
    assert!(refused["detail"].as_str().unwrap().contains(&first), "{refused}");
    let detail = ok(app.get(&format!("/api/v1/tests/{second}"), &team.red_tech).await).await;
    assert_eq!(detail["allowed_actions"], json!([]));
    assert_eq!(detail["blocked_by"][0]["id"], first.as_str());
    let tasks = |token: String| {
        let app = &app;
        async move {
            let list = ok(app.get("/api/v1/tests/my-tasks", &token).await).await;
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    let mine = tasks(team.red_tech.clone()).await;
    assert!(mine.contains(&first) && !mine.contains(&second), "{mine:?}");
    let view = ok(app.get(&format!("/api/v1/campaigns/{id}"), &team.viewer).await).await;
    let blocked =
        view["test_states"].as_array().unwrap().iter().find(|t| t["test_id"] == second.as_str()).unwrap();
    assert_eq!(blocked["blocked_by"][0], first.as_str());

    // Once the first reaches blue_evaluating, the second may start.
    ok(act(&app, &first, "start-execution", &team.red_tech, json!({})).await).await;
    problem(act(&app, &second, "start-execution", &team.red_tech, json!({})).await, 409).await;
    ok(act(&app, &first, "submit-red", &team.red_tech, red_body()).await).await;
    assert!(tasks(team.red_tech.clone()).await.contains(&second));
    let started = ok(act(&app, &second, "start-execution", &team.red_tech, json!({})).await).await;
    assert_eq!(started["state"], "red_executing");
}

#[tokio::test]
async fn completing_records_the_summary_and_history_keeps_every_change() {
    let (app, team) = app_with_team().await;
    let c = created(
        app.post(
            "/api/v1/campaigns",
            &team.blue_lead,
            &json!({ "name": "Once", "objective": "Check T1001" }),
        )
        .await,
    )
    .await;
    let id = c["id"].as_str().unwrap();
    problem(app.post(&format!("/api/v1/campaigns/{id}/start"), &team.blue_lead, &json!({})).await, 409).await;
    problem(app.post(&format!("/api/v1/campaigns/{id}/complete"), &team.blue_lead, &json!({})).await, 409)
        .await;
    let a = add(&app, &team.red_lead, id, json!({ "technique_id": "T1001", "title": "A" })).await;
    let b = add(&app, &team.red_lead, id, json!({ "technique_id": "T1004", "title": "B" })).await;
    ok(app.post(&format!("/api/v1/campaigns/{id}/start"), &team.blue_lead, &json!({})).await).await;
    problem(app.delete(&format!("/api/v1/campaigns/{id}"), &team.blue_lead).await, 409).await;
    validate(&app, &team, &a).await;
    let done =
        ok(app.post(&format!("/api/v1/campaigns/{id}/complete"), &team.red_lead, &json!({})).await).await;
    assert_eq!(done["status"], "completed");
    let techniques = done["completion"]["techniques"].as_array().unwrap();
    assert_eq!(techniques.len(), 2);
    let t1001 = techniques.iter().find(|t| t["technique_id"] == "T1001").unwrap();
    assert_eq!((t1001["state"].as_str(), t1001["detection"].as_str()), (Some("validated"), Some("alerted")));
    let t1004 = techniques.iter().find(|t| t["technique_id"] == "T1004").unwrap();
    assert_eq!((t1004["state"].as_str(), &t1004["detection"]), (Some("draft"), &Value::Null));
    assert_eq!(done["completion"]["coverage_pct"], 50.0);
    let _ = b;

    let history = ok(app.get(&format!("/api/v1/campaigns/{id}/history"), &team.viewer).await).await;
    let actions: Vec<&str> =
        history["events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "add_test", "add_test", "start", "complete"]);
    assert_eq!(history["runs"].as_array().unwrap().len(), 1);
    assert_eq!(app.audit("action=campaign.complete").await.len(), 1);
    problem(
        app.patch(&format!("/api/v1/campaigns/{id}"), &team.red_lead, &json!({ "name": "x" })).await,
        409,
    )
    .await;
}

async fn recurring(app: &TestApp, team: &Team, recurrence: &str) -> (String, DateTime<Utc>) {
    let c = created(
        app.post(
            "/api/v1/campaigns",
            &team.red_lead,
            &json!({ "name": format!("Every {recurrence}"), "recurrence": recurrence }),
        )
        .await,
    )
    .await;
    let id = c["id"].as_str().unwrap().to_owned();
    let first = add(
        app,
        &team.red_lead,
        &id,
        json!({ "technique_id": "T1004", "title": "First", "assigned_red": team.red_tech_name }),
    )
    .await;
    add(app, &team.red_lead, &id, json!({ "technique_id": "T1001", "title": "Then", "depends_on": [first] }))
        .await;
    let started =
        ok(app.post(&format!("/api/v1/campaigns/{id}/start"), &team.red_lead, &json!({})).await).await;
    let next: DateTime<Utc> = started["next_run_at"].as_str().unwrap().parse().unwrap();
    (id, next)
}

#[tokio::test]
async fn the_recurring_job_run_twice_starts_one_run_with_the_next_date_on_the_calendar() {
    let (app, team) = app_with_team().await;
    let (weekly, weekly_next) = recurring(&app, &team, "weekly").await;
    let (monthly, monthly_next) = recurring(&app, &team, "monthly").await;
    let (quarterly, quarterly_next) = recurring(&app, &team, "quarterly").await;
    let (once, _) = {
        let c =
            created(app.post("/api/v1/campaigns", &team.red_lead, &json!({ "name": "Once" })).await).await;
        (c["id"].as_str().unwrap().to_owned(), ())
    };
    let now = Utc::now();
    assert_eq!((weekly_next - now).num_days(), 6, "a week from the start");
    assert!(monthly_next.month() != now.month() || monthly_next.year() != now.year());
    // Nothing is due yet.
    assert!(job_campaigns::tick(&app.state, now).await.unwrap().started.is_empty());

    // A quarter later every recurring campaign is due; the job runs twice (overlapping or retried).
    let later = quarterly_next + chrono::Duration::minutes(1);
    let (a, b) = tokio::join!(job_campaigns::tick(&app.state, later), job_campaigns::tick(&app.state, later));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a.failed.is_empty() && b.failed.is_empty(), "{:?} {:?}", a.failed, b.failed);
    assert_eq!(a.started.len() + b.started.len(), 3, "each due campaign once: {a:?} {b:?}");
    assert!(
        job_campaigns::tick(&app.state, later).await.unwrap().started.is_empty(),
        "a third run finds nothing due"
    );

    for (id, first_next, expected) in [
        (&weekly, weekly_next, "weekly"),
        (&monthly, monthly_next, "monthly"),
        (&quarterly, quarterly_next, "quarterly"),
    ] {
        let c = ok(app.get(&format!("/api/v1/campaigns/{id}"), &team.viewer).await).await;
        assert_eq!(c["run"], 2, "{expected}");
        let next: DateTime<Utc> = c["next_run_at"].as_str().unwrap().parse().unwrap();
        let want = match expected {
            "weekly" => {
                // Far behind its calendar: the next run is a week from the late run.
                later + chrono::Duration::weeks(1)
            }
            "monthly" => {
                let due = first_next.checked_add_months(chrono::Months::new(1)).unwrap();
                if due <= later { later.checked_add_months(chrono::Months::new(1)).unwrap() } else { due }
            }
            _ => first_next.checked_add_months(chrono::Months::new(3)).unwrap(),
        };
        assert_eq!(next, want, "{expected}");
        // Fresh drafts cloned from the definition, the dependency mapped onto the clones.
        let tests = c["test_states"].as_array().unwrap();
        assert_eq!(tests.len(), 2);
        assert!(tests.iter().all(|t| t["state"] == "draft"));
        let first = tests.iter().find(|t| t["title"] == "First").unwrap();
        let then = tests.iter().find(|t| t["title"] == "Then").unwrap();
        assert_eq!(then["depends_on"][0], first["test_id"]);
        assert_eq!(first["assigned_red"], team.red_tech_name.as_str());
        let history = ok(app.get(&format!("/api/v1/campaigns/{id}/history"), &team.viewer).await).await;
        assert_eq!(history["runs"].as_array().unwrap().len(), 1, "run 1 kept");
        let comparison = ok(app.get(&format!("/api/v1/campaigns/{id}/comparison"), &team.viewer).await).await;
        assert_eq!((comparison["run"].as_u64(), comparison["previous_run"].as_u64()), (Some(2), Some(1)));
        assert!(comparison["techniques"].as_array().unwrap().iter().all(|t| t["trend"] == "unchanged"));
    }
    let untouched = ok(app.get(&format!("/api/v1/campaigns/{once}"), &team.viewer).await).await;
    assert_eq!(untouched["run"], 1);
    // The assignee heard of each new run once.
    let notes = ok(app.get("/api/v1/notifications", &team.red_tech).await).await;
    let runs = notes["items"].as_array().unwrap().iter().filter(|n| n["kind"] == "campaign_run").count();
    assert_eq!(runs, 3);
}
