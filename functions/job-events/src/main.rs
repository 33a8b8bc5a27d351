//! Lambda entry point of the domain-event consumer: an EventBridge rule on the Aegis bus sends
//! every workflow event here (notifications, automatic retests).

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use lambda_runtime::{LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    platform::telemetry::init();
    let state = platform::AppState::from_config(platform::Config::from_env()?).await?;
    let state = &state;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<EventBridgeEvent>| async move {
        let e = event.payload;
        let handled = consumer::handle(state, &e.detail_type, &e.detail).await?;
        Ok::<_, lambda_runtime::Error>(serde_json::json!({ "handled": format!("{handled:?}") }))
    }))
    .await
}
