//! Lambda entry point of the content library (`/api/v1/data-sources`, `/api/v1/test-templates`).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    web::telemetry::init();
    let state = web::AppState::from_config(web::Config::from_env()?).await?;
    lambda_http::run(api_content::router(state)).await
}
