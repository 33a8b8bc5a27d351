//! The entry point every job function shares: structured logs, the state from the environment
//! (secrets read once at cold start), then one handler call per EventBridge event (a rule's
//! event, a schedule's tick, or a schedule's own fixed input written as one).

use crate::{AppState, Config};
use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use lambda_runtime::{LambdaEvent, service_fn};
use std::future::Future;

/// Runs the job function: `handler` answers each event with what the invocation returns (the
/// Lambda tests and the logs read it); an error fails the invocation, so Lambda retries it and
/// then hands the event to the dead-letter queue.
pub async fn run<F, Fut>(handler: F) -> Result<(), lambda_runtime::Error>
where
    F: Fn(&'static AppState, EventBridgeEvent) -> Fut,
    Fut: Future<Output = Result<serde_json::Value, lambda_runtime::Error>>,
{
    crate::telemetry::init();
    // One state for the life of the process; leaked so each invocation's future may borrow it.
    let state: &'static AppState = Box::leak(Box::new(AppState::from_config(Config::from_env()?).await?));
    lambda_runtime::run(service_fn(move |event: LambdaEvent<EventBridgeEvent>| handler(state, event.payload)))
        .await
}
