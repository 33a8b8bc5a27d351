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

/// The hourly tick's name in `scheduler-status`.
pub const JOB_NAME: &str = "content-sync";

/// Starts the due runs and records the tick where `scheduler-status` reads it; returns the
/// runs' ids. (Each run's own outcome is on its source, on the Data Sources screen.)
pub async fn tick(state: &AppState, now: DateTime<Utc>) -> Result<Vec<Uuid>, String> {
    let outcome = start_due(state, now).await;
    let previous = sync_runs::job_status(&state.db, JOB_NAME).await.ok().flatten();
    let status = domain::sync::JobStatus {
        name: JOB_NAME.into(),
        last_run_at: Some(now),
        last_status: Some(if outcome.is_ok() { RunStatus::Succeeded } else { RunStatus::Failed }),
        last_run_id: outcome.as_ref().ok().and_then(|ids| ids.first().copied()),
        last_error: outcome.as_ref().err().cloned(),
        last_success_at: if outcome.is_ok() { Some(now) } else { previous.and_then(|p| p.last_success_at) },
    };
    if let Err(e) = sync_runs::put_job_status(&state.db, &status).await {
        tracing::error!(error = %e, "could not record the content-sync tick");
    }
    outcome
}

async fn start_due(state: &AppState, now: DateTime<Utc>) -> Result<Vec<Uuid>, String> {
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
