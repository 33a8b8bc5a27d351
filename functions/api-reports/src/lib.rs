//! Route groups `/api/v1/reports` (coverage summary, coverage CSV, test results, remediation; JSON
//! and spreadsheet-safe CSV; export jobs for large ones) and `/api/v1/snapshots` (create, list,
//! compare, trend).

mod delivery;
mod jobs;
mod reports;
mod snapshots;

use auth::guard::{require, roles};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use web::AppState;

/// The routes with their OpenAPI description, unlayered (the local runner merges these).
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    let read = OpenApiRouter::new()
        .routes(routes!(reports::coverage_summary))
        .routes(routes!(reports::coverage_csv))
        .routes(routes!(reports::test_results))
        .routes(routes!(reports::remediation))
        .routes(routes!(jobs::create, jobs::list))
        .routes(routes!(jobs::get))
        .routes(routes!(snapshots::list))
        .routes(routes!(snapshots::compare))
        .routes(routes!(snapshots::trend))
        .routes(routes!(snapshots::get))
        .route_layer(require(state, roles::ANY));
    let leads =
        OpenApiRouter::new().routes(routes!(snapshots::create)).route_layer(require(state, roles::LEADS));
    read.merge(leads)
}

/// The deployable router: routes, state and the common layers.
pub fn router(state: AppState) -> axum::Router {
    let (router, _) = routes(&state).split_for_parts();
    let config = state.config.clone();
    web::layers::apply(router.with_state(state), &config)
}

pub(crate) use web::attack_domain::domain_of;
