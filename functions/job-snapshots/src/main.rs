//! Lambda entry point of the daily `snapshots` job: a coverage snapshot of every synced domain,
//! then retention (`SNAPSHOT_RETENTION_DAYS`).

use lambda_runtime::{LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::telemetry::init();
    let state = platform::AppState::from_config(platform::Config::from_env()?).await?;
    let state = &state;
    lambda_runtime::run(service_fn(move |_: LambdaEvent<serde_json::Value>| async move {
        let (taken, deleted) = coverage::snapshot::daily(state).await?;
        Ok::<_, lambda_runtime::Error>(serde_json::json!({ "taken": taken, "deleted": deleted }))
    }))
    .await
}
