//! TOTP second factor: enrolment (setup, confirm with a first code → recovery codes), the second
//! step of sign-in, and removal with a current code. Every code check is rate limited per user
//! and claims its TOTP step with a conditional write, so a code works once.

use crate::handlers::{LoginResponse, start_session};
use auth::token;
use auth::{CurrentUser, mfa};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;
use chrono::Utc;
use domain::identity::TotpEnrolment;
use domain::user::User;
use serde::{Deserialize, Serialize};
use serde_json::json;
use store::rate_limit::{self, Decision};
use utoipa::ToSchema;
use web::client_ip::ClientIp;
use web::{ApiError, AppJson, AppState};

/// Code checks (right or wrong) a user may make per window, across sign-in, confirm and removal.
const ATTEMPTS: u32 = 5;
const WINDOW_SECS: i64 = 5 * 60;

async fn limit(state: &AppState, user: domain::ids::UserId) -> Result<(), ApiError> {
    let now = Utc::now().timestamp();
    match rate_limit::hit(&state.db, "mfa", &user.to_string(), ATTEMPTS, WINDOW_SECS, now).await? {
        Decision::Limited { retry_after_secs } => Err(ApiError::RateLimited { retry_after_secs }),
        Decision::Allowed { .. } => Ok(()),
    }
}

fn key(state: &AppState) -> Result<[u8; 32], ApiError> {
    state
        .config
        .identity
        .mfa_key(&state.config.secret_key)
        .ok_or_else(|| ApiError::internal("no MFA key configured"))
}

fn now_secs() -> u64 {
    Utc::now().timestamp().max(0) as u64
}

#[derive(Serialize, ToSchema)]
pub struct TotpSetup {
    /// The secret, base32, for typing into an authenticator app.
    secret: String,
    /// `otpauth://totp/...` for a QR code.
    otpauth_uri: String,
}

/// Starts TOTP enrolment: a new secret (replacing an unconfirmed one). Nothing changes at
/// sign-in until it is confirmed with a code.
#[utoipa::path(post, path = "/api/v1/auth/mfa/totp/setup", tag = "auth",
    responses(
        (status = 200, body = TotpSetup),
        (status = 401, body = web::error::Problem),
        (status = 409, description = "A second factor is already enrolled", body = web::error::Problem),
    ))]
pub async fn setup(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
) -> Result<Json<TotpSetup>, ApiError> {
    user.require_session()?;
    if user.profile.mfa_enabled {
        return Err(ApiError::Conflict("a second factor is already enrolled; remove it first".into()));
    }
    let secret = mfa::new_secret();
    let (base32, uri) =
        mfa::provisioning(&secret, user.profile.username.as_str()).map_err(ApiError::internal)?;
    let enrolment = TotpEnrolment {
        user_id: user.id,
        secret_sealed: mfa::seal(&key(&state)?, user.id, &secret),
        confirmed: false,
        last_step: 0,
        recovery_codes: Default::default(),
        created_at: Utc::now(),
        confirmed_at: None,
        version: 1,
    };
    let entry =
        auth::audit::entry(Some(&user), &ip, "user.mfa_setup", "user", Some(user.id.to_string()), json!({}));
    store::mfa::save_pending(&state.db, &enrolment, &entry).await?;
    Ok(Json(TotpSetup { secret: base32, otpauth_uri: uri }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    /// The 6-digit code the authenticator app shows now.
    #[schema(max_length = 16)]
    code: String,
}

#[derive(Serialize, ToSchema)]
pub struct RecoveryCodes {
    /// Ten single-use codes for signing in without the app; shown this once.
    recovery_codes: Vec<String>,
}

/// Confirms enrolment with a first code: the second factor is on from now, and the ten
/// recovery codes are returned (only now).
#[utoipa::path(post, path = "/api/v1/auth/mfa/totp/confirm", tag = "auth", request_body = CodeRequest,
    responses(
        (status = 200, body = RecoveryCodes),
        (status = 401, body = web::error::Problem),
        (status = 409, description = "No enrolment was started, or it is confirmed already", body = web::error::Problem),
        (status = 422, description = "The code is not the app's current code", body = web::error::Problem),
        (status = 429, description = "Too many attempts; see Retry-After", body = web::error::Problem),
    ))]
