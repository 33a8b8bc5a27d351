//! Identity beyond the profile: API tokens, the TOTP enrolment beside the profile, a single
//! sign-on under way and the provider account's link, and a user's notification preferences.

use super::{assert_attributes, n, raw, s, sort_time, try_raw};
use crate::helpers::{config, spawn_app, spawn_app_with};
use crate::workflow::ok;
use aws_sdk_dynamodb::types::AttributeValue;
use domain::Role;
use reqwest::Url;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

#[tokio::test]
async fn the_api_token_item() {
    // given a technician's read-only viewer token, made through the API
    let app = spawn_app().await;
    let (user_id, name, session) = app.user(Role::RedTech).await;
    let body = json!({ "name": "ci pipeline", "role": "viewer", "read_only": true, "expires_in_days": 30 });
    let res = app.post("/api/v1/auth/api-tokens", &session, &body).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let (token, view) = (created["token"].as_str().unwrap(), &created["api_token"]);
    let id = view["id"].as_str().unwrap();
    let attributes = "PK SK GSI1PK GSI1SK GSI2PK GSI2SK entity version id user_id username name role \
        read_only secret_hash created_at expires_at last_used_at last_used_ip";

    // then it is `APITOKEN#<id>` / APITOKEN, listed by creation time under its owner (GSI1) and
    // among everyone's (GSI2)
    let item = raw(&app, &format!("APITOKEN#{id}"), "APITOKEN").await;
    assert_eq!(s(&item, "entity"), "api_token");
    let sort = format!("{}#{id}", sort_time(view["created_at"].as_str().unwrap()));
    assert_eq!(
        (s(&item, "GSI1PK"), s(&item, "GSI1SK")),
        (format!("APITOKENS#{user_id}").as_str(), sort.as_str())
    );
    assert_eq!((s(&item, "GSI2PK"), s(&item, "GSI2SK")), ("APITOKENS", sort.as_str()));
    assert_eq!(
        (s(&item, "user_id"), s(&item, "username"), s(&item, "role")),
        (user_id.to_string().as_str(), name.as_str(), "viewer")
    );
    assert_eq!(item["read_only"].as_bool(), Ok(&true));
    // only the SHA-256 of the token's secret part is kept, never the token
    let (_, secret) = auth::api_token::parse(token).unwrap();
    assert_eq!(s(&item, "secret_hash"), hex::encode(Sha256::digest(secret.as_bytes())));
    assert!(!item.values().any(|v| v.as_s().is_ok_and(|text| text.contains(secret))));
    // the expiry, in unix seconds, is also the item's TTL
    let expires = chrono::DateTime::parse_from_rfc3339(view["expires_at"].as_str().unwrap()).unwrap();
    assert_eq!(n(&item, "expires_at"), expires.timestamp());
    assert!(item["last_used_at"].is_null() && item["last_used_ip"].is_null(), "never used");
    assert_eq!(n(&item, "version"), 1);
    assert_attributes(&item, attributes);

    // when the token is used, then the same item records the use and nothing more
    assert_eq!(app.get("/api/v1/auth/me", token).await.status(), 200);
    let item = raw(&app, &format!("APITOKEN#{id}"), "APITOKEN").await;
    assert_eq!(s(&item, "last_used_ip"), "127.0.0.1");
    assert!(item["last_used_at"].as_s().is_ok());
    assert_attributes(&item, attributes);
}

