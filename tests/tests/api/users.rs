//! User administration: the RBAC matrix, validation, lifecycle and pagination.

use crate::helpers::*;
use domain::Role;
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::HashSet;

const NON_ADMIN: [Role; 5] = [Role::RedTech, Role::BlueTech, Role::RedLead, Role::BlueLead, Role::Viewer];

#[tokio::test]
async fn only_admins_may_call_the_users_and_audit_endpoints() {
    let app = spawn_app().await;
    let (target, _, _) = app.user(Role::Viewer).await;
    let calls: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/v1/users".into(), None),
        (
            Method::POST,
            "/api/v1/users".into(),
            Some(json!({"username": "x-new", "password": "Str0ng-Passw0rd!", "role": "viewer"})),
        ),
        (Method::GET, format!("/api/v1/users/{target}"), None),
        (Method::PATCH, format!("/api/v1/users/{target}"), Some(json!({"full_name": "Renamed"}))),
        (
            Method::POST,
            format!("/api/v1/users/{target}/reset-password"),
            Some(json!({"new_password": "Reset-Passw0rd!"})),
        ),
        (Method::GET, "/api/v1/audit-logs".into(), None),
        (Method::DELETE, format!("/api/v1/users/{target}"), None),
    ];
    for role in NON_ADMIN {
        let (_, _, token) = app.user(role).await;
        for (method, path, body) in &calls {
            let mut rb = app.request(method.clone(), path, Some(&token));
            if let Some(b) = body {
                rb = rb.json(b);
            }
            let res = rb.send().await.unwrap();
            problem(res, 403).await;
        }
    }
    for (method, path, body) in &calls {
        let mut rb = app.request(method.clone(), path, None);
        if let Some(b) = body {
            rb = rb.json(b);
        }
        problem(rb.send().await.unwrap(), 401).await;
    }
    // nothing was changed by the refused calls
    let user: Value =
        app.get(&format!("/api/v1/users/{target}"), &app.admin_token).await.json().await.unwrap();
    assert_eq!(user["full_name"], Value::Null);
    // and the admin may make each call
    for (method, path, body) in &calls {
        let mut rb = app.request(method.clone(), path, Some(&app.admin_token));
        if let Some(b) = body {
            rb = rb.json(b);
        }
        let res = rb.send().await.unwrap();
        assert!(res.status().is_success(), "{method} {path}: {}", res.status());
    }
}

