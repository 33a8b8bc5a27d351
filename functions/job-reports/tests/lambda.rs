//! The real `job-reports` binary driven with the API's `ReportRequested` events: the job's file
//! is written to the bucket and the job is done; a second delivery of the event and an event
//! for an unknown job change nothing.

use aegis_tests::events::eventbridge;
use aegis_tests::lambda::invoke;
use domain::report::{ReportFormat, ReportJob, ReportKind, ReportSpec};
use serde_json::{Value, json};
use std::time::Duration;

#[tokio::test]
async fn the_binary_builds_a_requested_export_once() {
    let stack = aegis_tests::stack().await;
    let config = platform::Config::from_lookup(|k| (k == "SECRET_KEY").then(|| "k".repeat(40))).unwrap();
    let state = stack.app_state(config).await;
    // three tests in the table, and a job over them as the API records it
    let now = chrono::Utc::now();
    for i in 0..3 {
        let test: domain::validation::Test = serde_json::from_value(json!({
            "id": uuid::Uuid::new_v4(), "title": format!("Test {i}"), "technique_id": "T1001",
            "technique_name": "Alpha", "domain": "enterprise-attack", "tactics": ["execution"],
            "severity": "high", "procedure": "whoami", "platform": "Windows", "state": "draft",
            "created_by": "red", "votes": {}, "round": 1, "retests": [],
            "created_at": now - chrono::Duration::seconds(i), "updated_at": now, "version": 1
        }))
        .unwrap();
        let item = store::validation::test_item(&test).unwrap();
        state.db.client.put_item().table_name(&state.db.table).set_item(Some(item)).send().await.unwrap();
    }
    let spec = ReportSpec {
        kind: ReportKind::TestResults,
        format: ReportFormat::Csv,
        domain: domain::ids::AttackDomain::Enterprise,
        from: None,
        to: None,
    };
    let job = ReportJob::new(uuid::Uuid::new_v4(), spec, domain::ids::UserId::random(), "viewer".into(), now);
    let mut tx = store::Transaction::new();
    store::report_jobs::create(&mut tx, &state.db, &job).unwrap();
    tx.commit(&state.db, "exists").await.unwrap();

    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("EVIDENCE_BUCKET".into(), state.config.evidence_bucket.clone()),
    ]);
    let unknown = uuid::Uuid::new_v4();
    let events = vec![
        eventbridge("aegis", "ReportRequested", json!({ "job_id": job.id })),
        eventbridge("aegis", "ReportRequested", json!({ "job_id": job.id })),
        eventbridge("aegis", "ReportRequested", json!({ "job_id": unknown })),
    ];
    let run = invoke(env!("CARGO_BIN_EXE_job-reports"), &env, events, Duration::from_secs(60)).await;
    let out: Vec<Value> = run.outcomes.into_iter().map(|o| o.response()).collect();
    assert_eq!((out[0]["outcome"].as_str(), out[0]["rows"].as_u64()), (Some("done"), Some(3)), "{}", out[0]);
    assert_eq!(out[1], json!({ "outcome": "already_done", "job_id": job.id }));
    assert_eq!(out[2], json!({ "outcome": "gone", "job_id": unknown }));

    let done = store::report_jobs::get(&state.db, job.id).await.unwrap().unwrap();
    assert_eq!((done.status, done.attempts), (domain::report::ReportJobStatus::Done, 1));
    let key = done.object_key.unwrap();
    assert_eq!(key, format!("reports/{}/aegis-test-results.csv", job.id));
    let object = state.s3.get_object().bucket(&state.config.evidence_bucket).key(&key).send().await.unwrap();
    assert_eq!(object.content_type(), Some("text/csv; charset=utf-8"));
    let bytes = object.body.collect().await.unwrap().into_bytes();
    assert_eq!(Some(bytes.len() as u64), done.bytes);
    let titles: Vec<String> =
        csv::Reader::from_reader(&bytes[..]).records().map(|r| r.unwrap()[1].to_owned()).collect();
    assert_eq!(titles, ["Test 0", "Test 1", "Test 2"], "newest first");
}
