//! The audit trail: every mutation leaves one entry; filters and pagination.

use crate::helpers::*;
use domain::Role;
use serde_json::{Value, json};

fn actions(entries: &[Value]) -> Vec<String> {
    entries.iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn every_mutation_leaves_an_audit_entry() {
    let app = spawn_app().await;
    let before = app.audit("").await.len();
    let admin_id =
        app.get("/api/v1/auth/me", &app.admin_token).await.json::<Value>().await.unwrap()["id"].clone();
    // when an admin runs through every mutation of users and auth
    let user: Value = app
        .post(
            "/api/v1/users",
            &app.admin_token,
            &json!({"username": "audited", "password": "Audited-Passw0rd", "role": "viewer"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = user["id"].as_str().unwrap();
    app.patch(
        &format!("/api/v1/users/{id}"),
        &app.admin_token,
        &json!({"role": "blue_tech", "full_name": "Audited"}),
    )
    .await;
    app.post(
        &format!("/api/v1/users/{id}/reset-password"),
        &app.admin_token,
        &json!({"new_password": "Another-Passw0rd"}),
    )
    .await;
    let login: Value = app.login("audited", "Another-Passw0rd").await.json().await.unwrap();
    let token = login["access_token"].as_str().unwrap();
    let changed: Value = app
        .post(
            "/api/v1/auth/change-password",
            token,
            &json!({"current_password": "Another-Passw0rd", "new_password": "Third-Passw0rd!!"}),
        )
        .await
        .json()
        .await
        .unwrap();
    // the change ends the old token; the session goes on with the one it returned
    let token = changed["access_token"].as_str().unwrap();
    app.post("/api/v1/auth/logout", token, &json!({})).await;
    app.login("audited", "wrong-password").await;
    app.delete(&format!("/api/v1/users/{id}"), &app.admin_token).await;
    // then each left exactly one entry, newest first
    let entries = app.audit("").await;
    let new = &entries[..entries.len() - before];
    assert_eq!(
        actions(new),
        [
            "user.delete",
            "auth.login_failed",
            "auth.logout",
            "user.change_password",
            "auth.login",
            "user.reset_password",
            "user.update",
            "user.create",
        ]
    );
    let update = &new[6];
    assert_eq!(update["actor_id"], admin_id);
    assert_eq!(update["actor_username"], "admin");
    assert_eq!(update["target_type"], "user");
    assert_eq!(update["target_id"], id);
    assert_eq!(update["ip"], "127.0.0.1");
    assert_eq!(update["summary"]["role"], json!({"from": "viewer", "to": "blue_tech"}));
    assert!(update["at"].as_str().unwrap().ends_with('Z'));
    // secrets never reach the log
    assert!(!serde_json::to_string(&entries).unwrap().contains("Passw0rd"));
}

#[tokio::test]
async fn audit_logs_filter_by_actor_target_action_and_time() {
    let app = spawn_app().await;
    let (a_id, _, _) = app.user(Role::Viewer).await;
    let (b_id, _, _) = app.user(Role::Viewer).await;
    let start = chrono::Utc::now();
    app.patch(&format!("/api/v1/users/{a_id}"), &app.admin_token, &json!({"full_name": "A"})).await;
    app.patch(&format!("/api/v1/users/{b_id}"), &app.admin_token, &json!({"full_name": "B"})).await;
    app.post(
        &format!("/api/v1/users/{b_id}/reset-password"),
        &app.admin_token,
        &json!({"new_password": "Reset-Passw0rd!"}),
    )
    .await;
    let end = chrono::Utc::now();
    let admin_id = app.get("/api/v1/auth/me", &app.admin_token).await.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let by_target = app.audit(&format!("target_type=user&target_id={b_id}")).await;
    assert_eq!(actions(&by_target), ["user.reset_password", "user.update", "test.seed"]);
    let by_actor = app.audit(&format!("actor_id={admin_id}&action=user.update")).await;
    assert_eq!(by_actor.len(), 2);
    let prefix = app.audit("action=user.").await;
    assert_eq!(
        actions(&prefix),
        ["user.reset_password", "user.update", "user.update", "user.bootstrap_admin"]
    );
    let window = app
        .audit(&format!(
            "from={}&to={}",
            start.to_rfc3339().replace('+', "%2B"),
            end.to_rfc3339().replace('+', "%2B")
        ))
        .await;
    assert_eq!(actions(&window), ["user.reset_password", "user.update", "user.update"]);
    // paging through the whole log yields each entry once
    let all = app.audit("").await.len();
    let mut cursor = String::new();
    let mut count = 0;
    loop {
        let page: Value = app
            .get(&format!("/api/v1/audit-logs?limit=2{cursor}"), &app.admin_token)
            .await
            .json()
            .await
            .unwrap();
        count += page["items"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(count, all);
    problem(
        app.get("/api/v1/audit-logs?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", &app.admin_token)
            .await,
        422,
    )
    .await;
    problem(app.get("/api/v1/audit-logs?actor_id=not-a-uuid", &app.admin_token).await, 422).await;
}
