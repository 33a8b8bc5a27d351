//! The test tables' bulk actions and what their rows show: many tests assigned or deleted in
//! one request, each as its own command (one refusal neither undoes nor stops the others,
//! every refusal reported per test), drafts only for deletion; and every list row carrying the
//! outcome and time to detect the server worked out.

use crate::helpers::{error_codes, problem};
use crate::workflow::{app_with_team, create, ok, to_review};
use serde_json::{Value, json};

fn statuses(result: &Value) -> Vec<u64> {
    result["results"].as_array().unwrap().iter().map(|r| r["status"].as_u64().unwrap()).collect()
}

#[tokio::test]
async fn a_lead_assigns_many_tests_at_once_and_each_refusal_is_reported_per_test() {
    let (app, team) = app_with_team().await;
    let mut ids = Vec::new();
    for technique in ["T1001", "T1001.001", "T1004"] {
        ids.push(create(&app, &team.red_tech, technique).await["id"].as_str().unwrap().to_owned());
    }
    let missing = uuid::Uuid::new_v4().to_string();
    let body = json!({ "ids": [ids[0], ids[1], missing, ids[2]], "assigned_red": team.red_tech_name });
    let result = ok(app.post("/api/v1/tests/bulk-assign", &team.red_lead, &body).await).await;
    assert_eq!(statuses(&result), [200, 200, 404, 200], "in the order asked: {result}");
    assert_eq!((result["done"].as_u64(), result["failed"].as_u64()), (Some(3), Some(1)));
    assert_eq!(result["results"][2]["id"], missing.as_str());
    assert_eq!(result["results"][2]["problem"]["status"], 404);
    for id in &ids {
        let test = ok(app.get(&format!("/api/v1/tests/{id}"), &team.viewer).await).await;
        assert_eq!(test["assigned_red"], team.red_tech_name.as_str());
    }

    // A red lead does not assign the blue side: every test refused, none changed.
    let body = json!({ "ids": ids, "assigned_blue": team.blue_tech_name });
    let result = ok(app.post("/api/v1/tests/bulk-assign", &team.red_lead, &body).await).await;
    assert_eq!(statuses(&result), [403, 403, 403]);
    let test = ok(app.get(&format!("/api/v1/tests/{}", ids[0]), &team.viewer).await).await;
    assert_eq!(test["assigned_blue"], Value::Null);
    // The blue lead does, in the same call shape.
    let result = ok(app.post("/api/v1/tests/bulk-assign", &team.blue_lead, &body).await).await;
    assert_eq!(statuses(&result), [200, 200, 200]);

    // Techs are refused at the door; bad requests as a whole, before any test is touched.
    problem(app.post("/api/v1/tests/bulk-assign", &team.red_tech, &body).await, 403).await;
    let many: Vec<String> = (0..101).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    for (ids, code) in
        [(json!([]), "required"), (json!([ids[0], ids[0]]), "duplicate"), (json!(many), "too_many")]
    {
        let p = problem(
            app.post(
                "/api/v1/tests/bulk-assign",
                &team.red_lead,
                &json!({ "ids": ids, "assigned_red": "x" }),
            )
            .await,
            422,
        )
        .await;
        assert_eq!(error_codes(&p), [code], "{p}");
        assert_eq!(p["errors"][0]["field"], "ids");
    }
    let unknown = json!({ "ids": [ids[0]], "assigned_red": "nobody-here" });
    problem(app.post("/api/v1/tests/bulk-assign", &team.red_lead, &unknown).await, 422).await;
    let test = ok(app.get(&format!("/api/v1/tests/{}", ids[0]), &team.viewer).await).await;
    assert_eq!(test["assigned_red"], team.red_tech_name.as_str(), "unchanged by the refused requests");
}

#[tokio::test]
async fn bulk_deletion_takes_drafts_only_and_keeps_results() {
    let (app, team) = app_with_team().await;
    let draft_a = create(&app, &team.red_tech, "T1001").await["id"].as_str().unwrap().to_owned();
    let draft_b = create(&app, &team.red_tech, "T1001").await["id"].as_str().unwrap().to_owned();
    let reviewed = to_review(&app, &team, "T1001", "alerted").await;
    let body = json!({ "ids": [draft_a, reviewed, draft_b] });
    problem(app.post("/api/v1/tests/bulk-delete", &team.red_lead, &body).await, 403).await;

    let result = ok(app.post("/api/v1/tests/bulk-delete", &app.admin_token, &body).await).await;
    assert_eq!(statuses(&result), [204, 409, 204], "{result}");
    assert!(result["results"][1]["problem"]["detail"].as_str().unwrap().contains("in_review"), "{result}");
    for id in [&draft_a, &draft_b] {
        problem(app.get(&format!("/api/v1/tests/{id}"), &team.viewer).await, 404).await;
    }
    ok(app.get(&format!("/api/v1/tests/{reviewed}"), &team.viewer).await).await;
    // The counters followed: one test left on the technique, in review.
    let technique = ok(app.get("/api/v1/techniques/T1001", &team.viewer).await).await;
    assert_eq!(technique["tests_total"], 1, "{technique}");
}

#[tokio::test]
async fn every_list_row_carries_the_outcome_and_time_to_detect() {
    let (app, team) = app_with_team().await;
    let alerted = to_review(&app, &team, "T1001", "alerted").await;
    let logged = to_review(&app, &team, "T1001", "logged").await;
    let draft = create(&app, &team.red_tech, "T1001").await["id"].as_str().unwrap().to_owned();
    let page = ok(app.get("/api/v1/tests?technique=T1001", &team.viewer).await).await;
    let row = |id: &str| page["items"].as_array().unwrap().iter().find(|t| t["id"] == id).cloned().unwrap();
    // executed 10:00, alert at 10:04
    assert_eq!(
        (row(&alerted)["outcome"].clone(), row(&alerted)["time_to_detect_secs"].clone()),
        (json!("alerted"), json!(240))
    );
    // a log line is not a detection: no time to detect
    assert_eq!(
        (row(&logged)["outcome"].clone(), row(&logged)["time_to_detect_secs"].clone()),
        (json!("logged"), Value::Null)
    );
    assert_eq!(row(&draft)["outcome"], Value::Null, "not documented yet");
    assert_eq!(row(&draft)["title"], "Test T1001", "the record itself is all there");

    // The leads' inbox rows too.
    let tasks = ok(app.get("/api/v1/tests/my-tasks", &team.blue_lead).await).await;
    let mine =
        tasks["items"].as_array().unwrap().iter().find(|t| t["id"] == alerted.as_str()).cloned().unwrap();
    assert_eq!(
        (mine["outcome"].clone(), mine["time_to_detect_secs"].clone()),
        (json!("alerted"), json!(240))
    );
}
