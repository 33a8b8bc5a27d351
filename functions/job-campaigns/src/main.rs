//! Lambda entry point of the `campaigns` job, woken by its EventBridge schedule.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use lambda_runtime::{LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::telemetry::init();
    let state = platform::AppState::from_config(platform::Config::from_env()?).await?;
    let state = &state;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<EventBridgeEvent>| async move {
        if event.payload.detail_type != job_campaigns::SCHEDULED {
            return Err(lambda_runtime::Error::from(format!(
                "unexpected event `{}`",
                event.payload.detail_type
            )));
        }
        let tick = job_campaigns::tick(state, chrono::Utc::now()).await?;
        Ok(serde_json::to_value(tick)?)
    }))
    .await
}
