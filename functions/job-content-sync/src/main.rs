//! Lambda entry point of the `content-sync` job: EventBridge delivers the hourly tick
//! (`Scheduled Event`: starts a run for each source whose schedule is due, each handed over as
//! its own event) and `SourceSyncRequested` events (one run of one source per invocation).

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::job::run(|state, event| async move {
        match content_sync::handle_event(state, &event.detail_type, &event.detail).await? {
            Some(run_ids) => Ok(serde_json::json!({ "run_ids": run_ids })),
            None => Err(format!("unexpected event `{}`", event.detail_type).into()),
        }
    })
    .await
}
