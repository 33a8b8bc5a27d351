//! Lambda entry point of the report export job, woken by the `ReportRequested` rule: builds one
//! job's file in the bucket (`reports::jobs`). A failure fails the invocation, so Lambda's async
//! retries run the job again and the dead-letter queue keeps the event after the last one.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use lambda_runtime::{LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::telemetry::init();
    let state = platform::AppState::from_config(platform::Config::from_env()?).await?;
    let state = &state;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<EventBridgeEvent>| async move {
        let outcome = reports::jobs::handle(state, &event.payload.detail).await?;
        Ok::<_, lambda_runtime::Error>(serde_json::to_value(outcome)?)
    }))
    .await
}
