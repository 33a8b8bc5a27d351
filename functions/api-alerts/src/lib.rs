//! Route group `/api/v1/alert-rules` (leads and admin manage rules and dry-run them) and the
//! firings everyone reads (`/alert-rules/{id}/events`, `/alert-events`); webhook channels
//! (`/alert-channels`: the admin manages them, leads read them to name them in rules); what the
//! latest ATT&CK release changed for threat actors (`/intel/changes`).

mod channels;
mod intel;
mod rules;

use auth::guard::{require, roles};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use web::AppState;

/// The routes with their OpenAPI description, unlayered (the local runner merges these).
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    let read = OpenApiRouter::new()
        .routes(routes!(rules::rule_events))
        .routes(routes!(rules::all_events))
        .routes(routes!(intel::changes))
        .route_layer(require(state, roles::ANY));
    let leads = OpenApiRouter::new()
        .routes(routes!(rules::list_rules, rules::create_rule))
        .routes(routes!(rules::get_rule, rules::update_rule, rules::delete_rule))
        .routes(routes!(rules::test_rule))
        .routes(routes!(channels::list_channels))
        .routes(routes!(channels::get_channel))
        .routes(routes!(channels::channel_deliveries))
        .route_layer(require(state, roles::LEADS));
    let admin = OpenApiRouter::new()
        .routes(routes!(channels::create_channel))
        .routes(routes!(channels::update_channel, channels::delete_channel))
        .routes(routes!(channels::rotate_secret))
        .routes(routes!(channels::test_channel))
        .route_layer(require(state, roles::ADMIN));
    read.merge(leads).merge(admin)
}

/// The deployable router: routes, state and the common layers.
pub fn router(state: AppState) -> axum::Router {
    let (router, _) = routes(&state).split_for_parts();
    let config = state.config.clone();
    web::layers::apply(router.with_state(state), &config)
}
