//! The authenticated caller. Extracting it verifies the credentials — a session JWT (cookie
//! `aegis_token` or `Authorization: Bearer`) or an API token (`Bearer aegis_pat_...`, see
//! [`crate::api_token`]) — then loads the user: revoked tokens, deleted or deactivated users and
//! tokens of an ended session generation (password change, reset, role change, deactivation)
//! are refused at once. A request made with an API token acts with the token's role, and a
//! read-only token is refused on every method but GET/HEAD/OPTIONS, here, for every route.

use crate::api_token;
use crate::token::{self, COOKIE_NAME};
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use domain::Role;
use domain::ids::UserId;
use domain::user::User;
use uuid::Uuid;
use web::{ApiError, AppState};

#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: UserId,
    pub username: String,
    /// The role this request acts with: the user's, or the API token's.
    pub role: Role,
    pub jti: String,
    /// Token expiry, unix seconds (a revocation lives until then).
    pub token_expires_at: i64,
    /// Set when the request was authenticated by an API token.
    pub api_token: Option<TokenGrant>,
    /// The profile as loaded for this request.
    pub profile: User,
}

/// The API token a request was made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenGrant {
    pub id: Uuid,
    pub read_only: bool,
}

fn bearer_or_cookie(parts: &Parts) -> Option<String> {
    if let Some(value) = parts.headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        return value.strip_prefix("Bearer ").map(|t| t.trim().to_owned());
    }
    CookieJar::from_headers(&parts.headers).get(COOKIE_NAME).map(|c| c.value().to_owned())
}

impl CurrentUser {
    /// Authenticates the request's credentials against the store.
    pub async fn authenticate(parts: &Parts, state: &AppState) -> Result<Self, ApiError> {
        let raw =
            bearer_or_cookie(parts).ok_or_else(|| ApiError::Unauthorized("missing credentials".into()))?;
        if raw.starts_with(api_token::PREFIX) {
            return api_token::authenticate(parts, state, &raw).await;
        }
        let claims = token::verify(&state.config.secret_key, &raw)
            .map_err(|_| ApiError::Unauthorized("invalid or expired token".into()))?;
        let (user, revoked) = store::users::get_for_session(&state.db, claims.sub, &claims.jti).await?;
        if revoked {
            return Err(ApiError::Unauthorized("token has been revoked".into()));
        }
        let user = user
            .filter(|u| u.is_active)
            .ok_or_else(|| ApiError::Unauthorized("account is inactive or gone".into()))?;
        if claims.session_gen != user.session_generation {
            return Err(ApiError::Unauthorized("the session has ended; sign in again".into()));
        }
        Ok(CurrentUser::session(user, claims.jti, claims.exp))
    }

    /// The caller of a session token issued to `user`.
    pub fn session(user: User, jti: String, token_expires_at: i64) -> Self {
        CurrentUser {
            id: user.id,
            username: user.username.to_string(),
            role: user.role,
            jti,
            token_expires_at,
            api_token: None,
            profile: user,
        }
    }

    /// Refuses a request made with an API token: managing one's own credentials (password,
    /// second factor, tokens) needs a signed-in session.
    pub fn require_session(&self) -> Result<(), ApiError> {
        match self.api_token {
            Some(_) => Err(ApiError::Forbidden("not allowed with an API token; sign in".into())),
            None => Ok(()),
        }
    }

    /// Whether this caller must still enrol a second factor before anything else.
    pub fn mfa_enrolment_pending(&self, state: &AppState) -> bool {
        state.config.identity.mfa_required(self.profile.role) && !self.profile.mfa_enabled
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        // A route guard has already authenticated this request: reuse, don't pay twice.
        if let Some(user) = parts.extensions.get::<CurrentUser>() {
            return Ok(user.clone());
        }
        let user = Self::authenticate(parts, state).await?;
        parts.extensions.insert(user.clone());
        Ok(user)
    }
}

impl CurrentUser {
    /// The caller as the lifecycle rules see them.
    pub fn actor(&self) -> domain::lifecycle::Actor {
        domain::lifecycle::Actor::new(self.id, self.username.clone(), self.role)
    }

    /// The caller and their address, for a lifecycle command and its audit entry.
    pub fn origin(&self, ip: &web::client_ip::ClientIp) -> lifecycle::Origin {
        lifecycle::Origin::new(self.actor(), Some(ip.0.clone()))
    }
}
