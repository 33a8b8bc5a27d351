//! Lambda entry point of the daily `snapshots` job: a coverage snapshot of every synced domain,
//! then retention (`SNAPSHOT_RETENTION_DAYS`).

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::job::run(|state, _event| async move {
        let (taken, deleted) = coverage::snapshot::daily(state).await?;
        Ok(serde_json::json!({ "taken": taken, "deleted": deleted }))
    })
    .await
}
