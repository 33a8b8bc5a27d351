//! Lambda entry point of the `mitre-sync` job: EventBridge delivers the schedule tick
//! (`Scheduled Event`, hourly; it syncs only when the last success is older than the interval)
//! and the API's `MitreSyncRequested` events here.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use lambda_runtime::{LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::telemetry::init();
    let state = platform::AppState::from_config(platform::Config::from_env()?).await?;
    let state = &state;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<EventBridgeEvent>| async move {
        let e = event.payload;
        match attack_sync::handle_event(state, &e.detail_type, &e.detail).await? {
            Some(run) => Ok::<_, lambda_runtime::Error>(serde_json::json!({
                "run_id": run.run_id, "status": run.status, "counts": run.counts,
            })),
            None if e.detail_type == "Scheduled Event" => {
                Ok(serde_json::json!({ "skipped": "the last successful sync is recent enough" }))
            }
            None => Err(format!("unexpected event `{}`", e.detail_type).into()),
        }
    }))
    .await
}