#[tokio::test]
async fn a_weak_password_is_refused_with_every_failed_rule_named() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/api/v1/users",
            &app.admin_token,
            &json!({"username": "weakling", "password": "weak", "role": "viewer"}),
        )
        .await;
    let body = problem(res, 422).await;
    assert_eq!(error_codes(&body), ["min_length", "uppercase", "digit", "special"]);
    assert!(body["errors"].as_array().unwrap().iter().all(|e| e["field"] == "password"));
    let res = app
        .post(
            "/api/v1/users",
            &app.admin_token,
            &json!({"username": "x", "password": "nouppercase-1!", "role": "viewer", "email": "bad"}),
        )
        .await;
    let body = problem(res, 422).await;
    assert_eq!(error_codes(&body), ["format", "uppercase", "format"]);
    // nothing was created
    let list: Value = app.get("/api/v1/users", &app.admin_token).await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn users_are_created_updated_reset_and_deleted() {
    let app = spawn_app().await;
    let body = json!({"username": "Red.One", "password": "Red-Team-Passw0rd", "role": "red_tech", "email": "red@example.org", "full_name": "Red One"});
    let res = app.post("/api/v1/users", &app.admin_token, &body).await;
    assert_eq!(res.status(), 201);
    let user: Value = res.json().await.unwrap();
    assert_eq!(user["username"], "red.one");
    assert_eq!(user["role"], "red_tech");
    assert_eq!(user["is_active"], true);
    let id = user["id"].as_str().unwrap().to_owned();
    // the username is unique, case-insensitively
    let dup = app
        .post(
            "/api/v1/users",
            &app.admin_token,
            &json!({"username": "RED.ONE", "password": "Red-Team-Passw0rd", "role": "viewer"}),
        )
        .await;
    problem(dup, 409).await;
    // the new user can log in and has the red_tech role
    let login: Value = app.login("red.one", "Red-Team-Passw0rd").await.json().await.unwrap();
    let token = login["access_token"].as_str().unwrap().to_owned();
    // a role change ends the existing sessions at once; the next sign-in has the new role
    let res = app.patch(&format!("/api/v1/users/{id}"), &app.admin_token, &json!({"role": "red_lead"})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["role"], "red_lead");
    problem(app.get("/api/v1/auth/me", &token).await, 401).await;
    let login: Value = app.login("red.one", "Red-Team-Passw0rd").await.json().await.unwrap();
    let token = login["access_token"].as_str().unwrap().to_owned();
    let me: Value = app.get("/api/v1/auth/me", &token).await.json().await.unwrap();
    assert_eq!(me["role"], "red_lead");
    // reset password
    let weak = app
        .post(
            &format!("/api/v1/users/{id}/reset-password"),
            &app.admin_token,
            &json!({"new_password": "abc"}),
        )
        .await;
    problem(weak, 422).await;
    let res = app
        .post(
            &format!("/api/v1/users/{id}/reset-password"),
            &app.admin_token,
            &json!({"new_password": "Brand-New-Passw0rd"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    problem(app.get("/api/v1/auth/me", &token).await, 401).await;
    let login: Value = app.login("red.one", "Brand-New-Passw0rd").await.json().await.unwrap();
    let token = login["access_token"].as_str().unwrap().to_owned();
    // delete frees the username and kills the session
    assert_eq!(app.delete(&format!("/api/v1/users/{id}"), &app.admin_token).await.status(), 204);
    problem(app.get(&format!("/api/v1/users/{id}"), &app.admin_token).await, 404).await;
    problem(app.get("/api/v1/auth/me", &token).await, 401).await;
    problem(app.delete(&format!("/api/v1/users/{id}"), &app.admin_token).await, 404).await;
    let again = app
        .post(
            "/api/v1/users",
            &app.admin_token,
            &json!({"username": "red.one", "password": "Red-Team-Passw0rd", "role": "viewer"}),
        )
        .await;
    assert_eq!(again.status(), 201);
}

#[tokio::test]
async fn an_admin_cannot_lock_themselves_out() {
    let app = spawn_app().await;
    let me: Value = app.get("/api/v1/auth/me", &app.admin_token).await.json().await.unwrap();
    let id = me["id"].as_str().unwrap();
    problem(
        app.patch(&format!("/api/v1/users/{id}"), &app.admin_token, &json!({"is_active": false})).await,
        409,
    )
    .await;
    problem(
        app.patch(&format!("/api/v1/users/{id}"), &app.admin_token, &json!({"role": "viewer"})).await,
        409,
    )
    .await;
    problem(app.delete(&format!("/api/v1/users/{id}"), &app.admin_token).await, 409).await;
    assert_eq!(app.get("/api/v1/auth/me", &app.admin_token).await.status(), 200);
}

#[tokio::test]
async fn user_lists_paginate_with_an_opaque_cursor() {
    let app = spawn_app().await;
    for _ in 0..6 {
        app.user(Role::Viewer).await;
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/users?limit=3&cursor={c}"),
            None => "/api/v1/users?limit=3".into(),
        };
        let page: Value = app.get(&path, &app.admin_token).await.json().await.unwrap();
        pages += 1;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 3);
        seen.extend(items.iter().map(|u| u["username"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 7, "{seen:?}");
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 7);
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "ordered by username");
    assert!(pages >= 3);
    problem(app.get("/api/v1/users?cursor=bm90LWEtY3Vyc29y", &app.admin_token).await, 400).await;
    // a cursor for another partition is refused, not followed
    let audit_page: Value =
        app.get("/api/v1/audit-logs?limit=1", &app.admin_token).await.json().await.unwrap();
    let foreign = audit_page["next_cursor"].as_str().unwrap();
    problem(app.get(&format!("/api/v1/users?cursor={foreign}"), &app.admin_token).await, 400).await;
}
