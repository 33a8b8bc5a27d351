//! Lambda entry point of the `alert-evaluation` job, woken by its EventBridge schedule or rule.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::job::run(|state, event| async move {
        let report = job_alerts::handle(state, &event.detail_type, &event.detail, chrono::Utc::now()).await?;
        Ok(serde_json::to_value(report)?)
    })
    .await
}
