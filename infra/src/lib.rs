//! The local runner: every route group's router merged into one axum app (the same routers
//! the Lambda functions run), API docs outside production, the SPA from `frontend/dist`, and
//! provisioning of the table, bucket and bus from the definitions in `template.yaml`.

pub mod background;
pub mod provision;
pub mod spa;

use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_redoc::{Redoc, Servable};
use utoipa_swagger_ui::SwaggerUi;
use web::AppState;

/// Every route group, merged, with the OpenAPI document describing all of them.
pub fn api(state: &AppState) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(web::openapi::ApiDoc::openapi())
        .merge(api_auth::routes(state))
        .merge(api_users::routes(state))
        .merge(api_audit::routes(state))
        .merge(api_catalog::routes(state))
        .merge(api_system::routes(state))
        .merge(api_tests::routes(state))
        .merge(api_evidence::routes(state))
        .merge(api_notifications::routes(state))
        .merge(api_coverage::routes(state))
        .merge(api_reports::routes(state))
        .merge(api_content::routes(state))
        .merge(api_campaigns::routes(state))
        .merge(api_compliance::routes(state))
        .merge(api_alerts::routes(state))
        .split_for_parts();
    web::openapi::finish(&mut doc);
    (router, doc)
}

/// The whole application: API, docs (not in production), then `spa` for everything else.
pub fn app(state: AppState, spa: Option<spa::Spa>) -> Router {
    let (api, openapi) = api(&state);
    let mut router = api.with_state(state.clone());
    if !state.config.is_production() {
        router = router
            .merge(SwaggerUi::new("/docs").url("/api/v1/openapi.json", openapi.clone()))
            .merge(Redoc::with_url("/redoc", openapi));
    }
    let router = match spa {
        Some(spa) => router.fallback(move |req| spa.serve(req)),
        None => router.fallback(web::layers::not_found),
    };
    web::layers::layer(router, &state.config)
}
