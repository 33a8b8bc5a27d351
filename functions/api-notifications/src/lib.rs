//! Route group `/api/v1/notifications`: the caller's own notifications (every signed-in role).

use auth::CurrentUser;
use auth::guard::{require, roles};
use axum::Json;
use axum::extract::State;
use domain::validation::{Notification, NotificationPreferences};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::pagination::{ListResponse, PageParams};
use web::{ApiError, AppJson, AppPath, AppQuery, AppState};

/// The routes with their OpenAPI description, unlayered (the local runner merges these).
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(unread_count))
        .routes(routes!(mark_read))
        .routes(routes!(mark_all_read))
        .routes(routes!(get_preferences, put_preferences))
        .route_layer(require(state, roles::ANY))
}

/// The deployable router: routes, state and the common layers.
pub fn router(state: AppState) -> axum::Router {
    let (router, _) = routes(&state).split_for_parts();
    let config = state.config.clone();
    web::layers::apply(router.with_state(state), &config)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Only unread ones.
    unread: Option<bool>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// The caller's notifications, newest first; kinds the caller muted are left out.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(ListQuery),
    responses((status = 200, body = ListResponse<Notification>)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<ListQuery>,
) -> Result<Json<ListResponse<Notification>>, ApiError> {
    let page = PageParams { limit: q.limit, cursor: q.cursor }.page()?;
    let muted = store::notifications::preferences(&state.db, user.id).await?.muted_kinds;
    let page =
        store::notifications::list(&state.db, user.id, q.unread.unwrap_or(false), &muted, &page).await?;
    Ok(Json(ListResponse::from_page(page, |n| n)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnreadCount {
    count: u64,
}

/// How many of the caller's notifications are unread (the bell's badge), muted kinds left out.
#[utoipa::path(get, path = "/api/v1/notifications/unread-count", tag = "notifications",
    responses((status = 200, body = UnreadCount)))]
pub async fn unread_count(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<UnreadCount>, ApiError> {
    let muted = store::notifications::preferences(&state.db, user.id).await?.muted_kinds;
    Ok(Json(UnreadCount { count: store::notifications::unread_count(&state.db, user.id, &muted).await? }))
}

/// Marks one of the caller's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notifications", params(("id" = Uuid, Path)),
    responses((status = 200, body = Notification), (status = 404, body = web::error::Problem)))]
pub async fn mark_read(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Notification>, ApiError> {
    // Looked up in the caller's own partition: another user's id is simply not found.
    let mut n = store::notifications::find(&state.db, user.id, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("notification {id} not found")))?;
    store::notifications::mark_read(&state.db, &n, state.config.notification_retention_days).await?;
    n.read = true;
    Ok(Json(n))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Marked {
    marked: usize,
}

/// Marks all of the caller's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read-all", tag = "notifications", responses((status = 200, body = Marked)))]
pub async fn mark_all_read(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Marked>, ApiError> {
    Ok(Json(Marked {
        marked: store::notifications::mark_all_read(
            &state.db,
            user.id,
            state.config.notification_retention_days,
        )
        .await?,
    }))
}

/// The caller's notification preferences: the kinds they muted.
#[utoipa::path(get, path = "/api/v1/notifications/preferences", tag = "notifications",
    responses((status = 200, body = NotificationPreferences)))]
pub async fn get_preferences(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<NotificationPreferences>, ApiError> {
    Ok(Json(store::notifications::preferences(&state.db, user.id).await?))
}

/// Replaces the caller's notification preferences. A muted kind is still recorded, only not
/// listed or counted: unmuting shows what arrived meanwhile.
#[utoipa::path(put, path = "/api/v1/notifications/preferences", tag = "notifications",
    request_body = NotificationPreferences,
    responses((status = 200, body = NotificationPreferences), (status = 422, body = web::error::Problem)))]
pub async fn put_preferences(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(prefs): AppJson<NotificationPreferences>,
) -> Result<Json<NotificationPreferences>, ApiError> {
    prefs.check()?;
    let audit = auth::audit::entry(
        Some(&user),
        &ip,
        "notifications.preferences",
        "user",
        Some(user.id.to_string()),
        json!({ "muted_kinds": prefs.muted_kinds }),
    );
    store::notifications::put_preferences(&state.db, user.id, &prefs, &audit).await?;
    Ok(Json(prefs))
}
