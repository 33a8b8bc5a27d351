//! Reports larger than a Lambda response are delivered through the bucket: a 303 to a
//! presigned download of the whole file, JSON and CSV alike; small ones stay inline.

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
    let url = aegis_tests::seed::fixture_bundle_url();
    let app = spawn_app_with(config(&[
        ("ATTACK_TAXII_URL", ""),
        ("ATTACK_BUNDLE_URL", &url),
        ("REPORT_INLINE_MAX_BYTES", "16384"),
    ]))
    .await;
    let run = attack_sync::start(&app.state, domain::sync::Trigger::Manual, None).await.unwrap();
    attack_sync::execute(&app.state, run, attack_sync::Input::Fetch).await;
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

/// 20,000 tests, written straight into the table (the lifecycle's counters do not matter here),
/// then the results report in both formats: every test arrives, through the bucket.
#[tokio::test]
async fn a_report_over_twenty_thousand_tests_downloads_completely() {
    use futures::StreamExt;
    const TESTS: usize = 20_000;
    let app = crate::helpers::spawn_app().await;
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
    let batches = (0..TESTS).collect::<Vec<_>>();
    let writes = batches.chunks(25).map(|chunk| {
        let requests: Vec<_> = chunk
            .iter()
            .map(|i| {
                let mut t = template.clone();
                t.id = uuid::Uuid::new_v4();
                t.title = format!("Seeded test {i}");
                t.created_at = now - chrono::Duration::seconds(*i as i64);
                let item = store::validation::test_item(&t).unwrap();
                let put =
                    aws_sdk_dynamodb::types::PutRequest::builder().set_item(Some(item)).build().unwrap();
                aws_sdk_dynamodb::types::WriteRequest::builder().put_request(put).build()
            })
            .collect();
        let db = app.state.db.clone();
        async move {
            let out = db.client.batch_write_item().request_items(&db.table, requests).send().await.unwrap();
            assert!(
                out.unprocessed_items.unwrap_or_default().is_empty(),
                "DynamoDB Local takes whole batches"
            );
        }
    });
    futures::stream::iter(writes).buffer_unordered(16).collect::<Vec<_>>().await;

    for format in ["csv", "json"] {
        let res = results_report(&app, &viewer, format).await;
        // Inline only while it fits a Lambda response (the 4 MiB default limit); else through
        // the bucket.
        let body = match res.status().as_u16() {
            200 => {
                let body = res.bytes().await.unwrap();
                assert!(body.len() <= 4 * 1024 * 1024, "{format}: {} bytes inline", body.len());
                body
            }
            303 => {
                let location = res.headers()["location"].to_str().unwrap().to_owned();
                reqwest::get(&location).await.unwrap().bytes().await.unwrap()
            }
            other => panic!("{format}: {other}"),
        };
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
