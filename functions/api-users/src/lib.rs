//! Route group `/api/v1/users`: user administration (admin only) and the team directory that
//! pickers read (every signed-in role).

mod directory;
mod handlers;

use auth::guard::{require, roles};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use web::AppState;

/// The routes with their OpenAPI description, unlayered (the local runner merges these).
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    let everyone =
        OpenApiRouter::new().routes(routes!(directory::directory)).route_layer(require(state, roles::ANY));
    let admin = OpenApiRouter::new()
        .routes(routes!(handlers::list_users, handlers::create_user))
        .routes(routes!(handlers::get_user, handlers::update_user, handlers::delete_user))
        .routes(routes!(handlers::reset_password))
        .routes(routes!(handlers::reset_mfa))
        .route_layer(require(state, roles::ADMIN));
    everyone.merge(admin)
}

/// The deployable router: routes, state and the common layers.
pub fn router(state: AppState) -> axum::Router {
    let (router, _) = routes(&state).split_for_parts();
    let config = state.config.clone();
    web::layers::apply(router.with_state(state), &config)
}
