//! Compliance mapping with gap analysis (`/api/v1/compliance`): frameworks (NIST SP 800-53
//! rev. 5 from its data source, any other imported by an admin from a CSV or Mappings Explorer
//! file), their controls with the coverage of each mapped technique, and the gaps per control.
//! Everyone signed in reads; admins import and delete. The storage and the order of writes that
//! keeps a re-import invisible until complete are in `store::compliance`; docs/COMPLIANCE.md
//! describes the whole feature.

mod analysis;
mod controls;
mod frameworks;
mod gaps;

use auth::guard::{require, roles};
use axum::extract::DefaultBodyLimit;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use web::AppState;

/// Largest framework file sent as a request body.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// The routes with their OpenAPI description, unlayered (the local runner merges these).
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    let admin = OpenApiRouter::new()
        .routes(routes!(frameworks::import_framework))
        .layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES))
        .routes(routes!(frameworks::delete_framework))
        .route_layer(require(state, roles::ADMIN));
    let read = OpenApiRouter::new()
        .routes(routes!(frameworks::list_frameworks))
        .routes(routes!(frameworks::get_framework))
        .routes(routes!(controls::list_controls))
        .routes(routes!(controls::get_control))
        .routes(routes!(gaps::framework_gaps))
        .route_layer(require(state, roles::ANY));
    admin.merge(read)
}

/// The deployable router: routes, state and the common layers.
pub fn router(state: AppState) -> axum::Router {
    let (router, _) = routes(&state).split_for_parts();
    let config = state.config.clone();
    web::layers::apply(router.with_state(state), &config)
}
