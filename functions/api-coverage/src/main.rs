//! Lambda entry point of the coverage route groups (heatmap, scores, dashboards, metrics).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    web::telemetry::init();
    let state = web::AppState::from_config(web::Config::from_env()?).await?;
    lambda_http::run(api_coverage::router(state)).await
}