#[tokio::test]
async fn the_totp_enrolment_item_pending_then_confirmed() {
    // given a user who starts enrolment
    let app = spawn_app().await;
    let (id, _, token) = app.user(Role::RedTech).await;
    let res = app.post("/api/v1/auth/mfa/totp/setup", &token, &json!({})).await;
    assert_eq!(res.status(), 200);
    let secret = res.json::<Value>().await.unwrap()["secret"].as_str().unwrap().to_owned();
    let attributes = "PK SK entity version user_id secret_sealed confirmed last_step recovery_codes \
        created_at confirmed_at";

    // then the pending enrolment sits beside the profile, `USER#<id>` / MFA, the secret sealed
    let pk = format!("USER#{id}");
    let item = raw(&app, &pk, "MFA").await;
    assert_eq!((s(&item, "entity"), s(&item, "user_id")), ("totp_enrolment", id.to_string().as_str()));
    assert_eq!((item["confirmed"].as_bool(), n(&item, "last_step"), n(&item, "version")), (Ok(&false), 0, 1));
    assert!(!s(&item, "secret_sealed").contains(&secret), "sealed, never the secret");
    assert!(item["recovery_codes"].as_m().unwrap().is_empty(), "no codes before confirmation");
    assert!(item["confirmed_at"].is_null());
    assert!(!item.contains_key("expires_at"), "a pending enrolment is replaced, not expired");
    assert_attributes(&item, attributes);

    // when the authenticator's current code confirms it
    let at = chrono::Utc::now().timestamp();
    let code = crate::mfa::totp(&secret, at);
    let res = app.post("/api/v1/auth/mfa/totp/confirm", &token, &json!({ "code": code })).await;
    assert_eq!(res.status(), 200);
    let codes = res.json::<Value>().await.unwrap()["recovery_codes"].as_array().unwrap().clone();

    // then the same item is confirmed, its step claimed (no replay) and the ten recovery codes
    // kept as keyed hashes, never as given
    let item = raw(&app, &pk, "MFA").await;
    assert_eq!((item["confirmed"].as_bool(), n(&item, "version")), (Ok(&true), 2));
    assert_eq!(n(&item, "last_step"), at / 30);
    assert!(item["confirmed_at"].as_s().is_ok());
    let recovery = item["recovery_codes"].as_m().unwrap();
    assert_eq!(recovery.len(), 10);
    for c in &codes {
        assert!(!recovery.contains_key(c.as_str().unwrap()), "a code stored as given");
    }
    assert!(recovery.values().all(|v| v.as_bool() == Ok(&true)));
    assert_attributes(&item, attributes);
}

/// The local OpenID provider `localstack/start.sh` runs (see `oidc.rs`).
fn provider() -> String {
    std::env::var("AEGIS_OIDC_PROVIDER_URL")
        .expect("AEGIS_OIDC_PROVIDER_URL: start the stack with localstack/start.sh and source its env.sh")
}

fn location(res: &reqwest::Response) -> String {
    res.headers().get(reqwest::header::LOCATION).expect("a redirect").to_str().unwrap().to_owned()
}

/// Signs in at the provider as `subject` of the red group from `authorize`; the query of the
/// redirect back (as `oidc.rs` does it).
async fn at_provider(browser: &reqwest::Client, authorize: Url, subject: &str) -> String {
    let base = Url::parse(&provider()).unwrap();
    let res = browser.get(authorize).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let interaction = base.join(&location(&res)).unwrap();
    let res =
        browser.post(interaction).form(&[("login", subject), ("groups", "aegis-red")]).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let resume = base.join(&location(&res)).unwrap();
    let res = browser.get(resume).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    Url::parse(&location(&res)).unwrap().query().unwrap().to_owned()
}

