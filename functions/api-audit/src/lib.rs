//! Route group `/api/v1/audit-logs`: the audit trail, admin only, read-only.

use auth::guard::{require, roles};
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use domain::audit::AuditEntry;
use serde::Deserialize;
use store::audit::AuditFilter;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use web::pagination::{ListResponse, PageParams};
use web::{ApiError, AppQuery, AppState};

/// The routes with their OpenAPI description, unlayered (the local runner merges these).
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit_logs)).route_layer(require(state, roles::ADMIN))
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
pub struct AuditQuery {
    /// Only entries by this user.
    actor_id: Option<domain::ids::UserId>,
    /// Only entries on this kind of entity (`user`, `test`, ...).
    target_type: Option<String>,
    /// Only entries on this entity.
    target_id: Option<String>,
    /// Exact action (`user.create`) or a prefix ending in `.` (`user.`).
    action: Option<String>,
    /// Entries at or after this instant (RFC 3339).
    from: Option<DateTime<Utc>>,
    /// Entries at or before this instant (RFC 3339).
    to: Option<DateTime<Utc>>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// The audit trail, newest first, filtered and paginated.
#[utoipa::path(get, path = "/api/v1/audit-logs", tag = "audit", params(AuditQuery),
    responses((status = 200, body = ListResponse<AuditEntry>), (status = 403, body = web::error::Problem)))]
pub async fn list_audit_logs(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<AuditQuery>,
) -> Result<Json<ListResponse<AuditEntry>>, ApiError> {
    web::pagination::check_range(q.from, q.to)?;
    let page = PageParams { limit: q.limit, cursor: q.cursor }.page()?;
    let filter = AuditFilter {
        actor_id: q.actor_id,
        target_type: q.target_type,
        target_id: q.target_id,
        action: q.action,
        from: q.from,
        to: q.to,
    };
    let page = store::audit::list(&state.db, &filter, &page).await?;
    Ok(Json(ListResponse::from_page(page, |e| e)))
}
