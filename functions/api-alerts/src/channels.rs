//! Webhook channel handlers: the admin creates, changes, tests and deletes channels and
//! rotates their signing secrets; leads read them (to name them in rules) with their health
//! and deliveries. A secret is returned once, when created or rotated.

use alerts::{secrets, webhook};
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use domain::alerts::{AlertChannel, ChannelFormat, Delivery, DeliveryState, check_channel};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::pagination::{ListResponse, PageParams};
use web::{ApiError, AppJson, AppPath, AppQuery, AppState};

fn default_true() -> bool {
    true
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAlertChannel {
    name: String,
    /// An `https` URL whose host is a public address.
    url: String,
    #[serde(default)]
    format: ChannelFormat,
    #[serde(default = "default_true")]
    enabled: bool,
}

/// Fields to change; absent ones stay. `version` is the one read (409 when it moved).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAlertChannel {
    version: u64,
    name: Option<String>,
    url: Option<String>,
    format: Option<ChannelFormat>,
    enabled: Option<bool>,
}

/// A channel with its signing secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChannelWithSecret {
    channel: AlertChannel,
    /// Verify `X-Aegis-Signature` with it (see docs/ALERTS.md); it is not shown again.
    secret: String,
}

fn secret_failed(e: secrets::SecretError) -> ApiError {
    ApiError::Internal(e.to_string())
}

async fn load(state: &AppState, id: Uuid) -> Result<AlertChannel, ApiError> {
    store::alert_channels::get(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("alert channel {id} not found")))
}

fn check(state: &AppState, channel: &mut AlertChannel) -> Result<(), ApiError> {
    channel.name = channel.name.trim().to_owned();
    channel.url = channel.url.trim().to_owned();
    let errors = check_channel(&channel.name, &channel.url, &state.config.webhooks.allowed_ranges);
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// The URL's host only: the path of a webhook URL is often its credential (Slack, Teams).
fn host(url: &str) -> String {
    url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default()
}

fn audit(user: &CurrentUser, ip: &ClientIp, action: &str, c: &AlertChannel) -> domain::audit::AuditEntry {
    let summary = json!({ "name": c.name, "host": host(&c.url), "format": c.format, "enabled": c.enabled });
    auth::audit::entry(Some(user), ip, action, "alert_channel", Some(c.id.to_string()), summary)
}

/// Webhook channels, oldest first, with their health.
#[utoipa::path(get, path = "/api/v1/alert-channels", tag = "alerts",
    responses((status = 200, body = ListResponse<AlertChannel>)))]
pub async fn list_channels(
    State(state): State<AppState>,
) -> Result<Json<ListResponse<AlertChannel>>, ApiError> {
    let items = store::alert_channels::all(&state.db).await?;
    Ok(Json(ListResponse { items, next_cursor: None }))
}

/// Creates a webhook channel and its signing secret (returned once).
#[utoipa::path(post, path = "/api/v1/alert-channels", tag = "alerts", request_body = CreateAlertChannel,
    responses((status = 201, body = ChannelWithSecret), (status = 422, body = web::error::Problem)))]
pub async fn create_channel(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<CreateAlertChannel>,
) -> Result<(StatusCode, Json<ChannelWithSecret>), ApiError> {
    let now = Utc::now();
    let mut channel = AlertChannel {
        id: Uuid::new_v4(),
        name: req.name,
        url: req.url,
        format: req.format,
        enabled: req.enabled,
        secret_id: String::new(),
        created_by: user.id,
        created_at: now,
        updated_at: now,
        health: Default::default(),
        version: 1,
    };
    check(&state, &mut channel)?;
    let (secret_id, secret) = secrets::create(&state, channel.id).await.map_err(secret_failed)?;
    channel.secret_id = secret_id;
    if let Err(e) = store::alert_channels::create(
        &state.db,
        &channel,
        &audit(&user, &ip, "alert_channel.create", &channel),
    )
    .await
    {
        // No channel names the secret: take it back rather than leave it behind.
        if let Err(s) = secrets::delete(&state, &channel.secret_id).await {
            tracing::error!(error = %s, secret = %channel.secret_id, "orphaned channel secret not deleted");
        }
        return Err(e.into());
    }
    Ok((StatusCode::CREATED, Json(ChannelWithSecret { channel, secret })))
}

/// One webhook channel with its health.
#[utoipa::path(get, path = "/api/v1/alert-channels/{id}", tag = "alerts", params(("id" = Uuid, Path)),
    responses((status = 200, body = AlertChannel), (status = 404, body = web::error::Problem)))]
