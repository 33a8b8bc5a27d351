//! Bad input answers with a 4xx problem document and changes nothing; never a 5xx.

use crate::helpers::*;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn malformed_bodies_get_4xx_problems() {
    let app = spawn_app().await;
    let send = |method: Method, path: &str, body: Vec<u8>, ct: Option<&str>| {
        let mut rb = app.request(method, path, Some(&app.admin_token)).body(body);
        if let Some(ct) = ct {
            rb = rb.header("content-type", ct);
        }
        rb.send()
    };
    let json_ct = Some("application/json");
    // malformed JSON
    problem(send(Method::POST, "/api/v1/users", b"{\"username\": ".to_vec(), json_ct).await.unwrap(), 400)
        .await;
    // wrong types
    let body = br#"{"username": 42, "password": true, "role": "viewer"}"#.to_vec();
    let p = problem(send(Method::POST, "/api/v1/users", body, json_ct).await.unwrap(), 422).await;
    assert_eq!(p["errors"][0]["field"], "username");
    // unknown role and unknown fields
    let body = br#"{"username": "someone", "password": "Str0ng-Passw0rd!", "role": "root"}"#.to_vec();
    problem(send(Method::POST, "/api/v1/users", body, json_ct).await.unwrap(), 422).await;
    let body =
        br#"{"username": "someone", "password": "Str0ng-Passw0rd!", "role": "viewer", "is_admin": true}"#
            .to_vec();
    let p = problem(send(Method::POST, "/api/v1/users", body, json_ct).await.unwrap(), 422).await;
    assert!(p["detail"].as_str().unwrap().contains("is_admin"), "{p}");
    // a huge body
    let huge =
        format!(r#"{{"username": "{}", "password": "x", "role": "viewer"}}"#, "a".repeat(3 * 1024 * 1024));
    problem(send(Method::POST, "/api/v1/users", huge.into_bytes(), json_ct).await.unwrap(), 413).await;
    // no or the wrong content type
    problem(send(Method::POST, "/api/v1/users", b"{}".to_vec(), None).await.unwrap(), 415).await;
    problem(send(Method::POST, "/api/v1/users", b"{}".to_vec(), Some("text/plain")).await.unwrap(), 415)
        .await;
    // not JSON at all, binary junk
    let junk: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let res = send(Method::POST, "/api/v1/auth/login", junk, json_ct).await.unwrap();
    assert!(res.status().is_client_error());
    // and nothing was created
    let list: Value = app.get("/api/v1/users", &app.admin_token).await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn bad_paths_queries_and_methods_get_4xx_problems() {
    let app = spawn_app().await;
    problem(app.get("/api/v1/users/not-a-uuid", &app.admin_token).await, 404).await;
    problem(app.get(&format!("/api/v1/users/{}", uuid::Uuid::new_v4()), &app.admin_token).await, 404).await;
    problem(app.get("/api/v1/no-such-thing", &app.admin_token).await, 404).await;
    problem(app.get("/api/v1/users?limit=lots", &app.admin_token).await, 422).await;
    problem(app.get("/api/v1/users?limit=-1", &app.admin_token).await, 422).await;
    problem(app.get("/api/v1/audit-logs?surprise=1", &app.admin_token).await, 422).await;
    problem(app.request(Method::PUT, "/api/v1/users", Some(&app.admin_token)).send().await.unwrap(), 405)
        .await;
    let res = app
        .patch(
            &format!("/api/v1/users/{}", uuid::Uuid::new_v4()),
            &app.admin_token,
            &json!({"role": "viewer"}),
        )
        .await;
    problem(res, 404).await;
    // problems carry the request id that the response header names
    let res = app.get("/api/v1/no-such-thing", &app.admin_token).await;
    let id = res.headers().get("x-request-id").unwrap().to_str().unwrap().to_owned();
    assert_eq!(problem(res, 404).await["request_id"], id);
}

#[tokio::test]
async fn reversed_ranges_and_oversized_ids_are_4xx() {
    let app = spawn_app().await;
    let range = "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z";
    for path in ["/api/v1/tests", "/api/v1/audit-logs", "/api/v1/reports/test-results"] {
        let p = problem(app.get(&format!("{path}?{range}"), &app.admin_token).await, 422).await;
        assert_eq!(error_codes(&p), ["range"], "{path}");
    }
    // ids longer than any key may hold are not found, never a storage error
    let long = "T".repeat(5000);
    for path in [
        format!("/api/v1/techniques/{long}"),
        format!("/api/v1/threat-actors/{long}"),
        format!("/api/v1/mitigations/{long}"),
        format!("/api/v1/scores/techniques/{long}"),
        format!("/api/v1/technique-sets/{long}"),
        format!("/api/v1/heatmap?threat_actor={long}"),
        format!("/api/v1/tests?technique={long}"),
        format!("/api/v1/audit-logs?target_id={long}"),
    ] {
        let status = app.get(&path, &app.admin_token).await.status().as_u16();
        assert!((400..500).contains(&status), "{} -> {status}", &path[..40]);
    }
}