pub async fn confirm(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<CodeRequest>,
) -> Result<Json<RecoveryCodes>, ApiError> {
    user.require_session()?;
    let enrolment = store::mfa::get(&state.db, user.id)
        .await?
        .filter(|e| !e.confirmed && !user.profile.mfa_enabled)
        .ok_or_else(|| {
            ApiError::Conflict("no enrolment in progress: start with POST /api/v1/auth/mfa/totp/setup".into())
        })?;
    limit(&state, user.id).await?;
    let secret = mfa::open(&key(&state)?, user.id, &enrolment.secret_sealed).map_err(ApiError::internal)?;
    let step = mfa::matching_step(&secret, &req.code, now_secs())
        .ok_or_else(|| ApiError::validation("code", "mismatch", "not the authenticator's current code"))?;
    let codes = mfa::new_recovery_codes();
    let mut confirmed = enrolment.clone();
    let key = key(&state)?;
    confirmed.recovery_codes =
        codes.iter().map(|c| (mfa::recovery_code_hash(&key, user.id, c), true)).collect();
    confirmed.confirmed = true;
    confirmed.last_step = step;
    confirmed.confirmed_at = Some(Utc::now());
    confirmed.version += 1;
    let mut profile = user.profile.clone();
    profile.mfa_enabled = true;
    profile.updated_at = Utc::now();
    profile.version += 1;
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "user.mfa_enable",
        "user",
        Some(user.id.to_string()),
        json!({ "method": "totp", "recovery_codes": codes.len() }),
    );
    store::mfa::confirm(&state.db, &confirmed, &profile, &entry).await?;
    Ok(Json(RecoveryCodes { recovery_codes: codes }))
}

/// Checks a TOTP code of `user`'s confirmed enrolment and claims its step; the error says why
/// it was refused.
async fn check_code(state: &AppState, user: &User, code: &str) -> Result<(), ApiError> {
    let enrolment = store::mfa::get(&state.db, user.id)
        .await?
        .filter(|e| e.confirmed)
        .ok_or_else(|| ApiError::Conflict("no second factor is enrolled".into()))?;
    let secret = mfa::open(&key(state)?, user.id, &enrolment.secret_sealed).map_err(ApiError::internal)?;
    let step = mfa::matching_step(&secret, code, now_secs())
        .ok_or_else(|| ApiError::Unauthorized("incorrect or expired code".into()))?;
    if !store::mfa::claim_step(&state.db, user.id, step).await? {
        return Err(ApiError::Unauthorized("this code was used already; wait for the next one".into()));
    }
    Ok(())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MfaLoginRequest {
    /// The `mfa_token` of the login answer.
    #[schema(max_length = 4096)]
    mfa_token: String,
    /// The authenticator's current code; or give `recovery_code`.
    #[schema(max_length = 16)]
    code: Option<String>,
    /// One of the recovery codes (each works once).
    #[schema(max_length = 64)]
    recovery_code: Option<String>,
}

/// Completes a sign-in with the second factor: a TOTP code (±30 s, each code once) or a
/// recovery code. Limited to 5 attempts per 5 minutes per user.
#[utoipa::path(post, path = "/api/v1/auth/login/mfa", tag = "auth", security(()), request_body = MfaLoginRequest,
    responses(
        (status = 200, body = LoginResponse),
        (status = 401, description = "Expired challenge, wrong, expired or reused code", body = web::error::Problem),
        (status = 422, description = "Neither or both of code and recovery_code", body = web::error::Problem),
        (status = 429, description = "Too many attempts; see Retry-After", body = web::error::Problem),
    ))]
