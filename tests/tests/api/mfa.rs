//! TOTP second factor: enrolment, sign-in with a code or a recovery code, replayed and expired
//! codes, the per-user attempt limit, roles that must enrol, removal and the admin's reset.
//! Codes are computed here from RFC 6238 (HMAC-SHA-1 over the step, dynamic truncation), not
//! with the server's library, so the two must agree.

use crate::helpers::*;
use aegis_tests::seed::PASSWORD;
use domain::Role;
use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::{Value, json};

/// RFC 4648 base32 (no padding) to bytes.
fn base32(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut value, mut out) = (0u32, 0u64, Vec::new());
    for c in text.trim_end_matches('=').bytes() {
        value = (value << 5) | ALPHABET.iter().position(|a| *a == c).expect("base32") as u64;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((value >> bits) as u8);
        }
    }
    out
}

/// The RFC 6238 code (SHA-1, 6 digits, 30 s) of `secret` at unix time `at`.
pub fn totp(secret_b32: &str, at: i64) -> String {
    let mut mac = <Hmac<sha1::Sha1> as Mac>::new_from_slice(&base32(secret_b32)).unwrap();
    mac.update(&((at / 30) as u64).to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = (h[19] & 0x0f) as usize;
    let bin = u32::from_be_bytes([h[offset] & 0x7f, h[offset + 1], h[offset + 2], h[offset + 3]]);
    format!("{:06}", bin % 1_000_000)
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[test]
fn the_test_oracle_matches_rfc_6238() {
    // "12345678901234567890" in base32, appendix B, truncated to 6 digits
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    assert_eq!(totp(secret, 59), "287082");
    assert_eq!(totp(secret, 1_111_111_109), "081804");
}

/// Enrols `token`'s user: (secret, recovery codes). The confirming code is of the current step.
async fn enrol(app: &TestApp, token: &str) -> (String, Vec<String>) {
    let res = app.post("/api/v1/auth/mfa/totp/setup", token, &json!({})).await;
    assert_eq!(res.status(), 200);
    let setup: Value = res.json().await.unwrap();
    let secret = setup["secret"].as_str().unwrap().to_owned();
    let res =
        app.post("/api/v1/auth/mfa/totp/confirm", token, &json!({ "code": totp(&secret, now()) })).await;
    assert_eq!(res.status(), 200);
    let codes: Vec<String> = res.json::<Value>().await.unwrap()["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    (secret, codes)
}

/// Signs in with the password; returns the challenge of a user with MFA.
async fn challenge(app: &TestApp, name: &str) -> String {
    let res = app.login(name, PASSWORD).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("set-cookie").is_none(), "no session before the second factor");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["mfa_required"], true, "{body}");
    assert!(body.get("access_token").is_none());
    body["mfa_token"].as_str().unwrap().to_owned()
}

async fn second_factor(app: &TestApp, body: Value) -> reqwest::Response {
    app.request(Method::POST, "/api/v1/auth/login/mfa", None).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn an_enrolled_user_signs_in_with_a_code_once_and_replays_are_refused() {
    // given a user who starts enrolment
    let app = spawn_app().await;
    let (_, name, token) = app.user(Role::RedTech).await;
    let res = app.post("/api/v1/auth/mfa/totp/setup", &token, &json!({})).await;
    assert_eq!(res.status(), 200);
    let setup: Value = res.json().await.unwrap();
    let secret = setup["secret"].as_str().unwrap().to_owned();
    let uri = setup["otpauth_uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/Aegis:"), "{uri}");
    assert!(uri.contains(&format!("secret={secret}")) && uri.contains("issuer=Aegis"), "{uri}");
    // until it is confirmed, sign-in is by password alone
    let res = app.login(&name, PASSWORD).await;
    assert!(res.json::<Value>().await.unwrap()["access_token"].is_string());

    // when a wrong code is given, then the enrolment stays pending
    let wrong = if totp(&secret, now()) == "000000" { "111111" } else { "000000" };
    let res = app.post("/api/v1/auth/mfa/totp/confirm", &token, &json!({ "code": wrong })).await;
    assert_eq!(error_codes(&problem(res, 422).await), ["mismatch"]);
    // when the app's current code confirms it, then ten distinct recovery codes come back
    let res =
        app.post("/api/v1/auth/mfa/totp/confirm", &token, &json!({ "code": totp(&secret, now()) })).await;
    assert_eq!(res.status(), 200);
    let codes = res.json::<Value>().await.unwrap()["recovery_codes"].as_array().unwrap().clone();
    assert_eq!(codes.len(), 10);
    assert_eq!(
        codes.iter().map(|c| c.as_str().unwrap()).collect::<std::collections::BTreeSet<_>>().len(),
        10
    );
    let me: Value = app.get("/api/v1/auth/me", &token).await.json().await.unwrap();
    assert_eq!(me["mfa_enabled"], true);
    // and confirming again is a conflict
    let res =
        app.post("/api/v1/auth/mfa/totp/confirm", &token, &json!({ "code": totp(&secret, now()) })).await;
    problem(res, 409).await;

    // when the user signs in, then the password alone gives only a challenge, which is no session
    let mfa_token = challenge(&app, &name).await;
    problem(app.get("/api/v1/auth/me", &mfa_token).await, 401).await;
    // and the code of the step just used (to confirm) is a replay
    let res = second_factor(&app, json!({ "mfa_token": mfa_token, "code": totp(&secret, now()) })).await;
    let replay = problem(res, 401).await;
    assert!(replay["detail"].as_str().unwrap().contains("used"), "{replay}");
    // a code of the next step (one step of clock drift) signs in and sets the session cookie
    let next = totp(&secret, now() + 30);
    let res = second_factor(&app, json!({ "mfa_token": mfa_token, "code": next })).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("set-cookie").unwrap().to_str().unwrap().starts_with("aegis_token="));
    let session = res.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/auth/me", &session).await.status(), 200);
    // and the same code again, even with a fresh challenge, is refused
    let again = challenge(&app, &name).await;
    problem(second_factor(&app, json!({ "mfa_token": again, "code": next })).await, 401).await;
    // the sign-in is audited with its factor
    let logins = app.audit("action=auth.login").await;
    assert!(logins.iter().any(|e| e["summary"]["second_factor"] == "totp"), "{logins:?}");
}

