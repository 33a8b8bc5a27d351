//! Route group `/api/v1/auth` (login with an optional second factor, single sign-on, me,
//! logout, change password, TOTP enrolment, API tokens) plus `/health`.

mod api_tokens;
mod handlers;
mod mfa;
mod oidc;
mod oidc_client;

pub use auth::bootstrap::{Bootstrap, announce, ensure_initial_admin};

use auth::guard::{require, require_even_before_password_change, roles};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use web::AppState;

/// The routes with their OpenAPI description, unlayered (the local runner merges these).
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    let public = OpenApiRouter::new()
        .routes(routes!(handlers::health))
        .routes(routes!(handlers::login))
        .routes(routes!(mfa::login_mfa))
        .routes(routes!(oidc::config))
        .routes(routes!(oidc::login))
        .routes(routes!(oidc::callback));
    // Also for a caller who must first change their password or enrol a second factor.
    let pending = OpenApiRouter::new()
        .routes(routes!(handlers::me))
        .routes(routes!(handlers::logout))
        .routes(routes!(handlers::change_password))
        .routes(routes!(mfa::setup))
        .routes(routes!(mfa::confirm))
        .route_layer(require_even_before_password_change(state, roles::ANY));
    let signed_in = OpenApiRouter::new()
        .routes(routes!(mfa::disable))
        .routes(routes!(api_tokens::create, api_tokens::list))
        .routes(routes!(api_tokens::revoke))
        .route_layer(require(state, roles::ANY));
    public.merge(pending).merge(signed_in)
}

/// The deployable router: routes, state and the common layers.
pub fn router(state: AppState) -> axum::Router {
    let (router, _) = routes(&state).split_for_parts();
    let config = state.config.clone();
    web::layers::apply(router.with_state(state), &config)
}
