//! Lambda entry point of the `mitre-sync` job: EventBridge delivers the schedule tick
//! (`Scheduled Event`, hourly; it syncs only when the last success is older than the interval)
//! and the API's `MitreSyncRequested` events here.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::job::run(|state, event| async move {
        match attack_sync::handle_event(state, &event.detail_type, &event.detail).await? {
            Some(run) => Ok(serde_json::json!({
                "run_id": run.run_id, "status": run.status, "counts": run.counts,
            })),
            None if event.detail_type == "Scheduled Event" => {
                Ok(serde_json::json!({ "skipped": "the last successful sync is recent enough" }))
            }
            None => Err(format!("unexpected event `{}`", event.detail_type).into()),
        }
    })
    .await
}
