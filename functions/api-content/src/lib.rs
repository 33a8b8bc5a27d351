//! The content library: `/api/v1/data-sources` (admin: the upstream projects content is
//! imported from, their syncs and uploads) and `/api/v1/test-templates` (everyone reads the
//! template catalog; red roles write custom templates; leads choose which are active) and
//! `/api/v1/detection-rules` (everyone reads; the blue team writes custom rules).

mod catalog_check;
mod rules;
mod sources;
mod templates;
mod uploads;

use auth::guard::{require, roles};
use axum::extract::DefaultBodyLimit;
use domain::Role;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use web::AppState;

/// Largest archive sent as a request body (Lambda takes 6 MB per request); larger ones go
/// through an upload slot.
pub const MAX_BODY_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// Who may write custom templates.
const AUTHORS: &[Role] = &[Role::RedTech, Role::RedLead];
/// Who may write custom detection rules.
const DETECTION_ENGINEERS: &[Role] = &[Role::BlueTech, Role::BlueLead];

/// The routes with their OpenAPI description, unlayered (the local runner merges these).
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    let import = OpenApiRouter::new()
        .routes(routes!(sources::import_archive))
        .layer(DefaultBodyLimit::max(MAX_BODY_IMPORT_BYTES));
    let admin = OpenApiRouter::new()
        .routes(routes!(sources::list_sources))
        .routes(routes!(sources::get_source, sources::update_source))
        .routes(routes!(sources::sync_source))
        .routes(routes!(sources::sync_all))
        .routes(routes!(sources::list_runs))
        .routes(routes!(sources::get_run))
        .routes(routes!(uploads::request_upload))
        .routes(routes!(uploads::complete_upload))
        .merge(import)
        .route_layer(require(state, roles::ADMIN));
    let read = OpenApiRouter::new()
        .routes(routes!(templates::list_templates))
        .routes(routes!(templates::template_stats))
        .routes(routes!(templates::get_template, templates::update_template))
        .routes(routes!(rules::list_rules))
        .routes(routes!(rules::rule_gaps))
        .routes(routes!(rules::rules_layer))
        .routes(routes!(rules::get_rule))
        .route_layer(require(state, roles::ANY));
    let engineers = OpenApiRouter::new()
        .routes(routes!(rules::create_rule))
        .routes(routes!(rules::update_rule, rules::delete_rule))
        .route_layer(require(state, DETECTION_ENGINEERS));
    let authors = OpenApiRouter::new()
        .routes(routes!(templates::create_template))
        .routes(routes!(templates::delete_template))
        .route_layer(require(state, AUTHORS));
    let leads = OpenApiRouter::new()
        .routes(routes!(templates::bulk_active))
        .route_layer(require(state, roles::LEADS));
    admin.merge(read).merge(authors).merge(leads).merge(engineers)
}

/// The deployable router: routes, state and the common layers.
pub fn router(state: AppState) -> axum::Router {
    let (router, _) = routes(&state).split_for_parts();
    let config = state.config.clone();
    web::layers::apply(router.with_state(state), &config)
}
