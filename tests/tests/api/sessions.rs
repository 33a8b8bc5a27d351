//! Session rules: which changes end which sessions, the change-password attempt limit, and a
//! generated password that must be changed before anything else.

use crate::helpers::*;
use aegis_tests::seed::PASSWORD;
use domain::Role;
use serde_json::{Value, json};

async fn sign_in(app: &TestApp, name: &str, password: &str) -> String {
    let res = app.login(name, password).await;
    assert_eq!(res.status(), 200);
    res.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned()
}

async fn status_of_me(app: &TestApp, token: &str) -> u16 {
    app.get("/api/v1/auth/me", token).await.status().as_u16()
}

#[tokio::test]
async fn a_password_change_ends_every_other_session_of_that_user_only() {
    // given two sessions of one user (two browsers) and a session of someone else
    let app = spawn_app().await;
    let (_, name, _) = app.user(Role::RedTech).await;
    let (laptop, phone) = (sign_in(&app, &name, PASSWORD).await, sign_in(&app, &name, PASSWORD).await);
    let (_, _, other) = app.user(Role::BlueTech).await;
    // when the laptop changes the password
    let res = app
        .post(
            "/api/v1/auth/change-password",
            &laptop,
            &json!({ "current_password": PASSWORD, "new_password": "Changed-Passw0rd!" }),
        )
        .await;
    assert_eq!(res.status(), 200);
    let renewed = res.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
    // then the phone and the laptop's old token are out, the laptop goes on with the new one
    assert_eq!(status_of_me(&app, &phone).await, 401);
    assert_eq!(status_of_me(&app, &laptop).await, 401);
    assert_eq!(status_of_me(&app, &renewed).await, 200);
    assert_eq!(status_of_me(&app, &other).await, 200, "other users keep their sessions");
}

