//! Lambda entry point of the report export job, woken by the `ReportRequested` rule: builds one
//! job's file in the bucket (`reports::jobs`). A failure fails the invocation, so Lambda's async
//! retries run the job again and the dead-letter queue keeps the event after the last one.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::job::run(|state, event| async move {
        let outcome = reports::jobs::handle(state, &event.detail).await?;
        Ok(serde_json::to_value(outcome)?)
    })
    .await
}
