//! Events leave through the outbox: written with the change, published right after the commit
//! and removed; the sweeper publishes what a crash or a bus failure left behind.

use chrono::{DateTime, Duration, Utc};
use domain::events::DomainEvent;
use platform::AppState;
use platform::events::{Envelope, publish};
use store::outbox::{self, OutboxEvent};
use store::{Db, StoreError, Transaction};
use uuid::Uuid;

/// The outbox entries of `events`, to write in the change's transaction.
pub(crate) fn entries(events: &[DomainEvent], at: DateTime<Utc>) -> Vec<OutboxEvent> {
    events
        .iter()
        .map(|e| OutboxEvent {
            id: Uuid::new_v4(),
            at,
            detail_type: e.detail_type().to_owned(),
            detail: e.detail().to_string(),
        })
        .collect()
}

pub(crate) fn write(tx: &mut Transaction, db: &Db, entries: &[OutboxEvent]) -> Result<(), StoreError> {
    entries.iter().try_for_each(|e| outbox::write(tx, db, e))
}

/// Publishes committed events and removes them from the outbox. A failure leaves the event for
/// the sweeper: the change stands either way.
pub(crate) async fn deliver(state: &AppState, entries: &[OutboxEvent]) {
    for entry in entries {
        if let Err(e) = send(state, entry).await {
            tracing::warn!(error = %e, event = %entry.id, "event left in the outbox for the sweeper");
        }
    }
}

async fn send(state: &AppState, entry: &OutboxEvent) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let detail: serde_json::Value = serde_json::from_str(&entry.detail)?;
    publish(state, &Envelope { detail_type: entry.detail_type.clone(), detail }).await?;
    outbox::remove(&state.db, entry).await?;
    Ok(())
}

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub published: usize,
    pub failed: usize,
}

/// Events younger than this are left to the request that wrote them.
const GRACE_SECS: i64 = 60;
const BATCH: i32 = 100;

/// Publishes every event older than the grace period still in the outbox (a scheduled job on
/// AWS, a timer in the local runner). An event may reach the bus twice (the request and the
/// sweeper racing); consumers are idempotent.
pub async fn sweep(state: &AppState, now: DateTime<Utc>) -> Result<SweepReport, StoreError> {
    let mut report = SweepReport::default();
    let before = now - Duration::seconds(GRACE_SECS);
    loop {
        let batch = outbox::pending(&state.db, before, BATCH).await?;
        let mut progressed = false;
        for entry in &batch {
            match send(state, entry).await {
                Ok(()) => {
                    report.published += 1;
                    progressed = true;
                }
                Err(e) => {
                    tracing::error!(error = %e, event = %entry.id, "outbox event could not be published");
                    report.failed += 1;
                }
            }
        }
        if batch.len() < BATCH as usize || !progressed {
            return Ok(report);
        }
    }
}
