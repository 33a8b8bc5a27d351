//! Users and sessions: the profile with its username guard, the initial-admin marker, revoked
//! tokens, rate-limit windows and audit entries.

use super::{assert_attributes, n, partition, raw, s, sort_time, try_raw};
use crate::helpers::{SECRET, TestApp, spawn_app};
use serde_json::{Value, json};

const PASSWORD: &str = "Red-Team-Passw0rd";

/// Creates `red.one` (red_tech) through the API; returns its id.
async fn red_one(app: &TestApp) -> String {
    let body = json!({ "username": "Red.One", "password": PASSWORD, "role": "red_tech",
        "email": "red@example.org", "full_name": "Red One" });
    let res = app.post("/api/v1/users", &app.admin_token, &body).await;
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
}

fn admin_id(app: &TestApp) -> String {
    auth::token::verify(SECRET, &app.admin_token).unwrap().sub.to_string()
}

/// The window a fixed-window counter of `secs` puts `now` in.
fn window(now: i64, secs: i64) -> i64 {
    now - now.rem_euclid(secs)
}

#[tokio::test]
async fn the_user_username_guard_and_initial_admin_items() {
    // given an admin-created user
    let app = spawn_app().await;
    let id = red_one(&app).await;

    // then the profile is keyed by id and listed under USERS by its normalised name
    let user = raw(&app, &format!("USER#{id}"), "PROFILE").await;
    assert_eq!(s(&user, "entity"), "user");
    assert_eq!((s(&user, "GSI1PK"), s(&user, "GSI1SK")), ("USERS", "red.one"));
    assert_eq!(
        (s(&user, "id"), s(&user, "username"), s(&user, "role")),
        (id.as_str(), "red.one", "red_tech")
    );
    assert!(s(&user, "password_hash").starts_with("$argon2id$"), "a hash, never the password");
    assert_eq!((n(&user, "version"), n(&user, "session_generation")), (1, 0));
    assert!(user["last_login_at"].is_null(), "never signed in");
    assert_attributes(
        &user,
        "PK SK GSI1PK GSI1SK entity version id username email full_name role is_active password_hash \
         created_at updated_at last_login_at session_generation must_change_password",
    );

    // and the username guard points at it
    let guard = raw(&app, "USERNAME#red.one", "USERNAME").await;
    assert_eq!((s(&guard, "entity"), s(&guard, "user_id")), ("username", id.as_str()));
    assert_eq!(n(&guard, "version"), 1);
    assert_attributes(&guard, "PK SK entity version user_id");

    // and the bootstrap left its once-per-table marker naming the initial admin
    let marker = raw(&app, "SYSTEM", "INITIAL_ADMIN").await;
    assert_eq!((s(&marker, "entity"), s(&marker, "user_id")), ("system_marker", admin_id(&app).as_str()));
    assert_attributes(&marker, "PK SK entity version user_id");
}

#[tokio::test]
async fn the_revoked_token_and_rate_limit_window_items() {
    // given a user who signs in (one counted attempt) and fails one password change
    let app = spawn_app().await;
    let id = red_one(&app).await;
    let before = chrono::Utc::now().timestamp();
    let res = app.login("red.one", PASSWORD).await;
    let after = chrono::Utc::now().timestamp();
    assert_eq!(res.status(), 200);
    let token = res.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
    let wrong = json!({ "current_password": "not-it", "new_password": "Another-Passw0rd!" });
    assert_eq!(app.post("/api/v1/auth/change-password", &token, &wrong).await.status(), 422);

    // then the login window of the client counts the attempt and expires a window after its end
    let mut login = None;
    for start in [window(before, 60), window(after, 60)] {
        login = login.or(try_raw(&app, "RATE#login#127.0.0.1", &format!("WINDOW#{start}")).await);
    }
    let login = login.expect("a login window item");
    let start: i64 = s(&login, "SK").strip_prefix("WINDOW#").unwrap().parse().unwrap();
    assert_eq!((s(&login, "entity"), n(&login, "attempts"), n(&login, "version")), ("rate_limit", 1, 1));
    assert_eq!(n(&login, "expires_at"), start + 120);
    assert_attributes(&login, "PK SK entity version attempts expires_at");
    // and the password change is counted per user over 15 minutes
    let changes = partition(&app, &format!("RATE#change_password#{id}"), "WINDOW#").await;
    assert_eq!(changes.len(), 1);
    let start: i64 = s(&changes[0], "SK").strip_prefix("WINDOW#").unwrap().parse().unwrap();
    assert_eq!(start % 900, 0);
    assert_eq!((n(&changes[0], "attempts"), n(&changes[0], "expires_at")), (1, start + 1800));
    assert_attributes(&changes[0], "PK SK entity version attempts expires_at");

    // when the user signs out
    assert_eq!(app.post("/api/v1/auth/logout", &token, &json!({})).await.status(), 204);

    // then the token's jti is revoked until the token would have expired, and nothing more
    let claims = auth::token::verify(SECRET, &token).unwrap();
    let revoked = raw(&app, &format!("TOKEN#{}", claims.jti), "REVOKED").await;
    assert_eq!((s(&revoked, "entity"), n(&revoked, "expires_at")), ("revoked_token", claims.exp));
    assert_attributes(&revoked, "PK SK entity version expires_at");
}

#[tokio::test]
async fn the_audit_entry_item() {
    // given a user created by the admin, and one seeded by no one
    let app = spawn_app().await;
    let id = red_one(&app).await;
    app.user(domain::Role::Viewer).await;

    // then the entry is in the AUDIT partition by time and id, indexed by actor and target type
    let entry = &app.audit("action=user.create").await[0];
    let (entry_id, at) = (entry["id"].as_str().unwrap(), entry["at"].as_str().unwrap());
    let sort = format!("{}#{entry_id}", sort_time(at));
    let item = raw(&app, "AUDIT", &sort).await;
    assert_eq!(s(&item, "entity"), "audit");
    assert_eq!(
        (s(&item, "GSI1PK"), s(&item, "GSI1SK")),
        (format!("AUDIT_ACTOR#{}", admin_id(&app)).as_str(), sort.as_str())
    );
    assert_eq!((s(&item, "GSI2PK"), s(&item, "GSI2SK")), ("AUDIT_TARGET#user", sort.as_str()));
    assert_eq!(
        (s(&item, "action"), s(&item, "target_id"), s(&item, "ip")),
        ("user.create", id.as_str(), "127.0.0.1")
    );
    assert!(!item.contains_key("expires_at"), "the audit log is kept");
    let all = "PK SK GSI1PK GSI1SK GSI2PK GSI2SK entity version id at actor_id actor_username action \
        target_type target_id ip summary";
    assert_attributes(&item, all);

    // and an entry without an actor is left out of the actor index
    let seeded = &app.audit("action=test.seed").await[0];
    let sort = format!("{}#{}", sort_time(seeded["at"].as_str().unwrap()), seeded["id"].as_str().unwrap());
    let item = raw(&app, "AUDIT", &sort).await;
    assert!(item["actor_id"].is_null());
    assert_attributes(&item, &all.replace("GSI1PK GSI1SK ", ""));
}
