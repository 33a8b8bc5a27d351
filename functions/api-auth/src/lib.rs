//! Route group `/api/v1/auth` (login, me, logout, change password) plus `/health`.

mod handlers;

pub use auth::bootstrap::{Bootstrap, announce, ensure_initial_admin};

use auth::guard::{require_even_before_password_change, roles};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use web::AppState;

/// The routes with their OpenAPI description, unlayered (the local runner merges these).
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    let public = OpenApiRouter::new().routes(routes!(handlers::health)).routes(routes!(handlers::login));
    let signed_in = OpenApiRouter::new()
        .routes(routes!(handlers::me))
        .routes(routes!(handlers::logout))
        .routes(routes!(handlers::change_password))
        .route_layer(require_even_before_password_change(state, roles::ANY));
    public.merge(signed_in)
}

/// The deployable router: routes, state and the common layers.
pub fn router(state: AppState) -> axum::Router {
    let (router, _) = routes(&state).split_for_parts();
    let config = state.config.clone();
    web::layers::apply(router.with_state(state), &config)
}
