//! Single sign-on with an OpenID provider: the public sign-in options, the redirect to the
//! provider and its callback, which provisions the user on first sign-in (just in time, linked
//! by issuer and subject, never to an existing password account of the same name) or brings the
//! role up to date, then starts the same session as a password sign-in.
//!
//! The browser carries only `state`, twice: in the provider's redirect and in a short-lived
//! cookie set by `login`, so a callback not started in this browser is refused (login CSRF).
//! The nonce and PKCE verifier stay in the table (`OIDC#<state>`), taken once.

use crate::handlers::start_session;
use crate::oidc_client::{self, Identity, SsoError};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::Utc;
use domain::Role;
use domain::user::{User, Username};
use platform::identity::OidcConfig;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use store::StoreError;
use store::oidc::{PendingLogin, SubjectLink};
use utoipa::{IntoParams, ToSchema};
use web::client_ip::ClientIp;
use web::{ApiError, AppState};

/// The cookie binding a sign-in under way to the browser that started it.
const STATE_COOKIE: &str = "aegis_oidc_state";
const STATE_COOKIE_PATH: &str = "/api/v1/auth/oidc";
/// Seconds a sign-in may spend at the provider.
const PENDING_SECS: i64 = 10 * 60;

/// How this deployment signs users in.
#[derive(Serialize, ToSchema)]
pub struct AuthConfig {
    /// Single sign-on is configured: `GET /api/v1/auth/oidc/login` starts it.
    sso: bool,
    /// Password sign-in is open to everyone (false: admins only, as break-glass).
    password_login: bool,
}

/// The sign-in options, for the login page.
#[utoipa::path(get, path = "/api/v1/auth/config", tag = "auth", security(()),
    responses((status = 200, body = AuthConfig)))]
pub async fn config(State(state): State<AppState>) -> Json<AuthConfig> {
    let identity = &state.config.identity;
    Json(AuthConfig { sso: identity.oidc.is_some(), password_login: identity.password_login })
}

fn sso(state: &AppState) -> Result<&OidcConfig, ApiError> {
    state
        .config
        .identity
        .oidc
        .as_ref()
        .ok_or_else(|| ApiError::NotFound("single sign-on is not configured".into()))
}

/// Starts a sign-in with the OpenID provider: 302 to its authorization endpoint (code flow with
/// PKCE, state and nonce). The state is valid 10 minutes, once, in this browser only.
#[utoipa::path(get, path = "/api/v1/auth/oidc/login", tag = "auth", security(()),
    responses(
        (status = 302, description = "To the provider"),
        (status = 404, description = "Single sign-on is not configured", body = web::error::Problem),
        (status = 429, description = "Too many sign-ins from this address; see Retry-After", body = web::error::Problem),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ip: ClientIp,
    jar: CookieJar,
) -> Result<Response, ApiError> {
    let config = sso(&state)?;
    limit(&state, "oidc_login", &ip).await?;
    let started = oidc_client::authorize_url(config).await.map_err(sso_error)?;
    let pending = PendingLogin {
        state: started.state.clone(),
        nonce: started.nonce,
        pkce_verifier: started.pkce_verifier,
        expires_at: Utc::now().timestamp() + PENDING_SECS,
    };
    store::oidc::put_pending(&state.db, &pending).await?;
    // Lax, not Strict: the provider's redirect back is a cross-site top-level navigation.
    let cookie = Cookie::build((STATE_COOKIE, started.state))
        .http_only(true)
        .secure(state.config.secure_cookies())
        .same_site(SameSite::Lax)
        .path(STATE_COOKIE_PATH)
        .max_age(cookie::time::Duration::seconds(PENDING_SECS))
        .build();
    Ok((jar.add(cookie), redirect(&started.url)).into_response())
}

/// Sign-ins started and finished per client address and minute (`SSO_RATE_LIMIT_PER_MINUTE`):
/// each start writes a pending item and each finish calls the provider.
async fn limit(state: &AppState, bucket: &str, ip: &ClientIp) -> Result<(), ApiError> {
    let now = Utc::now().timestamp();
    match store::rate_limit::hit(&state.db, bucket, &ip.0, state.config.sso_rate_limit, 60, now).await? {
        store::rate_limit::Decision::Limited { retry_after_secs } => {
            Err(ApiError::RateLimited { retry_after_secs })
        }
        _ => Ok(()),
    }
}

/// What the provider sends back.
#[derive(Deserialize, IntoParams)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    /// The provider's error code (e.g. `access_denied`) instead of a code.
    error: Option<String>,
}

