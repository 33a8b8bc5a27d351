//! Handlers of the auth route group.

use auth::token::{self, COOKIE_NAME};
use auth::{CurrentUser, UserView, password};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;
use store::rate_limit::{self, Decision};
use utoipa::ToSchema;
use web::client_ip::ClientIp;
use web::{ApiError, AppJson, AppState};

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the function answers.
    status: &'static str,
}

/// Liveness probe.
#[utoipa::path(get, path = "/health", tag = "system", security(()), responses((status = 200, body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// Characters of a failed login's username kept in the audit log.
const MAX_LOGGED_USERNAME: usize = 256;

/// Password changes (right or wrong) a user may attempt per window.
const CHANGE_PASSWORD_ATTEMPTS: u32 = 5;
const CHANGE_PASSWORD_WINDOW_SECS: i64 = 15 * 60;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(max_length = 1024)]
    username: String,
    #[schema(max_length = 1024)]
    password: String,
}

#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    /// The same JWT as the `aegis_token` cookie, for `Authorization: Bearer` clients.
    pub(crate) access_token: String,
    pub(crate) token_type: &'static str,
    /// Seconds until the token expires.
    pub(crate) expires_in: u64,
    pub(crate) user: UserView,
}

/// The password was right and the user has a second factor: no session yet.
#[derive(Serialize, ToSchema)]
pub struct MfaChallenge {
    /// Always true.
    pub(crate) mfa_required: bool,
    /// Proof of the password step, for `POST /api/v1/auth/login/mfa` only (not a session).
    pub(crate) mfa_token: String,
    /// Seconds the challenge stays valid.
    pub(crate) expires_in: u64,
}

/// A session, or the second-factor challenge of a user with MFA.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum LoginOutcome {
    Session(LoginResponse),
    Mfa(MfaChallenge),
}

/// Seconds a second-factor challenge is valid.
pub(crate) const MFA_CHALLENGE_SECS: u64 = 5 * 60;

/// Logs in with username and password; sets the HttpOnly `aegis_token` cookie. A user with a
/// second factor gets `{mfa_required: true, mfa_token}` instead, and no cookie: the sign-in
/// completes at `POST /api/v1/auth/login/mfa`. With `PASSWORD_LOGIN=false` only admins may sign
/// in with a password (break-glass); everyone else uses single sign-on.
///
/// Limited per client IP (default 5 attempts per minute, counted across all instances).
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", security(()), request_body = LoginRequest,
    responses(
        (status = 200, body = LoginOutcome),
        (status = 401, description = "Wrong username or password", body = web::error::Problem),
        (status = 403, description = "Password sign-in is disabled for this user", body = web::error::Problem),
        (status = 429, description = "Too many attempts; see Retry-After", body = web::error::Problem),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ip: ClientIp,
    jar: CookieJar,
    AppJson(req): AppJson<LoginRequest>,
) -> Result<axum::response::Response, ApiError> {
    let now = Utc::now();
    let limit = state.config.login_rate_limit;
    if let Decision::Limited { retry_after_secs } =
        rate_limit::hit(&state.db, "login", &ip.0, limit, 60, now.timestamp()).await?
    {
        return Err(ApiError::RateLimited { retry_after_secs });
    }
    let user = match domain::user::Username::parse(&req.username) {
        Ok(name) => store::users::get_by_username(&state.db, name.as_str()).await?,
        Err(_) => None,
    };
    // Verify even when the user is unknown so both failures take the same time.
    let hash = user.as_ref().map_or(password::decoy_hash(), |u| u.password_hash.as_str());
    let password_ok = password::verify(&req.password, hash);
    let Some(user) = user.filter(|u| password_ok && u.is_active) else {
        let entry = auth::audit::entry(
            None,
            &ip,
            "auth.login_failed",
            "user",
            None,
            // The name is client text of any length: the audit keeps a bounded prefix.
            json!({ "username": req.username.chars().take(MAX_LOGGED_USERNAME).collect::<String>() }),
        );
        store::audit::record(&state.db, &entry).await?;
        return Err(ApiError::Unauthorized("incorrect username or password".into()));
    };
    if !state.config.identity.password_login && user.role != domain::Role::Admin {
        return Err(ApiError::Forbidden("password sign-in is disabled: sign in with single sign-on".into()));
    }
    if user.mfa_enabled {
        let ttl = std::time::Duration::from_secs(MFA_CHALLENGE_SECS);
        let (mfa_token, _) = token::issue_mfa_challenge(&state.config.secret_key, &user, ttl);
        let body =
            LoginOutcome::Mfa(MfaChallenge { mfa_required: true, mfa_token, expires_in: ttl.as_secs() });
        return Ok(Json(body).into_response());
    }
    let (jar, body) = start_session(&state, &ip, jar, user, json!({ "method": "password" })).await?;
    Ok((jar, Json(LoginOutcome::Session(body))).into_response())
}

