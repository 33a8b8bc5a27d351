//! `/api/v1/auth/api-tokens`: named tokens for scripts and pipelines. A user creates tokens with
//! a role no higher than their own (see `domain::identity::may_delegate`), optionally read-only,
//! with an expiry; the token is shown once. Owners list and revoke their own, admins anyone's.

use auth::{CurrentUser, api_token};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use domain::Role;
use domain::identity::{ApiToken, may_delegate};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::pagination::{ListResponse, PageParams};
use web::{ApiError, AppJson, AppPath, AppQuery, AppState};

/// Longest validity of a token, in days.
const MAX_DAYS: u32 = 365;

#[derive(Serialize, ToSchema)]
pub struct ApiTokenView {
    id: Uuid,
    user_id: domain::ids::UserId,
    username: String,
    name: String,
    role: Role,
    read_only: bool,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    /// Last use (stamped at most once a minute).
    last_used_at: Option<DateTime<Utc>>,
    last_used_ip: Option<String>,
}

impl From<ApiToken> for ApiTokenView {
    fn from(t: ApiToken) -> Self {
        Self {
            id: t.id,
            user_id: t.user_id,
            username: t.username,
            name: t.name,
            role: t.role,
            read_only: t.read_only,
            created_at: t.created_at,
            expires_at: DateTime::from_timestamp(t.expires_at, 0).unwrap_or_default(),
            last_used_at: t.last_used_at,
            last_used_ip: t.last_used_ip,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiTokenRequest {
    /// What the token is for (1-100 characters).
    #[schema(max_length = 100)]
    name: String,
    /// The role requests with the token act as: your own (the default) or `viewer`; an admin
    /// may pick any.
    role: Option<Role>,
    /// Only GET requests are accepted (default false).
    #[serde(default)]
    read_only: bool,
    /// Days until the token expires, 1-365 (default 90).
    #[schema(minimum = 1, maximum = 365)]
    expires_in_days: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedApiToken {
    /// The token for `Authorization: Bearer`; shown only this once.
    token: String,
    api_token: ApiTokenView,
}

/// Creates an API token (shown once; stored as a hash). Needs a signed-in session, not a token.
#[utoipa::path(post, path = "/api/v1/auth/api-tokens", tag = "auth", request_body = CreateApiTokenRequest,
    responses(
        (status = 201, body = CreatedApiToken),
        (status = 401, body = web::error::Problem),
        (status = 403, description = "The role is above your own, or the call used an API token", body = web::error::Problem),
        (status = 422, body = web::error::Problem),
    ))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<CreateApiTokenRequest>,
) -> Result<(StatusCode, Json<CreatedApiToken>), ApiError> {
    user.require_session()?;
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::validation("name", "length", "must be 1-100 characters"));
    }
    let days = req.expires_in_days.unwrap_or(90);
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(ApiError::validation("expires_in_days", "range", "must be 1-365"));
    }
    let role = req.role.unwrap_or(user.role);
    if !may_delegate(user.role, role) {
        return Err(ApiError::Forbidden(format!(
            "a token's role must be your own ({}) or viewer",
            user.role.as_str()
        )));
    }
    let id = Uuid::new_v4();
    let (raw, secret_hash) = api_token::generate(id);
    let now = Utc::now();
    let token = ApiToken {
        id,
        user_id: user.id,
        username: user.username.clone(),
        name: name.to_owned(),
        role,
        read_only: req.read_only,
        secret_hash,
        created_at: now,
        expires_at: (now + Duration::days(days.into())).timestamp(),
        last_used_at: None,
        last_used_ip: None,
        version: 1,
    };
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "api_token.create",
        "api_token",
        Some(id.to_string()),
        json!({ "name": token.name, "role": role, "read_only": token.read_only, "expires_in_days": days }),
    );
    store::api_tokens::create(&state.db, &token, &entry).await?;
    Ok((StatusCode::CREATED, Json(CreatedApiToken { token: raw, api_token: token.into() })))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Every user's tokens (admins only).
    all: Option<bool>,
    /// Page size, 1-500 (default 50).
    limit: Option<u32>,
    /// Opaque cursor from a previous page's `next_cursor`.
    cursor: Option<String>,
}

/// The caller's tokens, newest first; `?all=true` lists everyone's (admins).
#[utoipa::path(get, path = "/api/v1/auth/api-tokens", tag = "auth", params(ListParams),
    responses(
        (status = 200, body = ListResponse<ApiTokenView>),
        (status = 401, body = web::error::Problem),
        (status = 403, description = "`all` without being an admin", body = web::error::Problem),
    ))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(params): AppQuery<ListParams>,
) -> Result<Json<ListResponse<ApiTokenView>>, ApiError> {
    let page = PageParams { limit: params.limit, cursor: params.cursor }.page()?;
    let page = if params.all == Some(true) {
        if user.role != Role::Admin {
            return Err(ApiError::Forbidden("only admins list every user's tokens".into()));
        }
        store::api_tokens::list_all(&state.db, &page).await?
    } else {
        store::api_tokens::list_for_user(&state.db, user.id, &page).await?
    };
    Ok(Json(ListResponse::from_page(page, ApiTokenView::from)))
}

/// Revokes a token at once: the caller's own, or anyone's for an admin.
#[utoipa::path(delete, path = "/api/v1/auth/api-tokens/{id}", tag = "auth", params(("id" = Uuid, Path)),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, body = web::error::Problem),
        (status = 404, body = web::error::Problem),
    ))]
pub async fn revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    let not_found = || ApiError::NotFound(format!("API token {id} not found"));
    let token = store::api_tokens::get(&state.db, id).await?.ok_or_else(not_found)?;
    if token.user_id != user.id && user.role != Role::Admin {
        return Err(not_found());
    }
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "api_token.revoke",
        "api_token",
        Some(id.to_string()),
        json!({ "name": token.name, "owner": token.username }),
    );
    store::api_tokens::revoke(&state.db, id, &entry).await?;
    Ok(StatusCode::NO_CONTENT)
}
