//! Handlers of the users route group. Every mutation writes its audit entry in the same
//! DynamoDB transaction as the change; an admin cannot lock themselves out.

use auth::{CurrentUser, UserView, password};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use domain::ids::UserId;
use domain::user::{User, Username, check_email};
use domain::{FieldError, Role};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use web::client_ip::ClientIp;
use web::pagination::{ListResponse, PageParams};
use web::{ApiError, AppJson, AppPath, AppQuery, AppState};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[schema(max_length = 64)]
    username: String,
    #[schema(max_length = 1024)]
    password: String,
    role: Role,
    #[schema(max_length = 254)]
    email: Option<String>,
    #[schema(max_length = 200)]
    full_name: Option<String>,
    /// The user must choose their own password at first sign-in (default false).
    #[serde(default)]
    must_change_password: bool,
}

/// Fields an admin may change; absent fields stay as they are.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    role: Option<Role>,
    is_active: Option<bool>,
    email: Option<String>,
    full_name: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    #[schema(max_length = 1024)]
    new_password: String,
    /// The user must choose their own password at next sign-in (default false).
    #[serde(default)]
    must_change_password: bool,
}

fn check_full_name(name: &Option<String>, errors: &mut Vec<FieldError>) {
    if name.as_ref().is_some_and(|n| n.chars().count() > 200) {
        errors.push(FieldError::new("full_name", "max_length", "must be at most 200 characters"));
    }
}

async fn load(state: &AppState, id: UserId) -> Result<User, ApiError> {
    store::users::get(&state.db, id).await?.ok_or_else(|| ApiError::NotFound(format!("user {id} not found")))
}

/// Lists users, ordered by username.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(PageParams),
    responses((status = 200, body = ListResponse<UserView>), (status = 403, body = web::error::Problem)))]
pub async fn list_users(
    State(state): State<AppState>,
    AppQuery(params): AppQuery<PageParams>,
) -> Result<Json<ListResponse<UserView>>, ApiError> {
    let page = store::users::list(&state.db, &params.page()?).await?;
    Ok(Json(ListResponse::from_page(page, UserView::from)))
}

/// Creates a user. The password must meet the policy; every failed rule is named.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = CreateUserRequest,
    responses(
        (status = 201, body = UserView),
        (status = 409, description = "Username taken", body = web::error::Problem),
        (status = 422, body = web::error::Problem),
    ))]
pub async fn create_user(
    State(state): State<AppState>,
    actor: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<CreateUserRequest>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    let mut errors = Vec::new();
    let username = Username::parse(&req.username).map_err(|e| errors.extend(validation(e))).ok();
    errors.extend(domain::password::check("password", &req.password));
    if let Some(email) = &req.email {
        errors.extend(check_email(email).err().map(validation).unwrap_or_default());
    }
    check_full_name(&req.full_name, &mut errors);
    let Some(username) = username.filter(|_| errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let now = Utc::now();
    let user = User {
        id: domain::ids::UserId::random(),
        username,
        email: req.email,
        full_name: req.full_name,
        role: req.role,
        is_active: true,
        password_hash: password::hash(&req.password).map_err(ApiError::internal)?,
        created_at: now,
        updated_at: now,
        last_login_at: None,
        session_generation: 0,
        must_change_password: req.must_change_password,
        mfa_enabled: false,
        version: 1,
    };
    let entry = auth::audit::entry(
        Some(&actor),
        &ip,
        "user.create",
        "user",
        Some(user.id.to_string()),
        json!({ "username": user.username.as_str(), "role": user.role, "email": user.email }),
    );
    store::users::create(&state.db, &user, &entry).await?;
    Ok((StatusCode::CREATED, Json(user.into())))
}

fn validation(e: domain::DomainError) -> Vec<FieldError> {
    match e {
        domain::DomainError::Validation(v) => v,
        other => vec![FieldError::new("body", "invalid", other.to_string())],
    }
}

/// One user.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = Uuid, Path)),
    responses((status = 200, body = UserView), (status = 404, body = web::error::Problem)))]
pub async fn get_user(
    State(state): State<AppState>,
    AppPath(id): AppPath<UserId>,
) -> Result<Json<UserView>, ApiError> {
    Ok(Json(load(&state, id).await?.into()))
}

/// Changes role, active flag, e-mail or full name.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", params(("id" = Uuid, Path)),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, body = UserView),
        (status = 404, body = web::error::Problem),
        (status = 409, description = "Would lock the caller out, or changed concurrently", body = web::error::Problem),
        (status = 422, body = web::error::Problem),
    ))]
