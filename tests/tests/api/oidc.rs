//! Single sign-on against a real OpenID provider: `oidc-provider` (OpenID-certified), started by
//! `localstack/start.sh` on loopback (`AEGIS_OIDC_PROVIDER_URL`; see `localstack/oidc/`).
//!
//! A test plays the browser with its own cookie jar: the API's redirect to the provider, the
//! provider's sign-in form (posted with a subject and its groups), the redirect back, which the
//! test sends to the API under test (the registered redirect URI is a fixed loopback address,
//! the API listens on a random port). Refusals are provoked through the provider: a nonce
//! changed on the way, a code used twice or left to expire, a client whose tokens carry another
//! audience, and a signing key rotated between two sign-ins.

use crate::helpers::*;
use reqwest::header::{LOCATION, SET_COOKIE};
use reqwest::{StatusCode, Url};
use serde_json::{Value, json};

const SECRET: &str = "aegis-test-secret";
const REDIRECT: &str = "http://127.0.0.1:8000/api/v1/auth/oidc/callback";

fn provider() -> String {
    std::env::var("AEGIS_OIDC_PROVIDER_URL")
        .expect("AEGIS_OIDC_PROVIDER_URL: start the stack with localstack/start.sh and source its env.sh")
}

/// The API with single sign-on through `client_id` of the local provider.
async fn sso_app(client_id: &str, extra: &[(&str, &str)]) -> TestApp {
    let issuer = provider();
    let mut vars = vec![
        ("OIDC_ISSUER", issuer.as_str()),
        ("OIDC_CLIENT_ID", client_id),
        ("OIDC_CLIENT_SECRET", SECRET),
        ("OIDC_ROLE_MAP", "aegis-admins=admin,aegis-blue-leads=blue_lead,aegis-red=red_tech"),
        ("OIDC_REDIRECT_URL", REDIRECT),
        ("OIDC_POST_LOGIN_URL", "/after-sign-in"),
    ];
    vars.extend_from_slice(extra);
    spawn_app_with(config(&vars)).await
}

/// A browser: its own cookies (the provider's session, the API's state and session cookies).
fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

fn location(res: &reqwest::Response) -> String {
    res.headers().get(LOCATION).expect("a redirect").to_str().unwrap().to_owned()
}

/// `GET /api/v1/auth/oidc/login`: the provider's authorization URL.
async fn start(app: &TestApp, browser: &reqwest::Client) -> Url {
    let res = browser.get(format!("{}/api/v1/auth/oidc/login", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let url = Url::parse(&location(&res)).unwrap();
    assert!(url.as_str().starts_with(&provider()), "{url}");
    url
}

/// Follows `authorize` at the provider, signs in as `subject` with `groups`; the query of the
/// redirect back (`code`, `state`, `iss`).
async fn at_provider(browser: &reqwest::Client, authorize: Url, subject: &str, groups: &str) -> String {
    let base = Url::parse(&provider()).unwrap();
    let res = browser.get(authorize).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}: {}", res.status(), res.text().await.unwrap());
    let interaction = base.join(&location(&res)).unwrap();
    assert!(interaction.path().starts_with("/interaction/"), "{interaction}");
    let res = browser.post(interaction).form(&[("login", subject), ("groups", groups)]).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let resume = base.join(&location(&res)).unwrap();
    let res = browser.get(resume).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let back = Url::parse(&location(&res)).unwrap();
    assert_eq!(back.as_str().split('?').next(), Some(REDIRECT));
    back.query().unwrap().to_owned()
}

/// The provider's redirect back, delivered to the API under test.
async fn callback(app: &TestApp, browser: &reqwest::Client, query: &str) -> reqwest::Response {
    browser.get(format!("{}/api/v1/auth/oidc/callback?{query}", app.base)).send().await.unwrap()
}

/// A whole sign-in in a new browser: the callback's response and the browser.
async fn sign_in(app: &TestApp, subject: &str, groups: &str) -> (reqwest::Response, reqwest::Client) {
    let b = browser();
    let authorize = start(app, &b).await;
    let query = at_provider(&b, authorize, subject, groups).await;
    (callback(app, &b, &query).await, b)
}

/// The session token a response set, if any.
fn session(res: &reqwest::Response) -> Option<String> {
    res.headers().get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|c| {
        c.strip_prefix("aegis_token=")
            .map(|rest| rest.split(';').next().unwrap().to_owned())
            .filter(|t| !t.is_empty())
    })
}

