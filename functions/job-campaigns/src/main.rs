//! Lambda entry point of the `campaigns` job, woken by its EventBridge schedule.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::job::run(|state, event| async move {
        if event.detail_type != job_campaigns::SCHEDULED {
            return Err(format!("unexpected event `{}`", event.detail_type).into());
        }
        let tick = job_campaigns::tick(state, chrono::Utc::now()).await?;
        Ok(serde_json::to_value(tick)?)
    })
    .await
}
