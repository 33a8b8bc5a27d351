//! The Red/Blue workflow over HTTP: the whole lifecycle as the right roles (reject, reopen,
//! dual validation, remediation, automatic retest), every wrong role (403) and wrong state (409)
//! refused without changing anything, and 50 concurrent steps ending in one consistent state.

use crate::helpers::{TestApp, config, error_codes, problem, spawn_app_with};
use domain::Role;
use serde_json::{Value, json};
use std::time::Duration;

pub struct Team {
    pub red_tech: String,
    pub red_tech_name: String,
    pub blue_tech: String,
    pub blue_tech_name: String,
    pub red_lead: String,
    pub blue_lead: String,
    pub viewer: String,
}

/// An app over a catalog synced from the fixture, with one user of each role.
pub async fn app_with_team() -> (TestApp, Team) {
    let url = aegis_tests::seed::fixture_bundle_url();
    let app = spawn_app_with(config(&[("ATTACK_TAXII_URL", ""), ("ATTACK_BUNDLE_URL", &url)])).await;
    let run = attack_sync::start(&app.state, domain::sync::Trigger::Manual, None).await.unwrap();
    assert_eq!(
        attack_sync::execute(&app.state, run, attack_sync::Input::Fetch).await.status,
        domain::sync::RunStatus::Succeeded
    );
    let (_, red_tech_name, red_tech) = app.user(Role::RedTech).await;
    let (_, blue_tech_name, blue_tech) = app.user(Role::BlueTech).await;
    let (_, _, red_lead) = app.user(Role::RedLead).await;
    let (_, _, blue_lead) = app.user(Role::BlueLead).await;
    let (_, _, viewer) = app.user(Role::Viewer).await;
    (app, Team { red_tech, red_tech_name, blue_tech, blue_tech_name, red_lead, blue_lead, viewer })
}

pub async fn create(app: &TestApp, token: &str, technique: &str) -> Value {
    let body = json!({ "title": format!("Test {technique}"), "technique_id": technique, "severity": "high",
        "procedure": "powershell -enc ...", "platform": "Windows", "target_host": "ws-042" });
    let res = app.post("/api/v1/tests", token, &body).await;
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

pub async fn act(app: &TestApp, id: &str, step: &str, token: &str, body: Value) -> reqwest::Response {
    app.post(&format!("/api/v1/tests/{id}/{step}"), token, &body).await
}

pub async fn ok(res: reqwest::Response) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    body
}

pub fn red_body() -> Value {
    json!({ "executed": true, "succeeded": true, "executed_at": "2026-11-20T10:00:00Z", "notes": "ran it" })
}

pub fn blue_body(result: &str) -> Value {
    json!({ "outcomes": [
        { "layer": "edr", "result": result, "alert_name": "Suspicious PowerShell", "detected_at": "2026-11-20T10:04:00Z" },
        { "layer": "firewall", "result": "not_applicable" }
    ], "notes": "seen" })
}

/// Moves a fresh test to in_review.
pub async fn to_review(app: &TestApp, team: &Team, technique: &str, result: &str) -> String {
    let id = create(app, &team.red_tech, technique).await["id"].as_str().unwrap().to_owned();
    ok(act(app, &id, "start-execution", &team.red_tech, json!({})).await).await;
    ok(act(app, &id, "submit-red", &team.red_tech, red_body()).await).await;
    ok(act(app, &id, "submit-blue", &team.blue_tech, blue_body(result)).await).await;
    id
}

pub async fn get(app: &TestApp, id: &str) -> Value {
    ok(app.get(&format!("/api/v1/tests/{id}"), &app.admin_token).await).await
}

/// Asserts a refusal with `status` and that the test did not change.
async fn refused(app: &TestApp, id: &str, res: reqwest::Response, status: u16) {
    let before = get(app, id).await;
    problem(res, status).await;
    let after = get(app, id).await;
    assert_eq!((&before["state"], &before["version"]), (&after["state"], &after["version"]));
}

/// Polls until `check` holds (the consumer runs after the request returns).
pub async fn eventually<F: AsyncFn() -> bool>(what: &str, check: F) {
    for _ in 0..100 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never happened: {what}");
}