async fn me(app: &TestApp, token: &str) -> reqwest::Response {
    app.get("/api/v1/auth/me", token).await
}

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", &uuid::Uuid::new_v4().simple().to_string()[..10])
}

fn with_param(url: &Url, name: &str, value: &str) -> Url {
    let mut out = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.to_string(), if k == name { value.to_owned() } else { v.to_string() }))
        .collect();
    out.query_pairs_mut().clear().extend_pairs(pairs);
    out
}

#[tokio::test]
async fn a_first_sign_in_provisions_the_user_with_the_role_of_its_group() {
    // given an API with single sign-on; the sign-in options say so (and not without it)
    let app = sso_app("aegis-test", &[]).await;
    let options: Value = app
        .request(reqwest::Method::GET, "/api/v1/auth/config", None)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(options, json!({ "sso": true, "password_login": true }));
    let plain = spawn_app().await;
    let res = plain.request(reqwest::Method::GET, "/api/v1/auth/oidc/login", None).send().await.unwrap();
    problem(res, 404).await;

    // when someone of the red group signs in for the first time
    let subject = unique("red");
    let (res, browser) = sign_in(&app, &subject, "staff,aegis-red").await;

    // then the browser goes to the web app with the session cookie, the same as a password sign-in
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(location(&res), "/after-sign-in");
    let cookie = res
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("aegis_token="))
        .unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let token = session(&res).unwrap();
    let user: Value = me(&app, &token).await.json().await.unwrap();
    assert_eq!(user["username"], subject.as_str());
    assert_eq!(user["role"], "red_tech");
    assert_eq!(user["email"], format!("{subject}@example.test"));
    // and the browser's own cookie works as well
    let res = browser.get(format!("{}/api/v1/auth/me", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);

    // and the provisioning and the sign-in are audited
    let created = app.audit("action=user.create").await;
    assert!(
        created.iter().any(|e| e["target_id"] == user["id"] && e["summary"]["via"] == "oidc"),
        "{created:?}"
    );
    let logins = app.audit("action=auth.login").await;
    assert!(logins.iter().any(|e| e["target_id"] == user["id"] && e["summary"]["method"] == "oidc"));
}

#[tokio::test]
async fn the_role_follows_the_groups_at_the_next_sign_in() {
    // given a user provisioned by a first sign-in as a red technician
    let app = sso_app("aegis-test", &[]).await;
    let subject = unique("mover");
    let (first, _) = sign_in(&app, &subject, "aegis-red").await;
    let first_token = session(&first).unwrap();
    let before: Value = me(&app, &first_token).await.json().await.unwrap();

    // when the provider now puts them in the admins' group (first match of the map wins)
    let (second, _) = sign_in(&app, &subject, "aegis-red,aegis-admins").await;

    // then it is the same user, now an admin, and the session of the old role has ended
    let after: Value = me(&app, &session(&second).unwrap()).await.json().await.unwrap();
    assert_eq!(after["id"], before["id"]);
    assert_eq!(after["role"], "admin");
    assert_eq!(me(&app, &first_token).await.status(), 401);
    let updates = app.audit("action=user.update").await;
    assert!(updates.iter().any(|e| e["target_id"] == after["id"] && e["summary"]["role"]["to"] == "admin"));

    // and groups that map to no role (and no OIDC_DEFAULT_ROLE) get no session
    let (res, _) = sign_in(&app, &unique("nobody"), "staff").await;
    assert!(session(&res).is_none());
    problem(res, 403).await;
}

