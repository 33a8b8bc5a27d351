//! Events leave through the outbox: written with the change they report (in its transaction),
//! published right after the commit and removed; the sweeper publishes what a crash or a bus
//! failure left behind. The lifecycle's events and job requests (report exports) go this way.

use crate::AppState;
use crate::events::{Envelope, publish};
use chrono::{DateTime, Duration, Utc};
use domain::events::DomainEvent;
use store::outbox::{self, OutboxEvent};
use store::{Db, StoreError, Transaction};
use uuid::Uuid;

/// One outbox entry for an event of `detail_type` with `detail`.
pub fn entry(detail_type: &str, detail: &serde_json::Value, at: DateTime<Utc>) -> OutboxEvent {
    OutboxEvent { id: Uuid::new_v4(), at, detail_type: detail_type.to_owned(), detail: detail.to_string() }
}

/// The outbox entries of `events`, to write in the change's transaction.
pub fn entries(events: &[DomainEvent], at: DateTime<Utc>) -> Vec<OutboxEvent> {
    events.iter().map(|e| entry(e.detail_type(), &e.detail(), at)).collect()
}

pub fn write(tx: &mut Transaction, db: &Db, entries: &[OutboxEvent]) -> Result<(), StoreError> {
    entries.iter().try_for_each(|e| outbox::write(tx, db, e))
}

/// Records `audit` and one event in a transaction, then hands the event to the bus: a job
/// requested through the API (an alert evaluation, an intel scan) is audited exactly when its
/// request exists, and the sweeper delivers it if the bus does not take it now.
pub async fn request_audited(
    state: &AppState,
    audit: &domain::audit::AuditEntry,
    detail_type: &str,
    detail: &serde_json::Value,
) -> Result<(), StoreError> {
    let events = vec![entry(detail_type, detail, audit.at)];
    let mut tx = Transaction::new();
    store::audit::write(&mut tx, &state.db, audit)?;
    write(&mut tx, &state.db, &events)?;
    tx.commit(&state.db, "the request exists already").await?;
    deliver(state, &events).await;
    Ok(())
}

/// Publishes committed events and removes them from the outbox. A failure leaves the event for
/// the sweeper: the change stands either way.
pub async fn deliver(state: &AppState, entries: &[OutboxEvent]) {
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
