//! Lambda entry point of the auth route group.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    web::telemetry::init();
    let state = web::AppState::from_config(web::Config::from_env()?).await;
    // Cold start is the only moment a deployed stack can create its first admin.
    match api_auth::ensure_initial_admin(&state).await {
        Ok(outcome) => api_auth::announce(&outcome),
        Err(e) => tracing::error!(error = %e, "initial admin bootstrap failed"),
    }
    lambda_http::run(api_auth::router(state)).await
}
