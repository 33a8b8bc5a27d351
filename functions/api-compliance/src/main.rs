//! Lambda entry point of compliance mapping (`/api/v1/compliance`).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    web::telemetry::init();
    let state = web::AppState::from_config(web::Config::from_env()?).await?;
    lambda_http::run(api_compliance::router(state)).await
}
