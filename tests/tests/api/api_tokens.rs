//! API tokens: create → use → revoke, the role ceiling, read-only tokens, deactivation, the
//! admin's view, usage audit, expiry and the per-token rate limit.

use crate::helpers::*;
use domain::Role;
use reqwest::Method;
use serde_json::{Value, json};

/// Creates a token as `session`; returns (token, its view).
async fn create(app: &TestApp, session: &str, body: Value) -> (String, Value) {
    let res = app.post("/api/v1/auth/api-tokens", session, &body).await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    (body["token"].as_str().unwrap().to_owned(), body["api_token"].clone())
}

#[tokio::test]
async fn a_token_is_shown_once_used_as_bearer_listed_and_revoked() {
    // given a red technician who creates a token
    let app = spawn_app().await;
    let (id, name, session) = app.user(Role::RedTech).await;
    let (token, view) = create(&app, &session, json!({ "name": "ci pipeline", "expires_in_days": 30 })).await;
    assert!(token.starts_with("aegis_pat_"));
    assert_eq!(view["role"], "red_tech", "the owner's role by default");
    assert_eq!(view["read_only"], false);
    assert!(view.get("token").is_none() && view.get("secret_hash").is_none());
    let expires = chrono::DateTime::parse_from_rfc3339(view["expires_at"].as_str().unwrap()).unwrap();
    let days = (expires.timestamp() - chrono::Utc::now().timestamp()) as f64 / 86_400.0;
    assert!((29.9..=30.0).contains(&days), "{days}");

    // when the token is the Bearer credential, then it acts as the owner
    let me: Value = app.get("/api/v1/auth/me", &token).await.json().await.unwrap();
    assert_eq!(me["username"], name);
    let res = app.post("/api/v1/notifications/read-all", &token, &json!({})).await;
    assert!(res.status().is_success(), "{}", res.status());
    // and the list shows its last use, never the secret
    let list: Value = app.get("/api/v1/auth/api-tokens", &session).await.json().await.unwrap();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert!(items[0]["last_used_at"].is_string(), "{list}");
    assert!(!list.to_string().contains(&token[token.len() - 43..]));
    // and the use is audited, with the token's id
    let used = app.audit("action=api_token.used").await;
    assert_eq!(used[0]["target_id"], view["id"]);
    assert_eq!(used[0]["actor_id"], id.to_string());

    // when it is revoked, then it no longer authenticates
    let path = format!("/api/v1/auth/api-tokens/{}", view["id"].as_str().unwrap());
    assert_eq!(app.delete(&path, &session).await.status(), 204);
    problem(app.get("/api/v1/auth/me", &token).await, 401).await;
    problem(app.delete(&path, &session).await, 404).await;
    assert!(!app.audit("action=api_token.revoke").await.is_empty());
    // a forged token of the right shape is refused too
    let forged = format!("{}{}", &token[..token.len() - 1], if token.ends_with('A') { 'B' } else { 'A' });
    problem(app.get("/api/v1/auth/me", &forged).await, 401).await;
}

#[tokio::test]
async fn a_token_carries_no_more_than_its_owners_role_and_acts_with_its_own() {
    let app = spawn_app().await;
    let (_, _, tech) = app.user(Role::RedTech).await;
    let (_, _, lead) = app.user(Role::RedLead).await;
    // a technician cannot mint an admin token, a lead cannot mint a technician's
    for (session, role) in [(&tech, "admin"), (&tech, "blue_tech"), (&lead, "red_tech")] {
        let res = app.post("/api/v1/auth/api-tokens", session, &json!({ "name": "x", "role": role })).await;
        problem(res, 403).await;
    }
    // a viewer token of a technician is a viewer: the red team's routes refuse it
    let (viewer_token, view) = create(&app, &tech, json!({ "name": "dash", "role": "viewer" })).await;
    assert_eq!(view["role"], "viewer");
    let body = problem(app.post("/api/v1/tests", &viewer_token, &json!({})).await, 403).await;
    assert!(body["detail"].as_str().unwrap().starts_with("requires one of the roles"), "{body}");
    // an admin's red-tech token is not an admin
    let (admin_as_tech, _) =
        create(&app, &app.admin_token, json!({ "name": "bas", "role": "red_tech" })).await;
    problem(app.get("/api/v1/users", &admin_as_tech).await, 403).await;
    assert_eq!(app.get("/api/v1/tests", &admin_as_tech).await.status(), 200);
    // bad bodies are 422
    for bad in [
        json!({ "name": "" }),
        json!({ "name": "x", "expires_in_days": 0 }),
        json!({ "name": "x", "expires_in_days": 366 }),
    ] {
        problem(app.post("/api/v1/auth/api-tokens", &tech, &bad).await, 422).await;
    }
    // and a token cannot mint tokens, change the password or manage the second factor
    problem(app.post("/api/v1/auth/api-tokens", &viewer_token, &json!({ "name": "y" })).await, 403).await;
    let (tech_token, _) = create(&app, &tech, json!({ "name": "full" })).await;
    problem(app.post("/api/v1/auth/api-tokens", &tech_token, &json!({ "name": "y" })).await, 403).await;
    problem(app.post("/api/v1/auth/mfa/totp/setup", &tech_token, &json!({})).await, 403).await;
    let change =
        json!({ "current_password": aegis_tests::seed::PASSWORD, "new_password": "Another-Passw0rd!" });
    problem(app.post("/api/v1/auth/change-password", &tech_token, &change).await, 403).await;
}