#[tokio::test]
async fn expired_codes_challenges_and_bad_bodies_are_refused() {
    let app = spawn_app().await;
    let (_, name, token) = app.user(Role::BlueTech).await;
    let (secret, _) = enrol(&app, &token).await;
    let mfa_token = challenge(&app, &name).await;
    // a code two steps old is expired
    let res = second_factor(&app, json!({ "mfa_token": mfa_token, "code": totp(&secret, now() - 90) })).await;
    let body = problem(res, 401).await;
    assert!(body["detail"].as_str().unwrap().contains("expired"), "{body}");
    // neither or both of code and recovery_code
    problem(second_factor(&app, json!({ "mfa_token": mfa_token })).await, 422).await;
    let both = json!({ "mfa_token": mfa_token, "code": "123456", "recovery_code": "abcde-fghij" });
    problem(second_factor(&app, both).await, 422).await;
    // an expired challenge, a session token and garbage are no challenge
    let user = store::users::get_by_username(&app.state.db, &name).await.unwrap().unwrap();
    let (expired, _) = auth::token::issue_mfa_challenge(SECRET, &user, std::time::Duration::from_secs(0));
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    for bad in [expired.as_str(), token.as_str(), "garbage"] {
        let res = second_factor(&app, json!({ "mfa_token": bad, "code": totp(&secret, now() + 30) })).await;
        problem(res, 401).await;
    }
}

#[tokio::test]
async fn a_recovery_code_works_once() {
    let app = spawn_app().await;
    let (_, name, token) = app.user(Role::Viewer).await;
    let (_, codes) = enrol(&app, &token).await;
    // given a challenge, when a recovery code is given (upper case, as typed from paper)
    let mfa_token = challenge(&app, &name).await;
    let typed = codes[3].to_uppercase();
    let res = second_factor(&app, json!({ "mfa_token": mfa_token, "recovery_code": typed })).await;
    // then it signs in, and the same code is refused afterwards while another still works
    assert_eq!(res.status(), 200);
    let mfa_token = challenge(&app, &name).await;
    let res = second_factor(&app, json!({ "mfa_token": mfa_token, "recovery_code": codes[3] })).await;
    problem(res, 401).await;
    let res = second_factor(&app, json!({ "mfa_token": mfa_token, "recovery_code": codes[4] })).await;
    assert_eq!(res.status(), 200);
    assert!(!app.audit("action=user.mfa_recovery_code_used").await.is_empty());
}

#[tokio::test]
async fn code_attempts_are_limited_per_user() {
    let app = spawn_app().await;
    let (_, name, token) = app.user(Role::RedLead).await;
    let (secret, _) = enrol(&app, &token).await;
    let mfa_token = challenge(&app, &name).await;
    let wrong = if totp(&secret, now() + 30) == "999999" { "888888" } else { "999999" };
    // when wrong codes follow (the confirmation was the first attempt of the 5-minute window)
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let res = second_factor(&app, json!({ "mfa_token": mfa_token, "code": wrong })).await;
        statuses.push(res.status().as_u16());
    }
    // then the fifth attempt of the window is the last one answered (the sixth only when the
    // window turned over between the confirmation and these calls)
    let first_limited = statuses.iter().position(|s| *s == 429).expect("limited within six attempts");
    assert!(first_limited >= 4 && statuses[..first_limited].iter().all(|s| *s == 401), "{statuses:?}");
    // and even the right code is refused with Retry-After
    let res = second_factor(&app, json!({ "mfa_token": mfa_token, "code": totp(&secret, now() + 30) })).await;
    assert!(res.headers().get("retry-after").is_some());
    problem(res, 429).await;
}

