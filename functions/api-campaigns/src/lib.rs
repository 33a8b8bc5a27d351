//! Route group `/api/v1/campaigns`: everyone reads campaigns, their tests, progress, history and
//! run comparison; red and blue leads (and admins) manage them.

mod handlers;
mod views;

use auth::guard::{require, roles};
use campaigns::Error;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use web::{ApiError, AppState};

/// The routes with their OpenAPI description, unlayered (the local runner merges these).
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    let read = OpenApiRouter::new()
        .routes(routes!(handlers::list_campaigns))
        .routes(routes!(handlers::get_campaign))
        .routes(routes!(handlers::history))
        .routes(routes!(handlers::comparison))
        .route_layer(require(state, roles::ANY));
    let leads = OpenApiRouter::new()
        .routes(routes!(handlers::create_campaign))
        .routes(routes!(handlers::update_campaign, handlers::delete_campaign))
        .routes(routes!(handlers::from_threat_actor))
        .routes(routes!(handlers::start))
        .routes(routes!(handlers::complete))
        .routes(routes!(handlers::cancel))
        .routes(routes!(handlers::add_test))
        .routes(routes!(handlers::update_test, handlers::remove_test))
        .route_layer(require(state, roles::LEADS));
    read.merge(leads)
}

/// The deployable router: routes, state and the common layers.
pub fn router(state: AppState) -> axum::Router {
    let (router, _) = routes(&state).split_for_parts();
    let config = state.config.clone();
    web::layers::apply(router.with_state(state), &config)
}

pub(crate) fn api_error(e: Error) -> ApiError {
    match e {
        Error::NotFound(m) => ApiError::NotFound(m),
        Error::Conflict(m) => ApiError::Conflict(m),
        Error::Invalid(errors) => ApiError::Validation(errors),
        Error::Busy(m) => ApiError::Conflict(m),
        Error::Lifecycle(e) => e.into(),
        Error::Store(e) => e.into(),
    }
}
