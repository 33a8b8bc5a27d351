//! What the edge vouches for: with the origin secret configured (as deployed behind
//! CloudFront), requests without it are refused and the login rate limit keys on CloudFront's
//! viewer address; without it, that header is anyone's and is ignored. Security headers.

use crate::helpers::*;
use reqwest::Method;
use serde_json::json;

const ORIGIN_SECRET: &str = "origin-secret-origin-secret-0123456789";

async fn login_from(app: &TestApp, viewer: &str, origin_secret: Option<&str>) -> u16 {
    let mut req = app
        .request(Method::POST, "/api/v1/auth/login", None)
        .header("cloudfront-viewer-address", viewer)
        .json(&json!({ "username": "admin", "password": "wrong" }));
    if let Some(secret) = origin_secret {
        req = req.header("x-aegis-origin-verify", secret);
    }
    req.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn behind_cloudfront_the_rate_limit_keys_on_the_viewer_and_direct_calls_are_refused() {
    let app = spawn_app_with(config(&[("ORIGIN_VERIFY_SECRET", ORIGIN_SECRET)])).await;
    // a direct call (no origin secret, or a wrong one) is refused before anything runs
    let direct = app.request(Method::GET, "/health", None).send().await.unwrap();
    problem(direct, 403).await;
    assert_eq!(login_from(&app, "198.51.100.1:4000", Some("guess")).await, 403);
    // five failed logins from one viewer, then that viewer is limited
    for port in 4000..4005 {
        assert_eq!(login_from(&app, &format!("198.51.100.1:{port}"), Some(ORIGIN_SECRET)).await, 401);
    }
    assert_eq!(login_from(&app, "198.51.100.1:4100", Some(ORIGIN_SECRET)).await, 429);
    // while another viewer behind the same edge (same TCP peer) is not
    assert_eq!(login_from(&app, "2001:db8::7:4000", Some(ORIGIN_SECRET)).await, 401);
    // and the audit names the viewer, not the edge
    let audit: serde_json::Value = app
        .request(Method::GET, "/api/v1/audit-logs?action=auth.login_failed", Some(&app.admin_token))
        .header("x-aegis-origin-verify", ORIGIN_SECRET)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ips: Vec<&str> =
        audit["items"].as_array().unwrap().iter().map(|e| e["ip"].as_str().unwrap()).collect();
    assert!(ips.contains(&"2001:db8::7") && ips.contains(&"198.51.100.1"), "{ips:?}");
}

#[tokio::test]
async fn without_the_origin_secret_the_viewer_header_is_ignored() {
    let app = spawn_app().await;
    // a client that invents a new viewer address per attempt is still limited by its address
    for i in 0..5 {
        assert_eq!(login_from(&app, &format!("203.0.113.{i}:1000"), None).await, 401);
    }
    assert_eq!(login_from(&app, "203.0.113.99:1000", None).await, 429);
}

#[tokio::test]
async fn responses_carry_the_security_headers() {
    let app = spawn_app().await;
    let res = app.request(Method::GET, "/health", None).send().await.unwrap();
    let header = |name: &str| res.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(
        header("content-security-policy").as_deref(),
        Some("default-src 'none'; frame-ancestors 'none'")
    );
    assert_eq!(header("referrer-policy").as_deref(), Some("strict-origin-when-cross-origin"));
    assert!(header("permissions-policy").unwrap().contains("camera=()"));
    assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(header("x-frame-options").as_deref(), Some("DENY"));
    assert_eq!(header("strict-transport-security"), None, "plain-HTTP development");
    let staged = spawn_app_with(config(&[("AEGIS_ENV", "staging")])).await;
    let res = staged.request(Method::GET, "/health", None).send().await.unwrap();
    assert!(res.headers()["strict-transport-security"].to_str().unwrap().contains("max-age=63072000"));
}

#[tokio::test]
async fn a_failed_login_with_a_huge_name_keeps_a_bounded_prefix() {
    let app = spawn_app().await;
    let name = "x".repeat(100_000);
    let res = app
        .request(Method::POST, "/api/v1/auth/login", None)
        .json(&json!({ "username": name, "password": "whatever" }))
        .send()
        .await
        .unwrap();
    problem(res, 401).await;
    let failed = app.audit("action=auth.login_failed").await;
    assert_eq!(failed[0]["summary"]["username"].as_str().unwrap().len(), 256);
}