#[tokio::test]
async fn required_roles_must_enrol_before_anything_else() {
    // given red leads must have a second factor
    let app = spawn_app_with(config(&[("MFA_REQUIRED_ROLES", "red_lead")])).await;
    let (_, _, lead) = app.user(Role::RedLead).await;
    let (_, _, tech) = app.user(Role::RedTech).await;
    // then a red lead's session may only see itself and enrol
    let body = problem(app.get("/api/v1/tests", &lead).await, 403).await;
    assert_eq!(body["type"], "https://aegis.dev/problems/mfa-enrolment-required");
    let me: Value = app.get("/api/v1/auth/me", &lead).await.json().await.unwrap();
    assert_eq!(me["mfa_enrolment_required"], true);
    problem(app.post("/api/v1/auth/api-tokens", &lead, &json!({ "name": "ci" })).await, 403).await;
    assert_eq!(app.get("/api/v1/tests", &tech).await.status(), 200, "other roles are not held up");
    // when the lead enrols, then the same session goes on
    let (secret, _) = enrol(&app, &lead).await;
    assert_eq!(app.get("/api/v1/tests", &lead).await.status(), 200);
    let me: Value = app.get("/api/v1/auth/me", &lead).await.json().await.unwrap();
    assert_eq!(me["mfa_enrolment_required"], false);
    // and the factor cannot be removed while the role requires it
    let res = app
        .request(Method::DELETE, "/api/v1/auth/mfa", Some(&lead))
        .json(&json!({ "code": totp(&secret, now() + 30) }))
        .send()
        .await
        .unwrap();
    problem(res, 409).await;
}

#[tokio::test]
async fn removal_needs_a_current_code_and_the_admin_reset_ends_sessions() {
    let app = spawn_app().await;
    let (id, name, token) = app.user(Role::BlueLead).await;
    let (secret, _) = enrol(&app, &token).await;
    let delete = |code: String| {
        app.request(Method::DELETE, "/api/v1/auth/mfa", Some(&token)).json(&json!({ "code": code })).send()
    };
    // a wrong code does not remove it; the next step's code does
    problem(delete("000001".into()).await.unwrap(), 401).await;
    assert_eq!(delete(totp(&secret, now() + 30)).await.unwrap().status(), 204);
    let res = app.login(&name, PASSWORD).await;
    assert!(res.json::<Value>().await.unwrap()["access_token"].is_string(), "password alone again");

    // given the user enrols again and signs in on another device
    let (_, _) = enrol(&app, &token).await;
    let other = app.user(Role::Viewer).await.2;
    // when an admin resets the factor (a lost phone)
    let res = app.post(&format!("/api/v1/users/{id}/reset-mfa"), &app.admin_token, &json!({})).await;
    assert_eq!(res.status(), 204);
    // then the user's sessions are over, the password alone signs in, and the reset is audited
    problem(app.get("/api/v1/auth/me", &token).await, 401).await;
    let res = app.login(&name, PASSWORD).await;
    assert!(res.json::<Value>().await.unwrap()["access_token"].is_string());
    let audit = app.audit("action=user.reset_mfa").await;
    assert_eq!(audit[0]["target_id"], id.to_string());
    // a second reset finds nothing to reset; only admins may reset
    problem(app.post(&format!("/api/v1/users/{id}/reset-mfa"), &app.admin_token, &json!({})).await, 409)
        .await;
    problem(app.post(&format!("/api/v1/users/{id}/reset-mfa"), &other, &json!({})).await, 403).await;
}

#[tokio::test]
async fn the_secret_is_encrypted_at_rest_and_recovery_codes_are_hashed() {
    let app = spawn_app().await;
    let (id, _, token) = app.user(Role::Viewer).await;
    let (secret, codes) = enrol(&app, &token).await;
    // the stored item holds neither the secret (base32 or raw) nor a recovery code
    let item = app
        .state
        .db
        .client
        .get_item()
        .table_name(&app.state.db.table)
        .key("PK", aws_sdk_dynamodb::types::AttributeValue::S(format!("USER#{id}")))
        .key("SK", aws_sdk_dynamodb::types::AttributeValue::S("MFA".into()))
        .send()
        .await
        .unwrap()
        .item
        .unwrap();
    assert_eq!(item["entity"].as_s().unwrap(), "totp_enrolment");
    assert_eq!(item["confirmed"].as_bool().unwrap(), &true);
    let dump = format!("{item:?}");
    assert!(!dump.contains(&secret), "the base32 secret is stored in the clear");
    let raw = base32(&secret);
    let sealed = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        item["secret_sealed"].as_s().unwrap(),
    )
    .unwrap();
    assert_eq!(sealed.len(), 12 + raw.len() + 16, "nonce, ciphertext, tag");
    assert!(!sealed.windows(raw.len()).any(|w| w == raw.as_slice()));
    let hashes = item["recovery_codes"].as_m().unwrap();
    assert_eq!(hashes.len(), 10);
    for code in &codes {
        assert!(!dump.contains(code.as_str()));
    }
    assert!(hashes.keys().all(|h| h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit())));
}