pub async fn update_user(
    State(state): State<AppState>,
    actor: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<UserId>,
    AppJson(req): AppJson<UpdateUserRequest>,
) -> Result<Json<UserView>, ApiError> {
    let mut errors = Vec::new();
    if let Some(email) = &req.email {
        errors.extend(check_email(email).err().map(validation).unwrap_or_default());
    }
    check_full_name(&req.full_name, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    if id == actor.id && (req.is_active == Some(false) || req.role.is_some_and(|r| r != Role::Admin)) {
        return Err(ApiError::Conflict("you cannot deactivate or demote your own account".into()));
    }
    let before = load(&state, id).await?;
    let mut user = before.clone();
    let mut changes = serde_json::Map::new();
    if let Some(role) = req.role.filter(|r| *r != before.role) {
        changes.insert("role".into(), json!({ "from": before.role, "to": role }));
        user.role = role;
    }
    if let Some(active) = req.is_active.filter(|a| *a != before.is_active) {
        changes.insert("is_active".into(), json!({ "from": before.is_active, "to": active }));
        user.is_active = active;
    }
    if req.email.is_some() && req.email != before.email {
        changes.insert("email".into(), json!({ "from": before.email, "to": req.email }));
        user.email = req.email;
    }
    if req.full_name.is_some() && req.full_name != before.full_name {
        changes.insert("full_name".into(), json!({ "from": before.full_name, "to": req.full_name }));
        user.full_name = req.full_name;
    }
    if changes.is_empty() {
        return Ok(Json(before.into()));
    }
    // A new role or a deactivation must not wait for old tokens to expire.
    if changes.contains_key("role") || changes.contains_key("is_active") {
        user.end_sessions();
    }
    user.updated_at = Utc::now();
    user.version += 1;
    let entry =
        auth::audit::entry(Some(&actor), &ip, "user.update", "user", Some(id.to_string()), changes.into());
    store::users::update(&state.db, &user, &entry).await?;
    Ok(Json(user.into()))
}

/// Sets a new password for a user (the policy applies).
#[utoipa::path(post, path = "/api/v1/users/{id}/reset-password", tag = "users", params(("id" = Uuid, Path)),
    request_body = ResetPasswordRequest,
    responses((status = 204, description = "Reset"), (status = 404, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn reset_password(
    State(state): State<AppState>,
    actor: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<UserId>,
    AppJson(req): AppJson<ResetPasswordRequest>,
) -> Result<StatusCode, ApiError> {
    if id == actor.id {
        // A reset ends every session of the user: one's own goes through change-password,
        // which needs the current password and keeps this session.
        return Err(ApiError::Conflict("use POST /api/v1/auth/change-password for your own password".into()));
    }
    let errors = domain::password::check("new_password", &req.new_password);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let mut user = load(&state, id).await?;
    user.password_hash = password::hash(&req.new_password).map_err(ApiError::internal)?;
    user.must_change_password = req.must_change_password;
    user.end_sessions();
    user.updated_at = Utc::now();
    user.version += 1;
    let entry = auth::audit::entry(
        Some(&actor),
        &ip,
        "user.reset_password",
        "user",
        Some(id.to_string()),
        json!({ "password": "reset", "must_change_password": req.must_change_password }),
    );
    store::users::update(&state.db, &user, &entry).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a user's second factor (a lost phone): every session of the user ends, and they may
/// enrol again (or must, if their role requires it) at next sign-in.
#[utoipa::path(post, path = "/api/v1/users/{id}/reset-mfa", tag = "users", params(("id" = Uuid, Path)),
    responses(
        (status = 204, description = "Removed; the user's sessions ended"),
        (status = 404, body = web::error::Problem),
        (status = 409, description = "Your own account (use DELETE /api/v1/auth/mfa), or none enrolled", body = web::error::Problem),
    ))]
pub async fn reset_mfa(
    State(state): State<AppState>,
    actor: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<UserId>,
) -> Result<StatusCode, ApiError> {
    if id == actor.id {
        return Err(ApiError::Conflict("use DELETE /api/v1/auth/mfa for your own second factor".into()));
    }
    let mut user = load(&state, id).await?;
    if !user.mfa_enabled && store::mfa::get(&state.db, id).await?.is_none() {
        return Err(ApiError::Conflict("the user has no second factor".into()));
    }
    user.mfa_enabled = false;
    user.end_sessions();
    user.updated_at = Utc::now();
    user.version += 1;
    let entry = auth::audit::entry(
        Some(&actor),
        &ip,
        "user.reset_mfa",
        "user",
        Some(id.to_string()),
        json!({ "username": user.username.as_str(), "sessions": "ended" }),
    );
    store::mfa::remove(&state.db, &user, &entry).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes a user and frees the username. Deactivate (PATCH `is_active: false`) to keep history.
#[utoipa::path(delete, path = "/api/v1/users/{id}", tag = "users", params(("id" = Uuid, Path)),
    responses((status = 204, description = "Deleted"), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem)))]
pub async fn delete_user(
    State(state): State<AppState>,
    actor: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<UserId>,
) -> Result<StatusCode, ApiError> {
    if id == actor.id {
        return Err(ApiError::Conflict("you cannot delete your own account".into()));
    }
    let user = load(&state, id).await?;
    let entry = auth::audit::entry(
        Some(&actor),
        &ip,
        "user.delete",
        "user",
        Some(id.to_string()),
        json!({ "username": user.username.as_str(), "role": user.role }),
    );
    store::users::delete(&state.db, &user, &entry).await?;
    Ok(StatusCode::NO_CONTENT)
}
