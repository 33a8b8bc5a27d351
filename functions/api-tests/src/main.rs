//! Lambda entry point of the tests route group (workflow, remediation, retest chains).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    web::telemetry::init();
    let state = web::AppState::from_config(web::Config::from_env()?).await?;
    lambda_http::run(api_tests::router(state)).await
}
