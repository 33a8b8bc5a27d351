//! Domain events and job requests. On AWS they go to the EventBridge bus, where rules route them
//! to the consumer and job functions (`template.yaml`); the local runner and the tests hand them
//! to an in-process loop instead, which calls the same handlers.

use crate::ApiError;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

/// `source` of every event Aegis publishes.
pub const SOURCE: &str = "aegis";

/// One event: EventBridge's `detail-type` and `detail`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainEvent {
    pub detail_type: String,
    pub detail: serde_json::Value,
}

impl DomainEvent {
    pub fn new(detail_type: &str, detail: impl Serialize) -> Self {
        Self {
            detail_type: detail_type.to_owned(),
            detail: serde_json::to_value(detail).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// Where published events go.
#[derive(Clone, Debug)]
pub enum Dispatch {
    EventBridge,
    InProcess(mpsc::UnboundedSender<DomainEvent>),
}

/// Sends an event to the bus (or the in-process loop). A failure is an error of the request:
/// the caller decides whether its own write stands without the event.
pub async fn publish(state: &crate::AppState, event: DomainEvent) -> Result<(), ApiError> {
    match &state.dispatch {
        Dispatch::InProcess(tx) => {
            tx.send(event).map_err(|_| ApiError::internal("the in-process event loop has stopped"))
        }
        Dispatch::EventBridge => {
            let entry = aws_sdk_eventbridge::types::PutEventsRequestEntry::builder()
                .source(SOURCE)
                .detail_type(&event.detail_type)
                .detail(event.detail.to_string())
                .event_bus_name(&state.config.event_bus_name)
                .build();
            let out = state.events.put_events().entries(entry).send().await.map_err(ApiError::internal)?;
            if out.failed_entry_count() > 0 {
                let why =
                    out.entries().iter().filter_map(|e| e.error_message()).collect::<Vec<_>>().join("; ");
                return Err(ApiError::internal(format!("EventBridge refused the event: {why}")));
            }
            Ok(())
        }
    }
}
