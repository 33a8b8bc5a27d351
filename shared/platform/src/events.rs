//! Domain events and job requests on the wire. On AWS they go to the EventBridge bus, where
//! rules route them to the consumer and job functions (`template.yaml`); the local runner and
//! the tests hand them to an in-process loop instead, which calls the same handlers.

use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

/// `source` of every event Aegis publishes.
pub const SOURCE: &str = "aegis";

/// One event as EventBridge carries it: `detail-type` and `detail`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub detail_type: String,
    pub detail: serde_json::Value,
}

impl Envelope {
    pub fn new(detail_type: &str, detail: impl Serialize) -> Self {
        Self {
            detail_type: detail_type.to_owned(),
            detail: serde_json::to_value(detail).unwrap_or(serde_json::Value::Null),
        }
    }
}

impl From<&domain::events::DomainEvent> for Envelope {
    fn from(e: &domain::events::DomainEvent) -> Self {
        Self { detail_type: e.detail_type().to_owned(), detail: e.detail() }
    }
}

/// Where published events go.
#[derive(Clone, Debug)]
pub enum Dispatch {
    EventBridge,
    InProcess(mpsc::UnboundedSender<Envelope>),
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("the in-process event loop has stopped")]
    LoopStopped,
    #[error("EventBridge call failed")]
    Bus(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("EventBridge refused the event: {0}")]
    Refused(String),
}

/// Sends an event to the bus (or the in-process loop). A failure is the caller's to weigh:
/// the lifecycle keeps the event in its outbox, others log it.
pub async fn publish(state: &crate::AppState, event: &Envelope) -> Result<(), PublishError> {
    match &state.dispatch {
        Dispatch::InProcess(tx) => tx.send(event.clone()).map_err(|_| PublishError::LoopStopped),
        Dispatch::EventBridge => {
            let entry = aws_sdk_eventbridge::types::PutEventsRequestEntry::builder()
                .source(SOURCE)
                .detail_type(&event.detail_type)
                .detail(event.detail.to_string())
                .event_bus_name(&state.config.event_bus_name)
                .build();
            let out = state
                .events
                .put_events()
                .entries(entry)
                .send()
                .await
                .map_err(|e| PublishError::Bus(Box::new(e)))?;
            if out.failed_entry_count() > 0 {
                let why =
                    out.entries().iter().filter_map(|e| e.error_message()).collect::<Vec<_>>().join("; ");
                return Err(PublishError::Refused(why));
            }
            Ok(())
        }
    }
}