/// The provider's redirect back: verifies the ID token (signature against the provider's keys,
/// issuer, audience, expiry, nonce), maps the role claim through `OIDC_ROLE_MAP`, provisions or
/// updates the user, sets the session cookie and redirects to the web app.
#[utoipa::path(get, path = "/api/v1/auth/oidc/callback", tag = "auth", security(()), params(CallbackQuery),
    responses(
        (status = 302, description = "Signed in: the session cookie is set; to the web app"),
        (status = 400, description = "Unknown, used or expired state, or not started in this browser", body = web::error::Problem),
        (status = 401, description = "The provider refused the code, or the ID token is not valid", body = web::error::Problem),
        (status = 429, description = "Too many sign-ins from this address; see Retry-After", body = web::error::Problem),
        (status = 403, description = "No role for the user's groups, or the user is deactivated", body = web::error::Problem),
        (status = 404, description = "Single sign-on is not configured", body = web::error::Problem),
    ))]
pub async fn callback(
    State(state): State<AppState>,
    ip: ClientIp,
    jar: CookieJar,
    // Not `AppQuery`: its 512-character bound is below some providers' codes (Entra ID's
    // run past 1,000). Every field is optional text, so this extractor does not refuse.
    Query(query): Query<CallbackQuery>,
) -> Result<Response, ApiError> {
    let config = sso(&state)?;
    limit(&state, "oidc_callback", &ip).await?;
    let bound = jar.get(STATE_COOKIE).map(|c| c.value().to_owned());
    let jar = jar.add(expired_state_cookie(&state));
    let fail = |reason: String| failed(&state, &ip, reason);
    if let Some(error) = query.error {
        return Err(fail(format!("provider: {error}")).await?);
    }
    let (Some(code), Some(returned)) = (query.code, query.state) else {
        return Err(ApiError::BadRequest("code and state are required".into()));
    };
    if bound.as_deref() != Some(returned.as_str()) {
        return Err(ApiError::BadRequest("this sign-in was not started in this browser".into()));
    }
    let Some(pending) = store::oidc::take_pending(&state.db, &returned).await? else {
        return Err(ApiError::BadRequest("unknown, used or expired sign-in: start again".into()));
    };
    let identity = match oidc_client::finish(config, &code, &pending.pkce_verifier, &pending.nonce).await {
        Ok(identity) => identity,
        Err(SsoError::Provider(e)) => return Err(ApiError::internal(e)),
        Err(e) => return Err(fail(e.to_string()).await?),
    };
    let Some(role) = role_for(config, &identity.groups) else {
        failed(&state, &ip, format!("no role for groups {:?}", identity.groups)).await?;
        return Err(ApiError::Forbidden("your groups give no role in Aegis".into()));
    };
    let user = provision(&state, &ip, &identity, role).await?;
    if !user.is_active {
        failed(&state, &ip, format!("user {} is deactivated", user.id)).await?;
        return Err(ApiError::Forbidden("this account is deactivated".into()));
    }
    let how = json!({ "method": "oidc", "issuer": identity.issuer, "subject": identity.subject });
    let (jar, _) = start_session(&state, &ip, jar, user, how).await?;
    Ok((jar, redirect(&config.post_login_url)).into_response())
}

/// The role of the first `OIDC_ROLE_MAP` entry whose group the user holds, else the default.
pub(crate) fn role_for(config: &OidcConfig, groups: &[String]) -> Option<Role> {
    config
        .role_map
        .iter()
        .find(|(group, _)| groups.iter().any(|g| g == group))
        .map(|(_, role)| *role)
        .or(config.default_role)
}

