//! Route group `/api/v1/tests`: validation tests, their Red/Blue workflow with dual validation,
//! the caller's pending tasks, remediation steps and retest chains. Each workflow step has its
//! own route whose guard admits the step's roles (403 otherwise); the handler then checks the
//! state (409) and writes conditionally on the test's version.

mod assign;
mod bulk;
mod remediation;
mod tests;
mod workflow;

use auth::guard::{require, roles};
use domain::validation::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use web::AppState;

/// The routes with their OpenAPI description, unlayered (the local runner merges these).
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    let read = OpenApiRouter::new()
        .routes(routes!(tests::list_tests))
        .routes(routes!(tests::my_tasks))
        .routes(routes!(tests::get_test))
        .routes(routes!(tests::retest_chain))
        .routes(routes!(remediation::list_steps))
        .routes(routes!(remediation::update_step))
        .route_layer(require(state, roles::ANY));
    let red = OpenApiRouter::new()
        .routes(routes!(tests::create_test))
        .routes(routes!(tests::update_test))
        .route_layer(require(state, roles::RED));
    let admin = OpenApiRouter::new()
        .routes(routes!(tests::delete_test))
        .routes(routes!(bulk::bulk_delete))
        .route_layer(require(state, roles::ADMIN));
    // Each workflow route admits the roles its step names (`domain::validation::Action::roles`);
    // the lifecycle then checks state and assignment.
    let step = |action: Action| require(state, action.roles());
    let start = OpenApiRouter::new()
        .routes(routes!(workflow::start_execution))
        .route_layer(step(Action::StartExecution));
    let red = red.merge(
        OpenApiRouter::new().routes(routes!(workflow::submit_red)).route_layer(step(Action::SubmitRed)),
    );
    let blue =
        OpenApiRouter::new().routes(routes!(workflow::submit_blue)).route_layer(step(Action::SubmitBlue));
    let vote = OpenApiRouter::new().routes(routes!(workflow::vote)).route_layer(step(Action::Vote));
    let reopen = OpenApiRouter::new().routes(routes!(workflow::reopen)).route_layer(step(Action::Reopen));
    let leads = OpenApiRouter::new()
        .routes(routes!(remediation::create_step))
        .routes(routes!(assign::assign))
        .routes(routes!(bulk::bulk_assign))
        .route_layer(require(state, roles::LEADS));
    read.merge(red).merge(admin).merge(start).merge(blue).merge(vote).merge(reopen).merge(leads)
}

/// The deployable router: routes, state and the common layers.
pub fn router(state: AppState) -> axum::Router {
    let (router, _) = routes(&state).split_for_parts();
    let config = state.config.clone();
    web::layers::apply(router.with_state(state), &config)
}
