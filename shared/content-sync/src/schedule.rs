//! The weekly (per source) schedule: EventBridge wakes the job hourly; each enabled source whose
//! schedule is due and that is not running gets a run of its own, handed over as an event so
//! each source runs in a separate invocation.

use crate::run::{REQUESTED, SyncRequest, fail_undispatched, start};
use chrono::{DateTime, Utc};
use domain::sync::{RunStatus, Trigger};
use platform::AppState;
use platform::events::{Envelope, publish};
use store::{data_sources, sync_runs};
use uuid::Uuid;

/// Starts the due runs; returns their ids.
pub async fn tick(state: &AppState, now: DateTime<Utc>) -> Result<Vec<Uuid>, String> {
    data_sources::seed(&state.db, &state.config.source_urls, now).await.map_err(|e| e.to_string())?;
    let mut started = Vec::new();
    for source in data_sources::all(&state.db).await.map_err(|e| e.to_string())? {
        // A run still "running" after twice the lease died with its invocation: due again.
        let running = source.last_run.as_ref().is_some_and(|r| {
            r.status == RunStatus::Running && now - r.started_at < chrono::Duration::minutes(30)
        });
        if !source.enabled || running || !source.schedule.is_due(source.last_success_at, now) {
            continue;
        }
        if sync_runs::lease_holder(&state.db, &source.id.lease_name())
            .await
            .map_err(|e| e.to_string())?
            .is_some()
        {
            continue;
        }
        let mut run =
            start(state, source.id, Trigger::Schedule, source.url.clone(), None, None::<fn(Uuid) -> _>)
                .await
                .map_err(|e| e.to_string())?;
        let request = SyncRequest { run_id: run.run_id, source: source.id, upload_key: None, filename: None };
        if let Err(e) = publish(state, &Envelope::new(REQUESTED, request)).await {
            tracing::error!(source = %source.id, error = %e, "could not hand the scheduled run over");
            fail_undispatched(state, &mut run).await.map_err(|e| e.to_string())?;
            continue;
        }
        started.push(run.run_id);
    }
    Ok(started)
}