pub async fn login_mfa(
    State(state): State<AppState>,
    ip: ClientIp,
    jar: CookieJar,
    AppJson(req): AppJson<MfaLoginRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let claims = token::verify_mfa_challenge(&state.config.secret_key, &req.mfa_token).map_err(|_| {
        ApiError::Unauthorized("the sign-in challenge is invalid or expired; sign in again".into())
    })?;
    let (code, recovery) = match (&req.code, &req.recovery_code) {
        (Some(c), None) => (Some(c.as_str()), None),
        (None, Some(r)) => (None, Some(r.as_str())),
        _ => return Err(ApiError::validation("code", "one_of", "give either code or recovery_code")),
    };
    limit(&state, claims.sub).await?;
    let user = store::users::get(&state.db, claims.sub)
        .await?
        .filter(|u| u.is_active && u.session_generation == claims.session_gen && u.mfa_enabled)
        .ok_or_else(|| {
            ApiError::Unauthorized("the sign-in challenge is no longer valid; sign in again".into())
        })?;
    let actor = CurrentUser::session(user.clone(), String::new(), 0);
    let outcome = match (code, recovery) {
        (Some(code), _) => check_code(&state, &user, code).await.map(|()| "totp"),
        (_, Some(recovery)) => {
            let hash = mfa::recovery_code_hash(&key(&state)?, user.id, recovery);
            let entry = auth::audit::entry(
                Some(&actor),
                &ip,
                "user.mfa_recovery_code_used",
                "user",
                Some(user.id.to_string()),
                json!({}),
            );
            match store::mfa::spend_recovery_code(&state.db, user.id, &hash, &entry).await? {
                true => Ok("recovery_code"),
                false => Err(ApiError::Unauthorized("unknown or used recovery code".into())),
            }
        }
        (None, None) => unreachable!("checked above"),
    };
    let factor = match outcome {
        Ok(factor) => factor,
        Err(e) => {
            let entry = auth::audit::entry(
                Some(&actor),
                &ip,
                "auth.mfa_failed",
                "user",
                Some(user.id.to_string()),
                json!({ "with": if recovery.is_some() { "recovery_code" } else { "totp" } }),
            );
            store::audit::record(&state.db, &entry).await?;
            return Err(match e {
                ApiError::Conflict(_) => ApiError::Unauthorized("no second factor is enrolled".into()),
                other => other,
            });
        }
    };
    let (jar, body) =
        start_session(&state, &ip, jar, user, json!({ "method": "password", "second_factor": factor }))
            .await?;
    Ok((jar, Json(body)))
}

/// Removes the caller's second factor; a current code is required. Refused (409) while the
/// caller's role requires one.
#[utoipa::path(delete, path = "/api/v1/auth/mfa", tag = "auth", request_body = CodeRequest,
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Wrong, expired or reused code", body = web::error::Problem),
        (status = 409, description = "None enrolled, or the role requires one", body = web::error::Problem),
        (status = 429, description = "Too many attempts; see Retry-After", body = web::error::Problem),
    ))]
pub async fn disable(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<CodeRequest>,
) -> Result<StatusCode, ApiError> {
    user.require_session()?;
    if !user.profile.mfa_enabled {
        return Err(ApiError::Conflict("no second factor is enrolled".into()));
    }
    if state.config.identity.mfa_required(user.profile.role) {
        return Err(ApiError::Conflict("your role requires a second factor; it cannot be removed".into()));
    }
    limit(&state, user.id).await?;
    check_code(&state, &user.profile, &req.code).await?;
    let mut profile = user.profile.clone();
    profile.mfa_enabled = false;
    profile.updated_at = Utc::now();
    profile.version += 1;
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "user.mfa_disable",
        "user",
        Some(user.id.to_string()),
        json!({}),
    );
    store::mfa::remove(&state.db, &profile, &entry).await?;
    Ok(StatusCode::NO_CONTENT)
}
