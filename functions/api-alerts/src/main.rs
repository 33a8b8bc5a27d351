//! Lambda entry point of `/api/v1/alert-rules` and `/api/v1/alert-events`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    web::telemetry::init();
    let state = web::AppState::from_config(web::Config::from_env()?).await?;
    lambda_http::run(api_alerts::router(state)).await
}