#[tokio::test]
async fn a_read_only_token_may_only_read() {
    let app = spawn_app().await;
    let (_, _, session) = app.user(Role::BlueLead).await;
    let (token, view) = create(&app, &session, json!({ "name": "reports", "read_only": true })).await;
    assert_eq!(view["read_only"], true);
    assert_eq!(app.get("/api/v1/tests", &token).await.status(), 200);
    assert_eq!(app.get("/api/v1/auth/me", &token).await.status(), 200);
    // every writing method is refused before the route runs
    for (method, path) in [
        (Method::POST, "/api/v1/notifications/read-all"),
        (Method::POST, "/api/v1/snapshots"),
        (Method::PATCH, "/api/v1/tests/00000000-0000-0000-0000-000000000000"),
        (Method::DELETE, "/api/v1/auth/api-tokens/00000000-0000-0000-0000-000000000000"),
    ] {
        let res = app.request(method.clone(), path, Some(&token)).json(&json!({})).send().await.unwrap();
        let body = problem(res, 403).await;
        assert_eq!(body["detail"], "this API token is read-only", "{method} {path}");
    }
}

#[tokio::test]
async fn deactivation_disables_tokens_and_admins_see_and_revoke_everyones() {
    let app = spawn_app().await;
    let (alice_id, _, alice) = app.user(Role::BlueTech).await;
    let (_, _, bob) = app.user(Role::Viewer).await;
    let (alice_token, alice_view) = create(&app, &alice, json!({ "name": "alice-ci" })).await;
    let (bob_token, bob_view) = create(&app, &bob, json!({ "name": "bob-ci" })).await;
    // a user sees only their own; `all` is for admins
    let mine: Value = app.get("/api/v1/auth/api-tokens", &bob).await.json().await.unwrap();
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    problem(app.get("/api/v1/auth/api-tokens?all=true", &bob).await, 403).await;
    let all: Value =
        app.get("/api/v1/auth/api-tokens?all=true", &app.admin_token).await.json().await.unwrap();
    let names: Vec<&str> =
        all["items"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["bob-ci", "alice-ci"], "newest first");
    // someone else's token is not found for a user, revocable for an admin
    let bob_path = format!("/api/v1/auth/api-tokens/{}", bob_view["id"].as_str().unwrap());
    problem(app.delete(&bob_path, &alice).await, 404).await;
    assert_eq!(app.delete(&bob_path, &app.admin_token).await.status(), 204);
    problem(app.get("/api/v1/auth/me", &bob_token).await, 401).await;
    // when alice is deactivated, then her token stops working
    assert_eq!(app.get("/api/v1/auth/me", &alice_token).await.status(), 200);
    let res = app
        .patch(&format!("/api/v1/users/{alice_id}"), &app.admin_token, &json!({ "is_active": false }))
        .await;
    assert_eq!(res.status(), 200);
    problem(app.get("/api/v1/auth/me", &alice_token).await, 401).await;
    assert!(alice_view["id"].is_string());
}

#[tokio::test]
async fn expired_tokens_are_refused_and_each_token_is_rate_limited() {
    let app = spawn_app_with(config(&[("API_TOKEN_RATE_LIMIT_PER_MINUTE", "3")])).await;
    let (id, name, session) = app.user(Role::Viewer).await;
    // an expired token (its TTL not yet applied by the table) is refused
    let token_id = uuid::Uuid::new_v4();
    let (raw, secret_hash) = auth::api_token::generate(token_id);
    let expired = domain::identity::ApiToken {
        id: token_id,
        user_id: id,
        username: name,
        name: "old".into(),
        role: Role::Viewer,
        read_only: false,
        secret_hash,
        created_at: chrono::Utc::now() - chrono::Duration::days(2),
        expires_at: chrono::Utc::now().timestamp() - 1,
        last_used_at: None,
        last_used_ip: None,
        version: 1,
    };
    let entry = domain::audit::AuditEntry {
        id: uuid::Uuid::new_v4(),
        at: chrono::Utc::now(),
        actor_id: None,
        actor_username: None,
        action: "test.seed".into(),
        target_type: "api_token".into(),
        target_id: None,
        ip: None,
        summary: json!({}),
    };
    store::api_tokens::create(&app.state.db, &expired, &entry).await.unwrap();
    problem(app.get("/api/v1/auth/me", &raw).await, 401).await;

    // three requests a minute per token; the fourth in the window is refused. Seven requests
    // (far less than a minute) span at most two windows, which allow six between them.
    let (token, _) = create(&app, &session, json!({ "name": "busy" })).await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(app.get("/api/v1/auth/me", &token).await.status().as_u16());
    }
    assert!(statuses.contains(&429), "{statuses:?}");
    assert_eq!(app.get("/api/v1/auth/me", &session).await.status(), 200, "the session is not limited");
}