#[tokio::test]
async fn password_sign_in_can_be_left_to_the_break_glass_admin() {
    // given PASSWORD_LOGIN=false with single sign-on
    let app = sso_app("aegis-test", &[("PASSWORD_LOGIN", "false")]).await;
    let (_, name, _) = app.user(domain::Role::RedLead).await;

    // when a lead and the admin sign in with passwords, then only the admin may
    problem(app.login(&name, aegis_tests::seed::PASSWORD).await, 403).await;
    assert_eq!(app.login("admin", ADMIN_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn a_changed_nonce_is_refused() {
    // given a sign-in whose nonce was changed on the way to the provider
    let app = sso_app("aegis-test", &[]).await;
    let b = browser();
    let authorize = start(&app, &b).await;
    let query = at_provider(
        &b,
        with_param(&authorize, "nonce", "forged-nonce-0123456789"),
        &unique("n"),
        "aegis-red",
    )
    .await;

    // when the provider's answer comes back, then the ID token is refused: no session
    let res = callback(&app, &b, &query).await;
    assert!(session(&res).is_none());
    problem(res, 401).await;
    let failures = app.audit("action=auth.login_failed").await;
    let reason = |e: &Value| e["summary"]["reason"].as_str().unwrap_or("").to_lowercase();
    assert!(
        failures.iter().any(|e| e["summary"]["method"] == "oidc" && reason(e).contains("nonce")),
        "{failures:?}"
    );
}

#[tokio::test]
async fn an_id_token_for_another_audience_is_refused() {
    // given a provider whose ID tokens for this client name another audience (validly signed)
    let app = sso_app("aegis-wrong-aud", &[]).await;

    // when a user signs in, then the token is refused: no session
    let (res, _) = sign_in(&app, &unique("aud"), "aegis-red").await;
    assert!(session(&res).is_none());
    problem(res, 401).await;
}

#[tokio::test]
async fn a_used_expired_or_foreign_callback_is_refused() {
    // given a completed sign-in
    let app = sso_app("aegis-test", &[]).await;
    let b = browser();
    let query = at_provider(&b, start(&app, &b).await, &unique("twice"), "aegis-red").await;
    assert!(session(&callback(&app, &b, &query).await).is_some());

    // when the same answer is delivered again, then its state is spent
    problem(callback(&app, &b, &query).await, 400).await;

    // when the used code comes with a fresh state, then the provider refuses it
    let fresh = start(&app, &b).await;
    let state = fresh.query_pairs().find(|(k, _)| k == "state").unwrap().1.to_string();
    let code = Url::parse(&format!("http://x/?{query}"))
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .to_string();
    let res = callback(&app, &b, &format!("code={code}&state={state}")).await;
    assert!(session(&res).is_none());
    problem(res, 401).await;

    // when another browser delivers a sign-in it did not start, then it is refused
    let other = browser();
    let query = at_provider(&browser(), start(&app, &b).await, &unique("csrf"), "aegis-red").await;
    problem(callback(&app, &other, &query).await, 400).await;

    // when a code outlives its lifetime (2 s for this client), then the provider refuses it
    let short = sso_app("aegis-short-code", &[]).await;
    let b = browser();
    let query = at_provider(&b, start(&short, &b).await, &unique("late"), "aegis-red").await;
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    let res = callback(&short, &b, &query).await;
    assert!(session(&res).is_none());
    problem(res, 401).await;
}

#[tokio::test]
async fn a_rotated_signing_key_is_fetched_when_it_first_signs_a_token() {
    // given a sign-in that made the API fetch the provider's keys
    let app = sso_app("aegis-test", &[]).await;
    let subject = unique("rotate");
    let (first, _) = sign_in(&app, &subject, "aegis-red").await;
    assert!(session(&first).is_some());

    // when the provider rotates to a new signing key
    let http = reqwest::Client::new();
    let rotated: Value =
        http.post(format!("{}/__test/rotate-keys", provider())).send().await.unwrap().json().await.unwrap();
    let jwks: Value = http.get(format!("{}/jwks", provider())).send().await.unwrap().json().await.unwrap();
    assert_eq!(jwks["keys"][0]["kid"], rotated["kid"], "the new key signs from now on");

    // then the next sign-in, signed with a key the API has not seen, still works
    let (second, _) = sign_in(&app, &subject, "aegis-red").await;
    assert_eq!(second.status(), StatusCode::FOUND);
    let token = session(&second).expect("a session after the rotation");
    assert_eq!(me(&app, &token).await.status(), 200);
}

#[tokio::test]
async fn sign_ins_are_rate_limited_per_address() {
    let app = sso_app("aegis-test", &[("SSO_RATE_LIMIT_PER_MINUTE", "2")]).await;
    let b = browser();
    start(&app, &b).await;
    start(&app, &b).await;
    let res = b.get(format!("{}/api/v1/auth/oidc/login", app.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    // finishing has its own allowance: two forged callbacks are refused, the third is limited
    for _ in 0..2 {
        assert_eq!(callback(&app, &b, "code=x&state=y").await.status(), StatusCode::BAD_REQUEST);
    }
    assert_eq!(callback(&app, &b, "code=x&state=y").await.status(), StatusCode::TOO_MANY_REQUESTS);
}
