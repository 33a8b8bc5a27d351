//! What happens after a domain event, on AWS in the consumer function (an EventBridge rule sends
//! every Aegis event there) and locally in the runner's in-process loop:
//!
//! - `TestTransitioned`: notify whoever must act next (the assignee, else every active user of
//!   the role the new state waits for), and the creator when the test is validated or rejected.
//! - `RetestCreated`: tell the red team (the retest itself was written with the completion of
//!   the last remediation step, `lifecycle::change_step`).
//! - the outbox sweep schedule: publish events a request could not deliver (`lifecycle::sweep`).
//!
//! Handlers are idempotent: EventBridge delivers at least once, and the sweeper may publish an
//! event the request published too.

mod notify;
mod retest;

use domain::events::DomainEvent;
use platform::AppState;
use serde_json::Value;

/// `detail-type` of the outbox sweep schedule's events.
pub const OUTBOX_SWEEP: &str = "OutboxSweep";

/// What a handler did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handled {
    Notified(usize),
    Swept { published: usize, failed: usize },
    Ignored,
}

/// Handles one event; errors are reasons (the Lambda then fails the invocation and EventBridge
/// retries it).
pub async fn handle(state: &AppState, detail_type: &str, detail: &Value) -> Result<Handled, String> {
    if detail_type == OUTBOX_SWEEP {
        let report = lifecycle::sweep(state, chrono::Utc::now()).await.map_err(|e| e.to_string())?;
        return Ok(Handled::Swept { published: report.published, failed: report.failed });
    }
    let Some(parsed) = DomainEvent::parse(detail_type, detail.clone()) else { return Ok(Handled::Ignored) };
    match parsed.map_err(|e| format!("bad {detail_type}: {e}"))? {
        DomainEvent::TestTransitioned(e) => {
            notify::transition(state, &e).await.map(Handled::Notified).map_err(|e| e.to_string())
        }
        DomainEvent::RetestCreated(e) => {
            retest::created(state, &e).await.map(Handled::Notified).map_err(|e| e.to_string())
        }
        DomainEvent::RemediationChanged(_) | DomainEvent::EvidenceUploaded(_) => Ok(Handled::Ignored),
    }
}
