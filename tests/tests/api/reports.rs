//! Reports larger than a Lambda response are delivered through the bucket: a 303 to a
//! presigned download of the whole file, JSON and CSV alike; small ones stay inline.

use crate::helpers::{config, spawn_app_with};
use crate::workflow::create;
use domain::Role;
use reqwest::Method;
use serde_json::Value;

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
    let no_redirects =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    for format in ["csv", "json"] {
        let res = no_redirects
            .request(Method::GET, format!("{}/api/v1/reports/test-results?format={format}", app.base))
            .bearer_auth(&viewer)
            .send()
            .await
            .unwrap();
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
