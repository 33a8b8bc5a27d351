//! Login, session, logout, token forgery and the login rate limit.

use crate::helpers::*;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use domain::Role;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

#[tokio::test]
async fn login_sets_an_http_only_cookie_and_returns_a_bearer_token() {
    let app = spawn_app().await;
    // when the admin logs in
    let res = app.login("admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 200);
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    let body: Value = res.json().await.unwrap();
    // then the cookie is HttpOnly, SameSite and not Secure outside production
    assert!(cookie.starts_with("aegis_token="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"),
        "{cookie}"
    );
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 15 * 60);
    assert_eq!(body["user"]["role"], "admin");
    assert!(body["user"].get("password_hash").is_none());
    // and both the cookie and the bearer token authenticate
    let token = body["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/auth/me", token).await.json::<Value>().await.unwrap();
    assert_eq!(me["username"], "admin");
    let cookie_value = cookie.split(';').next().unwrap();
    let me = app
        .request(Method::GET, "/api/v1/auth/me", None)
        .header("cookie", cookie_value)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
}

#[tokio::test]
async fn production_cookies_are_secure() {
    let app = spawn_app_with(config(&[("AEGIS_ENV", "production")])).await;
    let res = app.login("admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 200);
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
    // and the API docs are not served in production
    assert_eq!(app.request(Method::GET, "/api/v1/openapi.json", None).send().await.unwrap().status(), 404);
    assert_eq!(app.request(Method::GET, "/docs/", None).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn wrong_password_unknown_user_and_inactive_user_are_refused_alike() {
    let app = spawn_app().await;
    let (id, name, _) = app.user(Role::Viewer).await;
    let wrong = problem(app.login(&name, "Wrong-Passw0rd!").await, 401).await;
    let unknown = problem(app.login("nobody", "Wrong-Passw0rd!").await, 401).await;
    assert_eq!(wrong["detail"], unknown["detail"]);
    app.patch(&format!("/api/v1/users/{id}"), &app.admin_token, &json!({ "is_active": false })).await;
    problem(app.login(&name, aegis_tests::seed::PASSWORD).await, 401).await;
}

#[tokio::test]
async fn the_sixth_login_attempt_in_a_minute_is_rate_limited() {
    let app = spawn_app().await;
    // given five failed attempts from one IP within one fixed minute window
    let into_minute = chrono::Utc::now().timestamp() % 60;
    if into_minute > 50 {
        tokio::time::sleep(Duration::from_secs((61 - into_minute) as u64)).await;
    }
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(app.login("admin", "Wrong-Passw0rd!").await);
    }
    let last = statuses.pop().unwrap();
    for res in statuses {
        assert_eq!(res.status(), 401);
    }
    // then the sixth answers 429 with Retry-After, even with the right password
    let retry: u64 = last.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    problem(last, 429).await;
    problem(app.login("admin", ADMIN_PASSWORD).await, 429).await;
}

#[tokio::test]
async fn logout_revokes_the_token_and_clears_the_cookie() {
    let app = spawn_app().await;
    let body: Value = app.login("admin", ADMIN_PASSWORD).await.json().await.unwrap();
    let token = body["access_token"].as_str().unwrap();
    let res = app.post("/api/v1/auth/logout", token, &json!({})).await;
    assert_eq!(res.status(), 204);
    let cleared = res.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(cleared.starts_with("aegis_token=;") && cleared.contains("Max-Age=0"), "{cleared}");
    let res = app.get("/api/v1/auth/me", token).await;
    assert_eq!(problem(res, 401).await["detail"], "token has been revoked");
    // another session of the same user is unaffected
    assert_eq!(app.get("/api/v1/auth/me", &app.admin_token).await.status(), 200);
}

fn forge(token: &str, edit: impl FnOnce(&mut Value)) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    let mut claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    edit(&mut claims);
    format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(claims.to_string()), parts[2])
}

#[tokio::test]
async fn expired_tampered_unsigned_and_foreign_tokens_get_401() {
    let app = spawn_app().await;
    let (id, name, token) = app.user(Role::Viewer).await;
    assert_eq!(app.get("/api/v1/auth/me", &token).await.status(), 200);

    let user = store::users::get(&app.state.db, id).await.unwrap().expect("seeded user");
    assert_eq!(user.username.as_str(), name);
    let (expired, _) = auth::token::issue(SECRET, &user, Duration::from_secs(0));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let tampered = forge(&token, |c| c["role"] = json!("admin"));
    let header_none = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = token.split('.').nth(1).unwrap();
    let alg_none = format!("{header_none}.{payload}.");
    let (foreign, _) =
        auth::token::issue("another-secret-another-secret-another", &user, Duration::from_secs(600));
    for bad in [expired.as_str(), &tampered, &alg_none, &foreign, "garbage", ""] {
        let res = app.get("/api/v1/auth/me", bad).await;
        problem(res, 401).await;
    }
    problem(app.request(Method::GET, "/api/v1/auth/me", None).send().await.unwrap(), 401).await;
}

#[tokio::test]
async fn a_deactivated_users_existing_token_stops_working() {
    let app = spawn_app().await;
    let (id, _, token) = app.user(Role::RedTech).await;
    assert_eq!(app.get("/api/v1/auth/me", &token).await.status(), 200);
    app.patch(&format!("/api/v1/users/{id}"), &app.admin_token, &json!({ "is_active": false })).await;
    problem(app.get("/api/v1/auth/me", &token).await, 401).await;
}

#[tokio::test]
async fn changing_the_own_password_applies_the_policy() {
    let app = spawn_app().await;
    let (_, name, token) = app.user(Role::BlueTech).await;
    let weak = app
        .post(
            "/api/v1/auth/change-password",
            &token,
            &json!({ "current_password": aegis_tests::seed::PASSWORD, "new_password": "short" }),
        )
        .await;
    let weak = problem(weak, 422).await;
    assert_eq!(error_codes(&weak), ["min_length", "uppercase", "digit", "special"]);
    let wrong = app
        .post(
            "/api/v1/auth/change-password",
            &token,
            &json!({ "current_password": "nope", "new_password": "New-Passw0rd-1" }),
        )
        .await;
    assert_eq!(error_codes(&problem(wrong, 422).await), ["mismatch"]);
    let ok = app
        .post(
            "/api/v1/auth/change-password",
            &token,
            &json!({ "current_password": aegis_tests::seed::PASSWORD, "new_password": "New-Passw0rd-1" }),
        )
        .await;
    assert_eq!(ok.status(), 200);
    let renewed: Value = ok.json().await.unwrap();
    assert_eq!(renewed["user"]["username"], name.as_str());
    assert_eq!(app.get("/api/v1/auth/me", renewed["access_token"].as_str().unwrap()).await.status(), 200);
    assert_eq!(app.login(&name, "New-Passw0rd-1").await.status(), 200);
    assert_eq!(app.login(&name, aegis_tests::seed::PASSWORD).await.status(), 401);
}

#[tokio::test]
async fn health_and_openapi_are_served() {
    let app = spawn_app().await;
    let health: Value = app.request(Method::GET, "/health", None).send().await.unwrap().json().await.unwrap();
    assert_eq!(health, json!({ "status": "ok" }));
    let doc: Value =
        app.request(Method::GET, "/api/v1/openapi.json", None).send().await.unwrap().json().await.unwrap();
    for path in
        ["/api/v1/auth/login", "/api/v1/auth/me", "/api/v1/users", "/api/v1/users/{id}", "/api/v1/audit-logs"]
    {
        assert!(doc["paths"].get(path).is_some(), "OpenAPI lacks {path}");
    }
    assert_eq!(app.request(Method::GET, "/redoc", None).send().await.unwrap().status(), 200);
    assert_eq!(app.request(Method::GET, "/docs/", None).send().await.unwrap().status(), 200);
}
