//! Lambda entry point of the auth route group. The initial admin is created by the bootstrap
//! function (a custom resource at deploy time), not here: a cold start does no table writes.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    web::telemetry::init();
    let state = web::AppState::from_config(web::Config::from_env()?).await?;
    state.config.identity.check_mfa_key()?;
    lambda_http::run(api_auth::router(state)).await
}