/// Issues a session for `user` (cookie and body), stamps the login and audits it with `how`.
pub(crate) async fn start_session(
    state: &AppState,
    ip: &ClientIp,
    jar: CookieJar,
    mut user: domain::user::User,
    how: serde_json::Value,
) -> Result<(CookieJar, LoginResponse), ApiError> {
    let now = Utc::now();
    let ttl = state.config.access_token_ttl;
    let (token, claims) = token::issue(&state.config.secret_key, &user, ttl);
    let actor = CurrentUser::session(user.clone(), claims.jti, claims.exp);
    let entry = auth::audit::entry(Some(&actor), ip, "auth.login", "user", Some(user.id.to_string()), how);
    store::users::touch_login(&state.db, user.id, now, &entry).await?;
    let cookie = session_cookie(state, token.clone());
    user.last_login_at = Some(now);
    let body = LoginResponse {
        access_token: token,
        token_type: "bearer",
        expires_in: ttl.as_secs(),
        user: UserView::with_policy(user, &state.config.identity),
    };
    Ok((jar.add(cookie), body))
}

/// The session cookie for `token`: HttpOnly, SameSite=Strict, Secure outside development.
pub(crate) fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((COOKIE_NAME, token))
        .http_only(true)
        .secure(state.config.secure_cookies())
        .same_site(SameSite::Strict)
        .path("/")
        .max_age(cookie::time::Duration::seconds(state.config.access_token_ttl.as_secs() as i64))
        .build()
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = UserView), (status = 401, body = web::error::Problem)))]
pub async fn me(State(state): State<AppState>, user: CurrentUser) -> Json<UserView> {
    Json(UserView::with_policy(user.profile, &state.config.identity))
}

/// Revokes the current token (until it would have expired) and clears the cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204, description = "Logged out"), (status = 401, body = web::error::Problem)))]
pub async fn logout(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    jar: CookieJar,
) -> Result<impl IntoResponse, ApiError> {
    let entry =
        auth::audit::entry(Some(&user), &ip, "auth.logout", "user", Some(user.id.to_string()), json!({}));
    store::tokens::revoke(&state.db, &user.jti, user.token_expires_at, &entry).await?;
    // Always send the expiring cookie, also to Bearer clients: a browser that still holds one
    // must drop it (`CookieJar::remove` only does so when the request carried the cookie).
    let expired = Cookie::build((COOKIE_NAME, ""))
        .http_only(true)
        .secure(state.config.secure_cookies())
        .same_site(SameSite::Strict)
        .path("/")
        .max_age(cookie::time::Duration::ZERO);
    Ok((jar.add(expired), StatusCode::NO_CONTENT))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    #[schema(max_length = 1024)]
    current_password: String,
    #[schema(max_length = 1024)]
    new_password: String,
}

/// Changes the caller's own password (the current one is required). Every other session of
/// the user ends; this one continues with the new token returned (and set as the cookie).
/// Limited to 5 attempts per 15 minutes per user.
#[utoipa::path(post, path = "/api/v1/auth/change-password", tag = "auth", request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Changed; the new token of this session", body = LoginResponse),
        (status = 401, body = web::error::Problem),
        (status = 422, description = "Policy not met; each failed rule is listed", body = web::error::Problem),
        (status = 429, description = "Too many attempts; see Retry-After", body = web::error::Problem),
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    jar: CookieJar,
    AppJson(req): AppJson<ChangePasswordRequest>,
) -> Result<impl IntoResponse, ApiError> {
    user.require_session()?;
    let now = Utc::now().timestamp();
    let key = user.id.to_string();
    if let Decision::Limited { retry_after_secs } = rate_limit::hit(
        &state.db,
        "change_password",
        &key,
        CHANGE_PASSWORD_ATTEMPTS,
        CHANGE_PASSWORD_WINDOW_SECS,
        now,
    )
    .await?
    {
        return Err(ApiError::RateLimited { retry_after_secs });
    }
    if !password::verify(&req.current_password, &user.profile.password_hash) {
        return Err(ApiError::validation(
            "current_password",
            "mismatch",
            "the current password is not correct",
        ));
    }
    let errors = domain::password::check("new_password", &req.new_password);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    if req.new_password == req.current_password {
        return Err(ApiError::validation(
            "new_password",
            "unchanged",
            "must differ from the current password",
        ));
    }
    let mut profile = user.profile.clone();
    profile.password_hash = password::hash(&req.new_password).map_err(ApiError::internal)?;
    profile.must_change_password = false;
    profile.end_sessions();
    profile.updated_at = Utc::now();
    profile.version += 1;
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "user.change_password",
        "user",
        Some(user.id.to_string()),
        json!({ "password": "changed", "other_sessions": "ended" }),
    );
    store::users::update(&state.db, &profile, &entry).await?;
    let ttl = state.config.access_token_ttl;
    let (token, _) = token::issue(&state.config.secret_key, &profile, ttl);
    let body = LoginResponse {
        access_token: token.clone(),
        token_type: "bearer",
        expires_in: ttl.as_secs(),
        user: UserView::with_policy(profile, &state.config.identity),
    };
    Ok((jar.add(session_cookie(&state, token)), Json(body)))
}