async fn unread(app: &TestApp, token: &str) -> Vec<Value> {
    let list: Value = ok(app.get("/api/v1/notifications?unread=true", token).await).await;
    list["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_whole_lifecycle_with_reject_reopen_remediation_and_retest() {
    let (app, team) = app_with_team().await;
    // who may create
    problem(
        app.post(
            "/api/v1/tests",
            &team.viewer,
            &json!({ "title": "x", "technique_id": "T1001", "severity": "low" }),
        )
        .await,
        403,
    )
    .await;
    problem(
        app.post(
            "/api/v1/tests",
            &team.blue_tech,
            &json!({ "title": "x", "technique_id": "T1001", "severity": "low" }),
        )
        .await,
        403,
    )
    .await;
    let p = problem(
        app.post(
            "/api/v1/tests",
            &team.red_tech,
            &json!({ "title": " ", "technique_id": "T1002", "severity": "low" }),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(error_codes(&p), ["required", "retired"], "blank title, revoked technique");

    let t = create(&app, &team.red_tech, "T1001").await;
    let id = t["id"].as_str().unwrap();
    assert_eq!(
        (t["state"].clone(), t["technique_name"].clone(), t["tactics"].clone()),
        (json!("draft"), json!("Alpha Execution"), json!(["execution", "persistence"]))
    );

    // wrong roles and states, each refused without a change
    refused(&app, id, act(&app, id, "start-execution", &team.blue_tech, json!({})).await, 403).await;
    refused(&app, id, act(&app, id, "start-execution", &team.viewer, json!({})).await, 403).await;
    refused(&app, id, act(&app, id, "submit-red", &team.red_tech, red_body()).await, 409).await;
    refused(&app, id, act(&app, id, "vote", &team.red_lead, json!({ "decision": "approve" })).await, 409)
        .await;
    refused(&app, id, act(&app, id, "reopen", &team.red_lead, json!({})).await, 409).await;

    let t = ok(act(&app, id, "start-execution", &team.red_tech, json!({ "comment": "go" })).await).await;
    assert_eq!(
        (t["state"].clone(), t["assigned_red"].clone()),
        (json!("red_executing"), json!(team.red_tech_name))
    );
    refused(&app, id, act(&app, id, "start-execution", &team.red_tech, json!({})).await, 409).await;
    refused(&app, id, act(&app, id, "submit-red", &team.blue_tech, red_body()).await, 403).await;
    let p = problem(
        act(&app, id, "submit-red", &team.red_tech, json!({ "executed": false, "succeeded": true })).await,
        422,
    )
    .await;
    assert_eq!(error_codes(&p), ["inconsistent"]);
    ok(act(&app, id, "submit-red", &team.red_tech, red_body()).await).await;
    // the blue team is told
    eventually("blue tech notified", async || {
        unread(&app, &team.blue_tech).await.iter().any(|n| n["test_id"] == id)
    })
    .await;

    refused(&app, id, act(&app, id, "submit-blue", &team.red_tech, blue_body("alerted")).await, 403).await;
    let dup =
        json!({ "outcomes": [{ "layer": "edr", "result": "none" }, { "layer": "edr", "result": "logged" }] });
    assert_eq!(
        error_codes(&problem(act(&app, id, "submit-blue", &team.blue_tech, dup).await, 422).await),
        ["duplicate"]
    );
    let t = ok(act(&app, id, "submit-blue", &team.blue_tech, blue_body("logged")).await).await;
    assert_eq!(t["state"], "in_review");

    // review round 1: the red lead rejects (a reason is required)
    refused(&app, id, act(&app, id, "vote", &team.blue_tech, json!({ "decision": "approve" })).await, 403)
        .await;
    assert_eq!(
        error_codes(
            &problem(act(&app, id, "vote", &team.red_lead, json!({ "decision": "reject" })).await, 422).await
        ),
        ["required"]
    );
    let t = ok(act(
        &app,
        id,
        "vote",
        &team.red_lead,
        json!({ "decision": "reject", "comment": "no screenshots" }),
    )
    .await)
    .await;
    assert_eq!(t["state"], "rejected");
    refused(&app, id, act(&app, id, "vote", &team.blue_lead, json!({ "decision": "approve" })).await, 409)
        .await;
    refused(&app, id, act(&app, id, "reopen", &team.red_tech, json!({})).await, 403).await;
    let t =
        ok(act(&app, id, "reopen", &team.blue_lead, json!({ "comment": "redo with evidence" })).await).await;
    assert_eq!(
        (t["state"].clone(), t["round"].clone(), t["votes"].clone()),
        (json!("draft"), json!(2), json!({ "red_lead": null, "blue_lead": null }))
    );

    // round 2: dual validation
    ok(act(&app, id, "start-execution", &team.red_tech, json!({})).await).await;
    ok(act(&app, id, "submit-red", &team.red_tech, red_body()).await).await;
    ok(act(&app, id, "submit-blue", &team.blue_tech, blue_body("logged")).await).await;
    let t =
        ok(act(&app, id, "vote", &team.red_lead, json!({ "decision": "approve", "comment": "ok" })).await)
            .await;
    assert_eq!(t["state"], "in_review", "one vote pending");
    let again =
        ok(act(&app, id, "vote", &team.red_lead, json!({ "decision": "approve", "comment": "ok" })).await)
            .await;
    assert_eq!(again["version"], t["version"], "the same vote again changes nothing");
    refused(
        &app,
        id,
        act(&app, id, "vote", &team.red_lead, json!({ "decision": "reject", "comment": "changed my mind" }))
            .await,
        409,
    )
    .await;
    let t = ok(act(&app, id, "vote", &team.blue_lead, json!({ "decision": "approve" })).await).await;
    assert_eq!(t["state"], "validated");
    assert!(t["validated_at"].is_string());

    // coverage follows: only logged → partial
    let tech: Value = ok(app.get("/api/v1/techniques/T1001", &team.viewer).await).await;
    assert_eq!(
        (tech["coverage_status"].clone(), tech["tests_validated"].clone()),
        (json!("partial"), json!(1))
    );

    // the history holds every accepted step once, in order
    let detail = get(&app, id).await;
    let actions: Vec<&str> =
        detail["history"].as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "create",
            "start_execution",
            "submit_red",
            "submit_blue",
            "vote",
            "reopen",
            "start_execution",
            "submit_red",
            "submit_blue",
            "vote",
            "vote"
        ]
    );
    assert_eq!(detail["history"][5]["comment"], "redo with evidence");
    assert_eq!(detail["time_to_detect_secs"], Value::Null, "logged only: nothing alerted");
    let audited = app.audit(&format!("target_type=test&target_id={id}")).await;
    let audited: Vec<&str> = audited.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(audited.len(), 11, "{audited:?}");

    // remediation of the gap, then the automatic retest
    let step = json!({ "title": "Alert on encoded PowerShell", "owner": team.red_tech_name, "due_date": "2026-12-31" });
    problem(app.post(&format!("/api/v1/tests/{id}/remediation"), &team.red_tech, &step).await, 403).await;
    let created = app.post(&format!("/api/v1/tests/{id}/remediation"), &team.blue_lead, &step).await;
    assert_eq!(created.status(), 201);
    let step_id = created.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/tests/{id}/remediation/{step_id}");
    problem(app.patch(&path, &team.blue_tech, &json!({ "status": "done" })).await, 403).await;
    assert_eq!(app.patch(&path, &team.red_tech, &json!({ "status": "done" })).await.status(), 200);
    let chain_path = format!("/api/v1/tests/{id}/retests");
    eventually("retest created", async || {
        ok(app.get(&chain_path, &team.viewer).await).await["retests"].as_array().unwrap().len() == 1
    })
    .await;
    let chain = ok(app.get(&chain_path, &team.viewer).await).await;
    let retest = &chain["retests"][0];
    assert_eq!(
        (retest["state"].clone(), retest["retest_of"].clone(), retest["technique_id"].clone()),
        (json!("draft"), json!(id), json!("T1001"))
    );
    assert_eq!(chain["original"]["retests"], json!([retest["id"]]));
    let retest_id = retest["id"].as_str().unwrap();
    let tasks: Value = ok(app.get("/api/v1/tests/my-tasks", &team.red_tech).await).await;
    assert!(tasks["items"].as_array().unwrap().iter().any(|t| t["id"] == retest_id), "{tasks}");
    eventually("red tech told about the retest", async || {
        unread(&app, &team.red_tech).await.iter().any(|n| n["kind"] == "retest_created")
    })
    .await;

    // a test without a gap takes no remediation
    let detected = to_review(&app, &team, "T1004", "alerted").await;
    ok(act(&app, &detected, "vote", &team.red_lead, json!({ "decision": "approve" })).await).await;
    ok(act(&app, &detected, "vote", &team.blue_lead, json!({ "decision": "approve" })).await).await;
    problem(app.post(&format!("/api/v1/tests/{detected}/remediation"), &team.blue_lead, &step).await, 409)
        .await;
    let tech: Value = ok(app.get("/api/v1/techniques/T1004", &team.viewer).await).await;
    assert_eq!(tech["coverage_status"], "validated");
    assert_eq!(get(&app, &detected).await["time_to_detect_secs"], 240, "executed 10:00, alerted 10:04");
}

#[tokio::test]
async fn retests_stop_at_the_configured_limit_and_admins_vote_as_a_lead() {
    let url = aegis_tests::seed::fixture_bundle_url();
    let app = spawn_app_with(config(&[
        ("ATTACK_TAXII_URL", ""),
        ("ATTACK_BUNDLE_URL", &url),
        ("MAX_RETEST_COUNT", "1"),
    ]))
    .await;
    let run = attack_sync::start(&app.state, domain::sync::Trigger::Manual, None).await.unwrap();
    attack_sync::execute(&app.state, run, attack_sync::Input::Fetch).await;
    let (_, red_name, red) = app.user(Role::RedTech).await;
    let (_, _, blue) = app.user(Role::BlueTech).await;
    let team = Team {
        red_tech: red.clone(),
        red_tech_name: red_name.clone(),
        blue_tech: blue,
        blue_tech_name: String::new(),
        red_lead: String::new(),
        blue_lead: String::new(),
        viewer: String::new(),
    };
    let id = to_review(&app, &team, "T1001", "none").await;
    let admin = app.admin_token.clone();
    assert_eq!(
        error_codes(
            &problem(act(&app, &id, "vote", &admin, json!({ "decision": "approve" })).await, 422).await
        ),
        ["required"]
    );
    ok(act(&app, &id, "vote", &admin, json!({ "decision": "approve", "as_role": "red_lead" })).await).await;
    let t =
        ok(act(&app, &id, "vote", &admin, json!({ "decision": "approve", "as_role": "blue_lead" })).await)
            .await;
    assert_eq!(t["state"], "validated");
    // two remediation rounds: only the first yields a retest (limit 1)
    for round in 0..2 {
        let step = json!({ "title": format!("fix {round}"), "owner": red_name });
        let s: Value =
            app.post(&format!("/api/v1/tests/{id}/remediation"), &admin, &step).await.json().await.unwrap();
        let path = format!("/api/v1/tests/{id}/remediation/{}", s["id"].as_str().unwrap());
        assert_eq!(app.patch(&path, &red, &json!({ "status": "done" })).await.status(), 200);
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let chain = ok(app.get(&format!("/api/v1/tests/{id}/retests"), &admin).await).await;
    assert_eq!(chain["retests"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn fifty_concurrent_votes_and_steps_end_in_one_consistent_state() {
    let (app, team) = app_with_team().await;
    let id = to_review(&app, &team, "T1001", "alerted").await;
    let mut requests = Vec::new();
    for i in 0..50 {
        let (step, token, body) = match i % 5 {
            0 | 1 => {
                ("vote", team.red_lead.clone(), json!({ "decision": "approve", "comment": format!("r{i}") }))
            }
            2 | 3 => {
                ("vote", team.blue_lead.clone(), json!({ "decision": "approve", "comment": format!("b{i}") }))
            }
            _ => ("start-execution", team.red_tech.clone(), json!({})),
        };
        let (app, id) = (&app, id.clone());
        requests.push(async move { act(app, &id, step, &token, body).await.status().as_u16() });
    }
    let statuses = futures::future::join_all(requests).await;
    assert!(statuses.iter().all(|s| *s == 200 || *s == 409), "{statuses:?}");
    let t = get(&app, &id).await;
    assert_eq!(t["state"], "validated");
    assert_eq!(t["votes"]["red_lead"]["decision"], "approve");
    assert_eq!(t["votes"]["blue_lead"]["decision"], "approve");
    let votes: Vec<&Value> =
        t["history"].as_array().unwrap().iter().filter(|h| h["action"] == "vote").collect();
    assert_eq!(votes.len(), 2, "each lead's vote recorded exactly once: {votes:?}");
    let starts = t["history"].as_array().unwrap().iter().filter(|h| h["action"] == "start_execution").count();
    assert_eq!(starts, 1, "only the first start was accepted");

    // concurrent approve and reject: whichever lands, the state and history agree
    let id = to_review(&app, &team, "T1001", "alerted").await;
    let (a, b) = tokio::join!(
        act(&app, &id, "vote", &team.red_lead, json!({ "decision": "approve" })),
        act(&app, &id, "vote", &team.blue_lead, json!({ "decision": "reject", "comment": "weak" }))
    );
    let (a, b) = (a.status().as_u16(), b.status().as_u16());
    let t = get(&app, &id).await;
    assert_eq!(t["state"], "rejected");
    let votes = t["history"].as_array().unwrap().iter().filter(|h| h["action"] == "vote").count();
    assert_eq!(votes, [a, b].iter().filter(|s| **s == 200).count());
}

#[tokio::test]
async fn lists_filters_and_task_queues() {
    let (app, team) = app_with_team().await;
    let draft = create(&app, &team.red_tech, "T1001").await["id"].as_str().unwrap().to_owned();
    let review = to_review(&app, &team, "T1004", "alerted").await;
    let list: Value = ok(app.get("/api/v1/tests", &team.viewer).await).await;
    let ids: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [review.as_str(), draft.as_str()], "newest first");
    let by = |q: &str| {
        let app = &app;
        let q = q.to_owned();
        async move {
            let list: Value = ok(app.get(&format!("/api/v1/tests?{q}"), &app.admin_token).await).await;
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(by("state=draft").await, [draft.as_str()]);
    assert_eq!(by("technique=T1004").await, [review.as_str()]);
    assert_eq!(by("tactic=execution").await, [draft.as_str()]);
    assert_eq!(by(&format!("assignee={}", team.blue_tech_name)).await, [review.as_str()]);
    assert_eq!(by("platform=Windows").await.len(), 2);
    assert!(by("from=2999-01-01T00:00:00Z").await.is_empty());
    assert_eq!(by("to=2999-01-01T00:00:00Z&limit=1").await.len(), 1);
    problem(app.get("/api/v1/tests?state=finished", &app.admin_token).await, 422).await;
    problem(app.get("/api/v1/tests/not-a-uuid", &app.admin_token).await, 404).await;

    let tasks = |token: &str| {
        let app = &app;
        let token = token.to_owned();
        async move {
            let t: Value = ok(app.get("/api/v1/tests/my-tasks", &token).await).await;
            t["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(tasks(&team.red_tech).await, [draft.as_str()]);
    assert!(tasks(&team.blue_tech).await.is_empty());
    assert_eq!(tasks(&team.red_lead).await, [review.as_str()]);
    assert!(tasks(&team.viewer).await.is_empty());
    ok(act(&app, &review, "vote", &team.red_lead, json!({ "decision": "approve" })).await).await;
    assert!(tasks(&team.red_lead).await.is_empty(), "voted already");
    assert_eq!(tasks(&team.blue_lead).await, [review.as_str()]);

    // editing: drafts only; delete: admin only
    let patch =
        app.patch(&format!("/api/v1/tests/{draft}"), &team.red_tech, &json!({ "title": "Renamed" })).await;
    assert_eq!(ok(patch).await["title"], "Renamed");
    problem(
        app.patch(&format!("/api/v1/tests/{review}"), &team.red_tech, &json!({ "title": "x" })).await,
        409,
    )
    .await;
    problem(
        app.patch(
            &format!("/api/v1/tests/{draft}"),
            &team.red_tech,
            &json!({ "assigned_blue": "nobody-here" }),
        )
        .await,
        422,
    )
    .await;
    problem(app.delete(&format!("/api/v1/tests/{draft}"), &team.red_lead).await, 403).await;
    assert_eq!(app.delete(&format!("/api/v1/tests/{draft}"), &app.admin_token).await.status(), 204);
    problem(app.get(&format!("/api/v1/tests/{draft}"), &app.admin_token).await, 404).await;
}

#[tokio::test]
async fn twelve_tests_on_one_technique_driven_concurrently_leave_exact_coverage() {
    // given twelve tests of one technique, all moving at once (their coverage counters share
    // one item, so every transaction contends with the others)
    let (app, team) = app_with_team().await;
    let flows = (0..12).map(|i| {
        let (app, team) = (&app, &team);
        async move {
            let id = create(app, &team.red_tech, "T1001").await["id"].as_str().unwrap().to_owned();
            let result = if i % 3 == 0 { "logged" } else { "alerted" };
            let steps = [
                ("start-execution", &team.red_tech, json!({})),
                ("submit-red", &team.red_tech, red_body()),
                ("submit-blue", &team.blue_tech, blue_body(result)),
            ];
            for (step, token, body) in steps {
                let res = act(app, &id, step, token, body).await;
                assert_eq!(res.status(), 200, "{step}: {}", res.text().await.unwrap());
            }
            // two of every twelve stay in review, one is rejected, the rest validated
            let decision = match i {
                0 | 1 => return (id, "in_review"),
                2 => "reject",
                _ => "approve",
            };
            // one rejection decides; an approval needs both leads
            let leads = if decision == "reject" {
                &[&team.red_lead][..]
            } else {
                &[&team.red_lead, &team.blue_lead][..]
            };
            for token in leads {
                let res = act(app, &id, "vote", token, json!({ "decision": decision, "comment": "c" })).await;
                assert_eq!(res.status(), 200, "vote: {}", res.text().await.unwrap());
            }
            (id, if decision == "approve" { "validated" } else { "rejected" })
        }
    });
    let done = futures::future::join_all(flows).await;

    // then every test is where its flow left it, and the counters match the tests exactly
    let mut tests = Vec::new();
    for (id, state) in &done {
        let t = get(&app, id).await;
        assert_eq!(t["state"], *state);
        tests.push(serde_json::from_value::<domain::validation::Test>(t).unwrap());
    }
    let stored =
        store::technique_coverage::get(&app.state.db, "enterprise-attack", "T1001").await.unwrap().unwrap();
    let oracle = domain::validation::TechniqueCoverage::from_tests(
        "enterprise-attack",
        "T1001",
        &tests,
        chrono::Utc::now(),
    );
    assert_eq!((stored.tests_total, stored.tests_validated), (12, 9));
    assert_eq!(
        (stored.status, stored.tests_total, stored.tests_validated, stored.latest_detection, &stored.rules),
        (oracle.status, oracle.tests_total, oracle.tests_validated, oracle.latest_detection, &oracle.rules)
    );
    let score: Value = ok(app.get("/api/v1/scores/techniques/T1001", &team.viewer).await).await;
    assert_eq!(score["status"], serde_json::to_value(oracle.status).unwrap(), "{score}");
}

#[tokio::test]
async fn deleting_the_only_validated_test_takes_its_coverage_back() {
    let (app, team) = app_with_team().await;
    let id = to_review(&app, &team, "T1001", "alerted").await;
    for token in [&team.red_lead, &team.blue_lead] {
        ok(act(&app, &id, "vote", token, json!({ "decision": "approve" })).await).await;
    }
    let cov = || store::technique_coverage::get(&app.state.db, "enterprise-attack", "T1001");
    assert_eq!(cov().await.unwrap().unwrap().status, domain::validation::Coverage::Validated);
    assert_eq!(app.delete(&format!("/api/v1/tests/{id}"), &app.admin_token).await.status(), 204);
    let after = cov().await.unwrap().unwrap();
    assert_eq!((after.status, after.tests_total), (domain::validation::Coverage::NotCovered, 0));
    assert!(after.rules.is_empty() && after.latest_detection.is_none());
    problem(app.get(&format!("/api/v1/tests/{id}"), &app.admin_token).await, 404).await;

    // with another validated test (only logged) and a draft left, deleting the newer validated
    // one rewrites the detection from what remains and keeps the exact counts
    let logged = to_review(&app, &team, "T1001", "logged").await;
    let alerted = to_review(&app, &team, "T1001", "alerted").await;
    for id in [&logged, &alerted] {
        for token in [&team.red_lead, &team.blue_lead] {
            ok(act(&app, id, "vote", token, json!({ "decision": "approve" })).await).await;
        }
    }
    create(&app, &team.red_tech, "T1001").await;
    assert_eq!(cov().await.unwrap().unwrap().status, domain::validation::Coverage::Validated);
    assert_eq!(app.delete(&format!("/api/v1/tests/{alerted}"), &app.admin_token).await.status(), 204);
    let after = cov().await.unwrap().unwrap();
    assert_eq!(
        (after.status, after.tests_total, after.tests_validated),
        (domain::validation::Coverage::Partial, 2, 1)
    );
    assert_eq!(after.latest_detection, Some(domain::validation::Detection::Logged));
}

#[tokio::test]
async fn two_owners_finishing_the_last_two_steps_at_once_get_exactly_one_retest() {
    // given a validated test with a gap and two open steps with different owners
    let (app, team) = app_with_team().await;
    let id = to_review(&app, &team, "T1001", "logged").await;
    for token in [&team.red_lead, &team.blue_lead] {
        ok(act(&app, &id, "vote", token, json!({ "decision": "approve" })).await).await;
    }
    let mut paths = Vec::new();
    for owner in [&team.red_tech_name, &team.blue_tech_name] {
        let step = json!({ "title": format!("Fix for {owner}"), "owner": owner });
        let created: Value = app
            .post(&format!("/api/v1/tests/{id}/remediation"), &team.blue_lead, &step)
            .await
            .json()
            .await
            .unwrap();
        paths.push(format!("/api/v1/tests/{id}/remediation/{}", created["id"].as_str().unwrap()));
    }
    // when both owners mark their step done at the same moment
    let done = json!({ "status": "done" });
    let (a, b) = tokio::join!(
        app.patch(&paths[0], &team.red_tech, &done),
        app.patch(&paths[1], &team.blue_tech, &done)
    );
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    // then exactly one retest follows
    let chain_path = format!("/api/v1/tests/{id}/retests");
    eventually("retest created", async || {
        !ok(app.get(&chain_path, &team.viewer).await).await["retests"].as_array().unwrap().is_empty()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let chain = ok(app.get(&chain_path, &team.viewer).await).await;
    assert_eq!(chain["retests"].as_array().unwrap().len(), 1, "{chain}");
    let retests = app.audit("action=test.retest").await;
    assert_eq!(retests.len(), 1);
}

#[tokio::test]
async fn the_nightly_repair_rewrites_drifted_coverage_and_leaves_exact_coverage_alone() {
    let (app, team) = app_with_team().await;
    let id = to_review(&app, &team, "T1001", "alerted").await;
    for token in [&team.red_lead, &team.blue_lead] {
        ok(act(&app, &id, "vote", token, json!({ "decision": "approve" })).await).await;
    }
    create(&app, &team.red_tech, "T1001").await;
    // exact counters: nothing to repair
    let report = coverage::repair::repair(&app.state).await.unwrap();
    assert!(report.drifted.is_empty(), "{report:?}");
    assert_eq!(report.techniques_checked, 1);
    // drift: the item says nothing was ever tested
    store::technique_coverage::recompute(&app.state.db, "enterprise-attack", "T1001", &[]).await.unwrap();
    let report = coverage::repair::repair(&app.state).await.unwrap();
    assert_eq!(report.drifted, ["enterprise-attack/T1001"]);
    let fixed =
        store::technique_coverage::get(&app.state.db, "enterprise-attack", "T1001").await.unwrap().unwrap();
    assert_eq!((fixed.tests_total, fixed.tests_validated), (2, 1));
    assert_eq!(fixed.status, domain::validation::Coverage::Validated);
}

#[tokio::test]
async fn the_recent_validations_are_the_newest_not_the_oldest() {
    let (app, team) = app_with_team().await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let id = to_review(&app, &team, "T1001", "alerted").await;
        for token in [&team.red_lead, &team.blue_lead] {
            ok(act(&app, &id, "vote", token, json!({ "decision": "approve" })).await).await;
        }
        ids.push(id);
    }
    let recent =
        store::validation::recent(&app.state.db, domain::validation::TestState::Validated, 2).await.unwrap();
    let recent: Vec<String> = recent.iter().map(|t| t.id.to_string()).collect();
    assert_eq!(recent, [ids[2].clone(), ids[1].clone()]);
}
