//! Lambda entry point of the `content-sync` job: EventBridge delivers the hourly tick
//! (`Scheduled Event`: starts a run for each source whose schedule is due, each handed over as
//! its own event) and `SourceSyncRequested` events (one run of one source per invocation).

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use lambda_runtime::{LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::telemetry::init();
    let state = platform::AppState::from_config(platform::Config::from_env()?).await?;
    let state = &state;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<EventBridgeEvent>| async move {
        let e = event.payload;
        match content_sync::handle_event(state, &e.detail_type, &e.detail).await? {
            Some(run_ids) => Ok::<_, lambda_runtime::Error>(serde_json::json!({ "run_ids": run_ids })),
            None => Err(format!("unexpected event `{}`", e.detail_type).into()),
        }
    }))
    .await
}
