//! Lambda entry point of the bootstrap custom resource (see the lib).

use aws_lambda_events::event::cloudformation::CloudFormationCustomResourceRequest;
use lambda_runtime::{LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::telemetry::init();
    let state = platform::AppState::from_config(platform::Config::from_env()?).await?;
    let secret_arn = std::env::var("ADMIN_PASSWORD_SECRET_ARN")?;
    let secrets = aws_sdk_secretsmanager::Client::new(&aws_config::load_from_env().await);
    let http = reqwest::Client::new();
    let (state, http, secrets, arn) = (&state, &http, &secrets, secret_arn.as_str());
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<CloudFormationCustomResourceRequest>| async move {
            let response =
                job_bootstrap::handle(state, http, event.payload, || platform::secrets::fetch(secrets, arn))
                    .await?;
            Ok::<_, lambda_runtime::Error>(serde_json::json!({ "status": response.status }))
        },
    ))
    .await
}