#[tokio::test]
async fn the_oidc_pending_sign_in_and_subject_link_items() {
    // given an API signing in through the local provider, and a browser that starts a sign-in
    let issuer = provider();
    let app = spawn_app_with(config(&[
        ("OIDC_ISSUER", issuer.as_str()),
        ("OIDC_CLIENT_ID", "aegis-test"),
        ("OIDC_CLIENT_SECRET", "aegis-test-secret"),
        ("OIDC_ROLE_MAP", "aegis-red=red_tech"),
        ("OIDC_REDIRECT_URL", "http://127.0.0.1:8000/api/v1/auth/oidc/callback"),
    ]))
    .await;
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let before = chrono::Utc::now().timestamp();
    let res = browser.get(format!("{}/api/v1/auth/oidc/login", app.base)).send().await.unwrap();
    let after = chrono::Utc::now().timestamp();
    assert_eq!(res.status(), 302);
    let authorize = Url::parse(&location(&res)).unwrap();
    let param = |name: &str| authorize.query_pairs().find(|(k, _)| k == name).unwrap().1.into_owned();
    let state = param("state");

    // then the nonce and the PKCE verifier wait server-side under the state, ten minutes
    let item = raw(&app, &format!("OIDC#{state}"), "PENDING").await;
    assert_eq!((s(&item, "entity"), s(&item, "state")), ("oidc_pending", state.as_str()));
    assert_eq!(s(&item, "nonce"), param("nonce"));
    let verifier = s(&item, "pkce_verifier");
    assert!(!verifier.is_empty() && !authorize.as_str().contains(verifier), "only its challenge travels");
    assert!((before + 600..=after + 600).contains(&n(&item, "expires_at")));
    assert_attributes(&item, "PK SK entity version state nonce pkce_verifier expires_at");

    // when the sign-in completes, a first one for this subject
    let subject = format!("shape-{}", &uuid::Uuid::new_v4().simple().to_string()[..10]);
    let query = at_provider(&browser, authorize.clone(), &subject).await;
    let res = browser.get(format!("{}/api/v1/auth/oidc/callback?{query}", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 302);

    // then the pending sign-in was taken
    assert!(try_raw(&app, &format!("OIDC#{state}"), "PENDING").await.is_none());
    // and the provider account is linked to the user provisioned for it, under the ID token's
    // issuer (a URL, `:` and `/` included) and subject; no TTL
    let created = app.audit("action=user.create").await;
    let entry = created.iter().find(|e| e["summary"]["via"] == "oidc").expect("the provisioning audited");
    let (user_id, token_issuer) =
        (entry["target_id"].as_str().unwrap(), entry["summary"]["issuer"].as_str().unwrap());
    assert_eq!(token_issuer.trim_end_matches('/'), issuer.trim_end_matches('/'));
    let link = raw(&app, &format!("OIDCSUB#{token_issuer}#{subject}"), "LINK").await;
    assert_eq!(s(&link, "entity"), "oidc_subject");
    assert_eq!(
        (s(&link, "issuer"), s(&link, "subject"), s(&link, "user_id")),
        (token_issuer, subject.as_str(), user_id)
    );
    assert_eq!(n(&link, "version"), 1);
    assert_attributes(&link, "PK SK entity version issuer subject user_id");
    let user = raw(&app, &format!("USER#{user_id}"), "PROFILE").await;
    assert_eq!(s(&user, "username"), subject);
}

#[tokio::test]
async fn the_notification_preferences_item() {
    // given a user who mutes two kinds
    let app = spawn_app().await;
    let (id, _, token) = app.user(Role::BlueTech).await;
    let mute = json!({ "muted_kinds": ["campaign_run", "alert_fired"] });
    assert_eq!(ok(app.put("/api/v1/notifications/preferences", &token, &mute).await).await, mute);

    // then they are one item in the user's partition, outside the `NOTIF#` range: a list, in the
    // order given
    let pk = format!("USER#{id}");
    let item = raw(&app, &pk, "NOTIFPREFS").await;
    assert_eq!(s(&item, "entity"), "notification_prefs");
    assert_eq!(
        item["muted_kinds"].as_l().unwrap(),
        &[AttributeValue::S("campaign_run".into()), AttributeValue::S("alert_fired".into())]
    );
    assert!(!item.contains_key("expires_at"));
    assert_attributes(&item, "PK SK entity version muted_kinds");

    // when nothing is muted any more, then the item stays with an empty list; a put replaces it,
    // so it is never versioned past 1
    let none = json!({ "muted_kinds": [] });
    ok(app.put("/api/v1/notifications/preferences", &token, &none).await).await;
    let item = raw(&app, &pk, "NOTIFPREFS").await;
    assert!(item["muted_kinds"].as_l().unwrap().is_empty());
    assert_eq!(n(&item, "version"), 1);
    assert_attributes(&item, "PK SK entity version muted_kinds");
}
