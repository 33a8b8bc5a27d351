//! Route groups `/api/v1/heatmap`, `/api/v1/technique-sets`, `/api/v1/scores`,
//! `/api/v1/dashboard` and `/api/v1/metrics`: coverage as users consume it, all computed from
//! the materialised per-technique coverage (one read of the technique index).

mod dashboard;
mod heatmap;
mod operational;
mod scores;

use auth::guard::{require, roles};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use web::AppState;

/// The routes with their OpenAPI description, unlayered (the local runner merges these).
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    let read = OpenApiRouter::new()
        .routes(routes!(heatmap::heatmap))
        .routes(routes!(heatmap::export_layer))
        .routes(routes!(heatmap::export_dettect))
        .routes(routes!(heatmap::gaps))
        .routes(routes!(heatmap::list_sets))
        .routes(routes!(heatmap::get_set))
        .routes(routes!(scores::scores))
        .routes(routes!(scores::technique_score))
        .routes(routes!(scores::actor_score))
        .routes(routes!(scores::get_config))
        .routes(routes!(dashboard::kpis))
        .routes(routes!(dashboard::metrics))
        .routes(routes!(operational::operational))
        .routes(routes!(dashboard::executive))
        .route_layer(require(state, roles::ANY));
    let leads =
        OpenApiRouter::new().routes(routes!(heatmap::import_layer)).route_layer(require(state, roles::LEADS));
    let admin = OpenApiRouter::new()
        .routes(routes!(scores::put_config))
        .routes(routes!(heatmap::delete_set))
        .route_layer(require(state, roles::ADMIN));
    read.merge(leads).merge(admin)
}

/// The deployable router: routes, state and the common layers.
pub fn router(state: AppState) -> axum::Router {
    let (router, _) = routes(&state).split_for_parts();
    let config = state.config.clone();
    web::layers::apply(router.with_state(state), &config)
}

pub(crate) use web::attack_domain::domain_of;
