//! Lambda entry point of the reports and snapshots route groups.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    web::telemetry::init();
    let state = web::AppState::from_config(web::Config::from_env()?).await?;
    lambda_http::run(api_reports::router(state)).await
}