/// The linked user with its role brought up to date, or a new one (first sign-in).
async fn provision(state: &AppState, ip: &ClientIp, who: &Identity, role: Role) -> Result<User, ApiError> {
    let linked = store::oidc::linked_user(&state.db, &who.issuer, &who.subject).await?;
    if let Some(id) = linked
        && let Some(mut user) = store::users::get(&state.db, id).await?
    {
        if user.role != role && user.is_active {
            let from = user.role;
            user.role = role;
            // A role change ends the user's other sessions, as when an admin changes it.
            user.end_sessions();
            user.updated_at = Utc::now();
            user.version += 1;
            let summary = json!({ "role": { "from": from, "to": role }, "via": "oidc" });
            let entry =
                auth::audit::entry(None, ip, "user.update", "user", Some(user.id.to_string()), summary);
            store::users::update(&state.db, &user, &entry).await?;
        }
        return Ok(user);
    }
    let link = SubjectLink {
        issuer: who.issuer.clone(),
        subject: who.subject.clone(),
        user_id: domain::ids::UserId::nil(),
    };
    for attempt in 0..2 {
        let user = new_user(who, role, attempt > 0);
        let link = SubjectLink { user_id: user.id, ..link.clone() };
        let summary =
            json!({ "username": user.username.as_str(), "role": role, "via": "oidc", "issuer": who.issuer });
        let entry = auth::audit::entry(None, ip, "user.create", "user", Some(user.id.to_string()), summary);
        match store::oidc::create_linked_user(&state.db, &user, &link, linked, &entry).await {
            Ok(()) => return Ok(user),
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::Conflict("could not provision the account: sign in again".into()))
}

/// A first sign-in's user: named after the provider's username or e-mail (with a suffix from
/// the subject when `suffixed`, after a clash), no usable password.
fn new_user(who: &Identity, role: Role, suffixed: bool) -> User {
    let tag = hex::encode(
        &Sha256::new().chain_update(&who.issuer).chain_update(b"\0").chain_update(&who.subject).finalize()
            [..4],
    );
    let wanted = who
        .preferred_username
        .clone()
        .or_else(|| who.email.as_ref().and_then(|e| e.split('@').next().map(str::to_owned)))
        .unwrap_or_else(|| format!("sso-{tag}"));
    let cleaned: String = wanted
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '-' })
        .take(55)
        .collect();
    let name = if suffixed { format!("{cleaned}-{tag}") } else { cleaned };
    let username =
        Username::parse(&name).unwrap_or_else(|_| Username::parse(&format!("sso-{tag}")).expect("valid"));
    let now = Utc::now();
    User {
        id: domain::ids::UserId::random(),
        username,
        email: who.email.clone().filter(|e| domain::user::check_email(e).is_ok()),
        full_name: who.name.clone().map(|n| n.chars().take(200).collect()),
        role,
        is_active: true,
        // Not a PHC string: no password verifies against it (an admin may set one later).
        password_hash: "!oidc".into(),
        created_at: now,
        updated_at: now,
        last_login_at: None,
        version: 1,
        session_generation: 0,
        must_change_password: false,
        mfa_enabled: false,
    }
}

/// Audits a refused sign-in and returns the 401 the caller sends.
async fn failed(state: &AppState, ip: &ClientIp, reason: String) -> Result<ApiError, ApiError> {
    tracing::info!(%reason, "single sign-on refused");
    let entry = auth::audit::entry(
        None,
        ip,
        "auth.login_failed",
        "user",
        None,
        json!({ "method": "oidc", "reason": reason }),
    );
    store::audit::record(&state.db, &entry).await?;
    Ok(ApiError::Unauthorized("single sign-on failed: the provider's answer was refused".into()))
}

fn sso_error(e: SsoError) -> ApiError {
    ApiError::internal(e)
}

fn expired_state_cookie(state: &AppState) -> Cookie<'static> {
    Cookie::build((STATE_COOKIE, ""))
        .http_only(true)
        .secure(state.config.secure_cookies())
        .same_site(SameSite::Lax)
        .path(STATE_COOKIE_PATH)
        .max_age(cookie::time::Duration::ZERO)
        .build()
}

fn redirect(to: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, to.to_owned()), (header::CACHE_CONTROL, "no-store".to_owned())])
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(map: &[(&str, Role)], default_role: Option<Role>) -> OidcConfig {
        OidcConfig {
            issuer: "http://127.0.0.1:1".into(),
            client_id: "aegis".into(),
            client_secret: String::new(),
            client_secret_arn: None,
            scopes: vec![],
            role_claim: "groups".into(),
            role_map: map.iter().map(|(g, r)| (g.to_string(), *r)).collect(),
            default_role,
            redirect_url: String::new(),
            post_login_url: "/".into(),
        }
    }

    #[test]
    fn the_first_mapped_group_wins_then_the_default() {
        let c = config(&[("admins", Role::Admin), ("red", Role::RedTech)], None);
        let groups = |g: &[&str]| g.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            role_for(&c, &groups(&["red", "admins"])),
            Some(Role::Admin),
            "map order, not claim order"
        );
        assert_eq!(role_for(&c, &groups(&["red"])), Some(Role::RedTech));
        assert_eq!(role_for(&c, &groups(&["other"])), None, "no default: refused");
        let c = config(&[("red", Role::RedTech)], Some(Role::Viewer));
        assert_eq!(role_for(&c, &[]), Some(Role::Viewer));
    }

    #[test]
    fn a_first_sign_in_gets_a_valid_name_and_no_password() {
        let who = Identity {
            issuer: "http://idp".into(),
            subject: "42".into(),
            email: Some("Jane.Doe+x@example.com".into()),
            name: None,
            preferred_username: None,
            groups: vec![],
        };
        let user = new_user(&who, Role::Viewer, false);
        assert_eq!(user.username.as_str(), "jane.doe-x");
        assert!(new_user(&who, Role::Viewer, true).username.as_str().starts_with("jane.doe-x-"));
        assert!(!auth::password::verify("", &user.password_hash));
        let nameless = Identity { email: None, preferred_username: Some("é".into()), ..who };
        assert!(new_user(&nameless, Role::Viewer, false).username.as_str().starts_with("sso-"));
    }
}
