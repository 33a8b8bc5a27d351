//! Lambda entry point of the domain-event consumer: an EventBridge rule on the Aegis bus sends
//! every workflow event here (notifications, automatic retests).

use lambda_runtime::{LambdaEvent, service_fn};
use serde::Deserialize;

/// The parts of an EventBridge event the consumer reads.
#[derive(Deserialize)]
struct Event {
    #[serde(rename = "detail-type")]
    detail_type: String,
    #[serde(default)]
    detail: serde_json::Value,
}

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::telemetry::init();
    let state = platform::AppState::from_config(platform::Config::from_env()?).await?;
    let state = &state;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Event>| async move {
        let e = event.payload;
        let handled = consumer::handle(state, &e.detail_type, &e.detail).await?;
        Ok::<_, lambda_runtime::Error>(serde_json::json!({ "handled": format!("{handled:?}") }))
    }))
    .await
}