pub async fn get_channel(
    State(state): State<AppState>,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<AlertChannel>, ApiError> {
    Ok(Json(load(&state, id).await?))
}

/// Changes a channel (on the version read).
#[utoipa::path(patch, path = "/api/v1/alert-channels/{id}", tag = "alerts", params(("id" = Uuid, Path)),
    request_body = UpdateAlertChannel,
    responses((status = 200, body = AlertChannel), (status = 404, body = web::error::Problem),
        (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn update_channel(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(req): AppJson<UpdateAlertChannel>,
) -> Result<Json<AlertChannel>, ApiError> {
    let before = load(&state, id).await?;
    if req.version != before.version {
        return Err(ApiError::Conflict(format!(
            "the channel is at version {}, not {}; reload it",
            before.version, req.version
        )));
    }
    let mut channel = before.clone();
    channel.name = req.name.unwrap_or(channel.name);
    channel.url = req.url.unwrap_or(channel.url);
    channel.format = req.format.unwrap_or(channel.format);
    channel.enabled = req.enabled.unwrap_or(channel.enabled);
    channel.updated_at = Utc::now();
    channel.version += 1;
    check(&state, &mut channel)?;
    store::alert_channels::update(
        &state.db,
        &before,
        &channel,
        &audit(&user, &ip, "alert_channel.update", &channel),
    )
    .await?;
    Ok(Json(channel))
}

/// Replaces a channel's signing secret; the new one is returned once and signs the next
/// delivery.
#[utoipa::path(post, path = "/api/v1/alert-channels/{id}/rotate-secret", tag = "alerts", params(("id" = Uuid, Path)),
    responses((status = 200, body = ChannelWithSecret), (status = 404, body = web::error::Problem)))]
pub async fn rotate_secret(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<ChannelWithSecret>, ApiError> {
    let before = load(&state, id).await?;
    let secret = secrets::rotate(&state, &before.secret_id).await.map_err(secret_failed)?;
    let mut channel = before.clone();
    channel.updated_at = Utc::now();
    channel.version += 1;
    let entry = audit(&user, &ip, "alert_channel.rotate_secret", &channel);
    store::alert_channels::update(&state.db, &before, &channel, &entry).await?;
    Ok(Json(ChannelWithSecret { channel, secret }))
}

/// Deletes a channel no rule names (409 naming the rules otherwise); its secret is scheduled
/// for deletion and its deliveries stay readable.
#[utoipa::path(delete, path = "/api/v1/alert-channels/{id}", tag = "alerts", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem)))]
pub async fn delete_channel(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    let channel = load(&state, id).await?;
    let users: Vec<String> = store::alerts::all_rules(&state.db)
        .await?
        .into_iter()
        .filter(|r| r.channels.contains(&id))
        .map(|r| format!("`{}`", r.name))
        .collect();
    if !users.is_empty() {
        return Err(ApiError::Conflict(format!(
            "alert rules {} send to this channel: remove it from them first",
            users.join(", ")
        )));
    }
    store::alert_channels::delete(&state.db, &channel, &audit(&user, &ip, "alert_channel.delete", &channel))
        .await?;
    if let Err(e) = secrets::delete(&state, &channel.secret_id).await {
        tracing::error!(error = %e, secret = %channel.secret_id, "deleted channel's secret not deleted");
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Sends a signed test message now (with the usual retries) and answers how it went; the
/// delivery is recorded on the channel like any other.
#[utoipa::path(post, path = "/api/v1/alert-channels/{id}/test", tag = "alerts", params(("id" = Uuid, Path)),
    responses((status = 200, body = Delivery), (status = 404, body = web::error::Problem)))]
pub async fn test_channel(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Delivery>, ApiError> {
    let channel = load(&state, id).await?;
    let delivery = Delivery {
        id: Uuid::new_v4(),
        channel_id: channel.id,
        event_id: None,
        rule_id: None,
        summary: format!("test message sent by {}", user.username),
        state: DeliveryState::Pending,
        attempts: 0,
        status_code: None,
        error: None,
        created_at: Utc::now(),
        finished_at: None,
    };
    Ok(Json(webhook::deliver(&state, &channel, delivery, None).await?))
}

/// A channel's deliveries, newest first: state, attempts, the receiver's status, the error.
#[utoipa::path(get, path = "/api/v1/alert-channels/{id}/deliveries", tag = "alerts", params(("id" = Uuid, Path), PageParams),
    responses((status = 200, body = ListResponse<Delivery>), (status = 400, body = web::error::Problem),
        (status = 404, body = web::error::Problem)))]
pub async fn channel_deliveries(
    State(state): State<AppState>,
    AppPath(id): AppPath<Uuid>,
    AppQuery(params): AppQuery<PageParams>,
) -> Result<Json<ListResponse<Delivery>>, ApiError> {
    load(&state, id).await?;
    let page = store::alert_channels::deliveries(&state.db, id, &params.page()?).await?;
    Ok(Json(ListResponse::from_page(page, |d| d)))
}
