//! What happens after a domain event, on AWS in the consumer function (an EventBridge rule sends
//! every Aegis event there) and locally in the runner's in-process loop:
//!
//! - `TestTransitioned`: notify whoever must act next (the assignee, else every active user of
//!   the role the new state waits for), and the creator when the test is validated or rejected.
//! - `RemediationChanged` with every step done: create the automatic retest, linked to the
//!   original test, up to `MAX_RETEST_COUNT` per original, and tell the red team.
//!
//! Handlers are idempotent: EventBridge delivers at least once.

mod notify;
mod retest;

use domain::events::{REMEDIATION_CHANGED, RemediationChanged, TEST_TRANSITIONED, TestTransitioned};
use serde_json::Value;
use web::AppState;

/// What a handler did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handled {
    Notified(usize),
    Retest(Option<uuid::Uuid>),
    Ignored,
}

/// Handles one event; errors are reasons (the Lambda then fails the invocation and EventBridge
/// retries it).
pub async fn handle(state: &AppState, detail_type: &str, detail: &Value) -> Result<Handled, String> {
    match detail_type {
        TEST_TRANSITIONED => {
            let e: TestTransitioned =
                serde_json::from_value(detail.clone()).map_err(|e| format!("bad {detail_type}: {e}"))?;
            notify::transition(state, &e).await.map(Handled::Notified).map_err(|e| e.to_string())
        }
        REMEDIATION_CHANGED => {
            let e: RemediationChanged =
                serde_json::from_value(detail.clone()).map_err(|e| format!("bad {detail_type}: {e}"))?;
            if !e.all_done {
                return Ok(Handled::Ignored);
            }
            retest::create(state, &e).await.map(Handled::Retest).map_err(|e| e.to_string())
        }
        _ => Ok(Handled::Ignored),
    }
}
