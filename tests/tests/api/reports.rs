//! Reports larger than a Lambda response are delivered through the bucket: a 303 to a
//! presigned download of the whole file, JSON and CSV alike; small ones stay inline. Reports
//! over a domain holding more than `REPORT_JOB_THRESHOLD` tests are export jobs (202), built
//! into the bucket in parts by the report job and downloaded once done.

use crate::helpers::{config, spawn_app_with};
use crate::workflow::create;
use domain::Role;
use reqwest::Method;
use serde_json::Value;

/// The test-results report as `format`, redirects not followed (the test looks at them).
async fn results_report(app: &crate::helpers::TestApp, token: &str, format: &str) -> reqwest::Response {
    let no_redirects =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    no_redirects
        .request(Method::GET, format!("{}/api/v1/reports/test-results?format={format}", app.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_report_over_the_inline_limit_downloads_completely_through_the_bucket() {
    // given 120 tests and an inline limit far below their report (as 4 MiB is below tens of
    // thousands of tests)
    let app = synced_app(&[("REPORT_INLINE_MAX_BYTES", "16384")]).await;
    let (_, _, red) = app.user(Role::RedTech).await;
    let (_, _, viewer) = app.user(Role::Viewer).await;
    let creates = (0..120).map(|_| create(&app, &red, "T1001"));
    futures::future::join_all(creates).await;

    // when the viewer asks for the results as CSV and as JSON
    for format in ["csv", "json"] {
        let res = results_report(&app, &viewer, format).await;
        // then the answer points at the file, and the file holds every test
        assert_eq!(res.status(), 303, "{format}");
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        let file = reqwest::get(&location).await.unwrap();
        assert_eq!(file.status(), 200);
        let body = file.bytes().await.unwrap();
        assert!(body.len() > 16384);
        let rows = match format {
            "csv" => csv::Reader::from_reader(&body[..]).records().count(),
            _ => serde_json::from_slice::<Vec<Value>>(&body).unwrap().len(),
        };
        assert_eq!(rows, 120, "{format}");
    }

    // a report under the limit is answered inline
    let res = app.get("/api/v1/reports/remediation?format=csv", &viewer).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("aegis-remediation.csv"));
}

/// 20,000 tests, written straight into the table and counted by the coverage repair (as the
/// lifecycle would have counted them), then the results report in both formats: each is an
/// export job whose file holds every test once.
#[tokio::test]
async fn a_report_over_twenty_thousand_tests_downloads_completely() {
    const TESTS: usize = 20_000;
    let app = synced_app(&[]).await;
    let (_, _, viewer) = app.user(Role::Viewer).await;
    let now = chrono::Utc::now();
    let template: domain::validation::Test = serde_json::from_value(serde_json::json!({
        "id": uuid::Uuid::nil(), "title": "t", "technique_id": "T1001", "technique_name": "Alpha",
        "domain": "enterprise-attack", "tactics": ["execution"], "severity": "high", "procedure": "whoami /all",
        "platform": "Windows", "state": "validated", "created_by": "red", "votes": {}, "round": 1, "retests": [],
        "red": { "executed": true, "succeeded": true, "executed_at": now, "notes": "" },
        "blue": { "outcomes": [{ "layer": "edr", "result": "alerted", "alert_name": "LSASS access", "detected_at": now }], "notes": "" },
        "created_at": now, "updated_at": now, "validated_at": now, "version": 3
    }))
    .unwrap();
    aegis_tests::seed::raw_tests(&app.state, &template, "Seeded test", TESTS).await;

    // the technique counters know the tests (the nightly repair recounts them from the table)
    let repaired = coverage::repair::repair(&app.state).await.unwrap();
    assert!(repaired.drifted.iter().any(|t| t == "enterprise-attack/T1001"), "{repaired:?}");

    for format in ["csv", "json"] {
        // when the viewer asks for the results
        let res = results_report(&app, &viewer, format).await;
        // then an export job is started (20,000 > the default threshold of 5,000) ...
        assert_eq!(res.status(), 202, "{format}");
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with("/api/v1/reports/jobs/"), "{location}");
        let started: Value = res.json().await.unwrap();
        assert_eq!(started["status"], "queued");
        assert_eq!(started["spec"]["format"], format);
        // ... which the report job finishes, and its file holds every test once
        let job = finished(&app, &viewer, &location).await;
        assert_eq!(job["status"], "done", "{job}");
        assert_eq!(job["rows"], TESTS, "{format}");
        assert_eq!(job["attempts"], 1);
        let file = reqwest::get(job["download_url"].as_str().unwrap()).await.unwrap();
        assert_eq!(file.status(), 200);
        let body = file.bytes().await.unwrap();
        assert_eq!(job["bytes"], body.len(), "{format}");
        let ids: std::collections::HashSet<String> = match format {
            "csv" => {
                csv::Reader::from_reader(&body[..]).records().map(|r| r.unwrap()[0].to_owned()).collect()
            }
            _ => serde_json::from_slice::<Vec<Value>>(&body)
                .unwrap()
                .iter()
                .map(|t| t["id"].as_str().unwrap().to_owned())
                .collect(),
        };
        assert_eq!(ids.len(), TESTS, "{format}: every test once");
    }
}

/// The app with the fixture catalog synced (the technique counters live under its techniques).
async fn synced_app(extra: &[(&str, &str)]) -> crate::helpers::TestApp {
    let url = aegis_tests::seed::fixture_bundle_url();
    let mut vars = vec![("ATTACK_TAXII_URL", ""), ("ATTACK_BUNDLE_URL", url.as_str())];
    vars.extend_from_slice(extra);
    let app = spawn_app_with(config(&vars)).await;
    let run = attack_sync::start(&app.state, domain::sync::Trigger::Manual, None).await.unwrap();
    attack_sync::execute(&app.state, run, attack_sync::Input::Fetch).await;
    app
}

/// Reads the job at `location` until it is done or failed (bounded: two minutes).
async fn finished(app: &crate::helpers::TestApp, token: &str, location: &str) -> Value {
    for _ in 0..1200 {
        let res = app.get(location, token).await;
        assert_eq!(res.status(), 200);
        let job: Value = res.json().await.unwrap();
        if job["status"] == "done" || job["status"] == "failed" {
            return job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the report job at {location} did not finish");
}

#[tokio::test]
async fn an_export_job_is_its_requesters_and_is_run_again_after_a_failure() {
    // given three tests of T1001 (more than the threshold of one) and a job over them recorded
    // without its event (so the test runs it itself)
    let app = synced_app(&[("REPORT_JOB_THRESHOLD", "1")]).await;
    let (_, _, red) = app.user(Role::RedTech).await;
    let (viewer_id, viewer_name, viewer) = app.user(Role::Viewer).await;
    for _ in 0..3 {
        create(&app, &red, "T1001").await;
    }
    let spec = domain::report::ReportSpec {
        kind: domain::report::ReportKind::TestResults,
        format: domain::report::ReportFormat::Csv,
        domain: domain::ids::AttackDomain::Enterprise,
        from: None,
        to: None,
    };
    let id = uuid::Uuid::new_v4();
    let job = domain::report::ReportJob::new(id, spec, viewer_id, viewer_name, chrono::Utc::now());
    let mut tx = store::Transaction::new();
    store::report_jobs::create(&mut tx, &app.state.db, &job).unwrap();
    tx.commit(&app.state.db, "exists").await.unwrap();
    let location = format!("/api/v1/reports/jobs/{id}");

    // a report route over more tests than the threshold answers that job while it is in flight,
    // not a second one
    let res = app.get("/api/v1/reports/test-results?format=csv", &viewer).await;
    assert_eq!(res.status(), 202);
    assert_eq!(res.headers()["location"].to_str().unwrap(), location);

    // when its first run cannot write to the bucket
    let mut broken = app.state.clone();
    broken.config = std::sync::Arc::new(web::Config {
        evidence_bucket: "aegis-no-such-bucket".into(),
        ..(*app.state.config).clone()
    });
    assert!(reports::jobs::run(&broken, id, chrono::Utc::now()).await.is_err());
    // then the job says it failed, and offers no file
    let failed: Value = app.get(&location, &viewer).await.json().await.unwrap();
    assert_eq!(failed["status"], "failed");
    assert!(failed["error"].as_str().unwrap().starts_with("the report could not be built"), "{failed}");
    assert!(failed["download_url"].is_null());

    // when it is run again (Lambda's retry), it is done with every test
    let done = reports::jobs::run(&app.state, id, chrono::Utc::now()).await.unwrap();
    assert_eq!(done, reports::jobs::Outcome::Done { job_id: id, rows: 3, bytes: done_bytes(&done) });
    let job: Value = app.get(&location, &viewer).await.json().await.unwrap();
    assert_eq!(
        (job["status"].as_str(), job["attempts"].as_u64(), job["rows"].as_u64()),
        (Some("done"), Some(2), Some(3))
    );
    assert!(job["error"].is_null());
    let file = reqwest::get(job["download_url"].as_str().unwrap()).await.unwrap();
    assert!(file.headers()["content-disposition"].to_str().unwrap().contains("aegis-test-results.csv"));
    assert_eq!(csv::Reader::from_reader(&file.bytes().await.unwrap()[..]).records().count(), 3);
    // and a third delivery of its event changes nothing
    let again = reports::jobs::run(&app.state, id, chrono::Utc::now()).await.unwrap();
    assert_eq!(again, reports::jobs::Outcome::AlreadyDone { job_id: id });

    // another user does not see it, its requester lists it
    assert_eq!(app.get(&location, &red).await.status(), 404);
    let theirs: Vec<Value> = app.get("/api/v1/reports/jobs", &red).await.json().await.unwrap();
    assert!(theirs.is_empty());
    let mine: Vec<Value> = app.get("/api/v1/reports/jobs", &viewer).await.json().await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["id"], id.to_string());
}

fn done_bytes(outcome: &reports::jobs::Outcome) -> u64 {
    match outcome {
        reports::jobs::Outcome::Done { bytes, .. } => *bytes,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_export_requested_through_the_api_is_audited_and_finished_by_the_job() {
    // given two tests
    let app = synced_app(&[]).await;
    let (_, _, red) = app.user(Role::RedTech).await;
    let (_, viewer_name, viewer) = app.user(Role::Viewer).await;
    for _ in 0..2 {
        create(&app, &red, "T1001").await;
    }

    // when the viewer asks for a JSON export of the test results
    let body = serde_json::json!({ "kind": "test-results", "format": "json" });
    let res = app.post("/api/v1/reports/jobs", &viewer, &body).await;
    // then a job is recorded, audited, and the report job (on its event) finishes it
    assert_eq!(res.status(), 202);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let started: Value = res.json().await.unwrap();
    assert_eq!(started["requested_by"], viewer_name);
    assert_eq!(started["spec"]["domain"], "enterprise-attack");
    let job = finished(&app, &viewer, &location).await;
    assert_eq!((job["status"].as_str(), job["rows"].as_u64()), (Some("done"), Some(2)), "{job}");
    let file = reqwest::get(job["download_url"].as_str().unwrap()).await.unwrap();
    let tests: Vec<Value> = file.json().await.unwrap();
    assert_eq!(tests.len(), 2);
    assert!(tests.iter().all(|t| t["technique_id"] == "T1001"));
    let audit: Value =
        app.get("/api/v1/audit-logs?action=report.export", &app.admin_token).await.json().await.unwrap();
    let entries = audit["items"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{audit}");
    assert_eq!(entries[0]["target_id"], started["id"]);
    assert_eq!(entries[0]["actor_username"], viewer_name);
    // and the outbox holds nothing once the event was handed over
    assert!(store::outbox::pending(&app.state.db, chrono::Utc::now(), 10).await.unwrap().is_empty());

    // bad requests are refused and record nothing
    for bad in [
        serde_json::json!({ "kind": "everything" }),
        serde_json::json!({ "kind": "remediation", "format": "xlsx" }),
        serde_json::json!({ "kind": "remediation", "domain": "pre-attack" }),
        serde_json::json!({ "kind": "remediation", "from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z" }),
        serde_json::json!({ "kind": "remediation", "bucket": "elsewhere" }),
    ] {
        let res = app.post("/api/v1/reports/jobs", &viewer, &bad).await;
        assert_eq!(res.status(), 422, "{bad}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
    let mine: Vec<Value> = app.get("/api/v1/reports/jobs", &viewer).await.json().await.unwrap();
    assert_eq!(mine.len(), 1);
}
