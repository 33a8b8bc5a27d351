//! Report export benchmark: N tests (default 20,000, `BENCH_EXPORT_TESTS`) written into a fresh
//! table on DynamoDB Local, then the test-results export job in CSV and in JSON as the report job
//! runs it (tests read 500 a page from the index, rows encoded a page at a time, the file sent to
//! LocalStack S3 in 8 MiB multipart parts). Prints time, rows, bytes and rows per second.
//!
//! `localstack/start.sh && source ~/.cache/aegis/stack/run/env.sh &&
//!  cargo bench -p aegis-tests --bench report_export`

use domain::report::{ReportFormat, ReportJob, ReportKind, ReportSpec};
use std::time::Instant;

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("BENCH_EXPORT_TESTS").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let stack = aegis_tests::stack().await;
    let config = web::Config::from_lookup(|k| (k == "SECRET_KEY").then(|| "b".repeat(40))).unwrap();
    let state = stack.app_state(config).await;
    let now = chrono::Utc::now();
    // A validated test with a red and a blue result, as most tests of a mature programme are.
    let template: domain::validation::Test = serde_json::from_value(serde_json::json!({
        "id": uuid::Uuid::nil(), "title": "t", "technique_id": "T1003.001", "technique_name": "LSASS Memory",
        "domain": "enterprise-attack", "tactics": ["credential-access"], "severity": "high",
        "procedure": "rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump (Get-Process lsass).id $env:TEMP\\lsass.dmp full",
        "platform": "Windows", "state": "validated", "created_by": "red", "votes": {}, "round": 1, "retests": [],
        "red": { "executed": true, "succeeded": true, "executed_at": now, "notes": "" },
        "blue": { "outcomes": [{ "layer": "edr", "result": "alerted", "alert_name": "LSASS access", "detected_at": now }], "notes": "" },
        "created_at": now, "updated_at": now, "validated_at": now, "version": 3
    }))
    .unwrap();
    let seed = Instant::now();
    aegis_tests::seed::raw_tests(&state, &template, "Credential dumping, host", n).await;
    println!("seeded {n} tests in {:.1} s", seed.elapsed().as_secs_f64());

    for format in [ReportFormat::Csv, ReportFormat::Json] {
        let spec = ReportSpec {
            kind: ReportKind::TestResults,
            format,
            domain: domain::ids::AttackDomain::Enterprise,
            from: None,
            to: None,
        };
        let job =
            ReportJob::new(uuid::Uuid::new_v4(), spec, domain::ids::UserId::random(), "bench".into(), now);
        let mut tx = store::Transaction::new();
        store::report_jobs::create(&mut tx, &state.db, &job).unwrap();
        tx.commit(&state.db, "exists").await.unwrap();
        let t = Instant::now();
        let outcome = reports::jobs::run(&state, job.id, chrono::Utc::now()).await.unwrap();
        let secs = t.elapsed().as_secs_f64();
        let reports::jobs::Outcome::Done { rows, bytes, .. } = outcome else { panic!("{outcome:?}") };
        assert_eq!(rows as usize, n);
        println!(
            "export {format:?}: {rows} rows, {:.1} MiB in {:.2} s ({:.0} rows/s)",
            bytes as f64 / (1024.0 * 1024.0),
            secs,
            rows as f64 / secs
        );
    }
}
