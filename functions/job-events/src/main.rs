//! Lambda entry point of the domain-event consumer: an EventBridge rule on the Aegis bus sends
//! every workflow event here (notifications, automatic retests).

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::job::run(|state, event| async move {
        let handled = consumer::handle(state, &event.detail_type, &event.detail).await?;
        Ok(serde_json::json!({ "handled": format!("{handled:?}") }))
    })
    .await
}