#[tokio::test]
async fn an_admin_reset_a_role_change_and_a_deactivation_each_end_all_sessions() {
    let app = spawn_app().await;
    let (id, name, _) = app.user(Role::Viewer).await;
    let user = format!("/api/v1/users/{id}");

    // reset
    let token = sign_in(&app, &name, PASSWORD).await;
    let res = app
        .post(
            &format!("{user}/reset-password"),
            &app.admin_token,
            &json!({ "new_password": "Reset-Passw0rd!" }),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(status_of_me(&app, &token).await, 401);

    // role change
    let token = sign_in(&app, &name, "Reset-Passw0rd!").await;
    assert_eq!(app.patch(&user, &app.admin_token, &json!({ "role": "blue_tech" })).await.status(), 200);
    assert_eq!(status_of_me(&app, &token).await, 401);

    // an edit that changes neither role nor status keeps the session
    let token = sign_in(&app, &name, "Reset-Passw0rd!").await;
    assert_eq!(app.patch(&user, &app.admin_token, &json!({ "full_name": "Kept" })).await.status(), 200);
    assert_eq!(status_of_me(&app, &token).await, 200);

    // deactivation, and reactivation does not bring the old session back
    assert_eq!(app.patch(&user, &app.admin_token, &json!({ "is_active": false })).await.status(), 200);
    assert_eq!(status_of_me(&app, &token).await, 401);
    assert_eq!(app.patch(&user, &app.admin_token, &json!({ "is_active": true })).await.status(), 200);
    assert_eq!(status_of_me(&app, &token).await, 401);
    assert_eq!(status_of_me(&app, &sign_in(&app, &name, "Reset-Passw0rd!").await).await, 200);
}

#[tokio::test]
async fn change_password_allows_five_attempts_per_window() {
    let app = spawn_app().await;
    let (_, _, token) = app.user(Role::Viewer).await;
    let wrong = json!({ "current_password": "guess", "new_password": "Whatever-Passw0rd!" });
    for _ in 0..5 {
        problem(app.post("/api/v1/auth/change-password", &token, &wrong).await, 422).await;
    }
    // the sixth is refused before the password is even checked, the right one included
    let right = json!({ "current_password": PASSWORD, "new_password": "Whatever-Passw0rd!" });
    let res = app.post("/api/v1/auth/change-password", &token, &right).await;
    assert!(res.headers().get("retry-after").is_some());
    problem(res, 429).await;
    assert_eq!(status_of_me(&app, &token).await, 200, "nothing changed");
}

#[tokio::test]
async fn a_generated_password_must_be_changed_before_anything_else() {
    // given a user whose password nobody chose (as the initial admin's)
    let app = spawn_app().await;
    let (id, name, _) = app.user(Role::Admin).await;
    let mut user = store::users::get(&app.state.db, id).await.unwrap().unwrap();
    user.must_change_password = true;
    user.version += 1;
    let entry = domain::audit::AuditEntry {
        id: uuid::Uuid::new_v4(),
        at: chrono::Utc::now(),
        actor_id: None,
        actor_username: None,
        action: "test.flag".into(),
        target_type: "user".into(),
        target_id: Some(id.to_string()),
        ip: None,
        summary: json!({}),
    };
    store::users::update(&app.state.db, &user, &entry).await.unwrap();
    // when they sign in, only me, logout and change-password answer
    let login: Value = app.login(&name, PASSWORD).await.json().await.unwrap();
    assert_eq!(login["user"]["must_change_password"], true);
    let token = login["access_token"].as_str().unwrap();
    let refused = problem(app.get("/api/v1/users", token).await, 403).await;
    assert!(refused["type"].as_str().unwrap().ends_with("/password-change-required"), "{refused}");
    problem(app.get("/api/v1/tests", token).await, 403).await;
    assert_eq!(status_of_me(&app, token).await, 200);
    // then after the change everything their role allows answers
    let res = app
        .post(
            "/api/v1/auth/change-password",
            token,
            &json!({ "current_password": PASSWORD, "new_password": "Own-Choice-Passw0rd" }),
        )
        .await;
    let renewed: Value = res.json().await.unwrap();
    assert_eq!(renewed["user"]["must_change_password"], false);
    assert_eq!(app.get("/api/v1/users", renewed["access_token"].as_str().unwrap()).await.status(), 200);
}

#[tokio::test]
async fn the_new_password_must_differ_from_the_current_one() {
    let app = spawn_app().await;
    let (_, _, token) = app.user(Role::Viewer).await;
    let same = json!({ "current_password": PASSWORD, "new_password": PASSWORD });
    let res = problem(app.post("/api/v1/auth/change-password", &token, &same).await, 422).await;
    assert_eq!(error_codes(&res), ["unchanged"]);
}

#[tokio::test]
async fn an_admin_can_require_a_new_password_at_first_and_next_sign_in() {
    let app = spawn_app().await;
    let body = json!({ "username": "newcomer", "password": "Handed-Over-Passw0rd", "role": "viewer", "must_change_password": true });
    let created: Value = app.post("/api/v1/users", &app.admin_token, &body).await.json().await.unwrap();
    assert_eq!(created["must_change_password"], true);
    let token = sign_in(&app, "newcomer", "Handed-Over-Passw0rd").await;
    problem(app.get("/api/v1/tactics", &token).await, 403).await;
    // a reset without the flag lifts it; with it, sets it again
    let reset = format!("/api/v1/users/{}/reset-password", created["id"].as_str().unwrap());
    let res = app.post(&reset, &app.admin_token, &json!({ "new_password": "Second-Passw0rd!" })).await;
    assert_eq!(res.status(), 204);
    let token = sign_in(&app, "newcomer", "Second-Passw0rd!").await;
    assert_eq!(app.get("/api/v1/tactics", &token).await.status(), 200);
    let flagged = json!({ "new_password": "Third-Passw0rd!!", "must_change_password": true });
    assert_eq!(app.post(&reset, &app.admin_token, &flagged).await.status(), 204);
    let token = sign_in(&app, "newcomer", "Third-Passw0rd!!").await;
    problem(app.get("/api/v1/tactics", &token).await, 403).await;
}

#[tokio::test]
async fn an_admin_cannot_reset_their_own_password_through_the_admin_route() {
    let app = spawn_app().await;
    let me: Value = app.get("/api/v1/auth/me", &app.admin_token).await.json().await.unwrap();
    let reset = format!("/api/v1/users/{}/reset-password", me["id"].as_str().unwrap());
    let res = app.post(&reset, &app.admin_token, &json!({ "new_password": "Self-Reset-Passw0rd" })).await;
    problem(res, 409).await;
    assert_eq!(status_of_me(&app, &app.admin_token).await, 200, "the session goes on");
}
