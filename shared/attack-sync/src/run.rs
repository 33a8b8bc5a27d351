//! One sync run from start to end: lease, fetch, import, apply per kind, re-point, record.

use crate::apply::{Applied, apply_kind};
use crate::records::Records;
use crate::{repoint, source};
use chrono::{Duration, Utc};
use domain::audit::AuditEntry;
use domain::sync::{ChangeCounts, JobStatus, RunStatus, SyncRun, Trigger};
use platform::AppState;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use store::catalog_view;
use store::{StoreError, catalog, sync_runs};
use uuid::Uuid;

/// Name of the job (lease, scheduler status, EventBridge rule).
pub const JOB_NAME: &str = "mitre-sync";
/// `detail-type` of the event that asks for a run.
pub const REQUESTED: &str = "MitreSyncRequested";
/// A run holds the lease at most this long (a Lambda invocation lasts 15 minutes at most).
const LEASE_MINUTES: i64 = 15;

/// Detail of a [`REQUESTED`] event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SyncRequest {
    pub run_id: Uuid,
    /// S3 key of an uploaded bundle in the evidence bucket; absent: fetch from TAXII / URL.
    pub upload_key: Option<String>,
}

/// Where a run's bundle comes from.
pub enum Input {
    /// TAXII, falling back to the bundle URL (from the configuration).
    Fetch,
    /// A bundle uploaded to S3.
    Upload { key: String },
}

/// Records a new run as `running` and returns it.
pub async fn start(
    state: &AppState,
    trigger: Trigger,
    requested_by: Option<String>,
) -> Result<SyncRun, StoreError> {
    start_audited(state, trigger, requested_by, None::<fn(Uuid) -> AuditEntry>).await
}

/// Records a new run as `running`, with the audit entry of whoever asked for it (made from the
/// run id) in the same transaction.
pub async fn start_audited(
    state: &AppState,
    trigger: Trigger,
    requested_by: Option<String>,
    audit: Option<impl FnOnce(Uuid) -> AuditEntry>,
) -> Result<SyncRun, StoreError> {
    let run = SyncRun {
        run_id: Uuid::new_v4(),
        status: RunStatus::Running,
        trigger,
        domain: domain::catalog::DEFAULT_DOMAIN.into(),
        source: None,
        source_url: None,
        attack_version: None,
        started_at: Utc::now(),
        finished_at: None,
        counts: ChangeCounts::default(),
        by_kind: BTreeMap::new(),
        catalog: None,
        fallback_reason: None,
        error: None,
        repoints: Vec::new(),
        requested_by,
    };
    match audit {
        Some(entry) => sync_runs::put_audited(&state.db, &run, &entry(run.run_id)).await?,
        None => sync_runs::put(&state.db, &run).await?,
    }
    Ok(run)
}

/// Runs a recorded run to its end and stores the outcome (also in the job status). Errors end up
/// in the run record, never in a panic.
pub async fn execute(state: &AppState, mut run: SyncRun, input: Input) -> SyncRun {
    let holder = run.run_id.to_string();
    let until = Utc::now() + Duration::minutes(LEASE_MINUTES);
    let outcome = match sync_runs::acquire_lease(&state.db, JOB_NAME, &holder, until).await {
        Ok(Ok(())) => {
            let result = work(state, &mut run, input).await;
            if let Err(e) = sync_runs::release_lease(&state.db, JOB_NAME, &holder).await {
                tracing::warn!(error = %e, "could not release the sync lease; it expires by itself");
            }
            result
        }
        Ok(Err(other)) => Err(format!("another sync run ({other}) is in progress; this one did not write")),
        Err(e) => Err(format!("could not take the sync lease: {e}")),
    };
    run.finished_at = Some(Utc::now());
    match outcome {
        Ok(()) if run.counts.failed == 0 => run.status = RunStatus::Succeeded,
        Ok(()) => {
            run.status = RunStatus::Failed;
            run.error = Some(format!("{} items could not be written", run.counts.failed));
        }
        Err(e) => {
            tracing::error!(run_id = %run.run_id, error = %e, "MITRE sync failed");
            run.status = RunStatus::Failed;
            run.error = Some(e);
        }
    }
    if let Err(e) = sync_runs::put(&state.db, &run).await {
        tracing::error!(run_id = %run.run_id, error = %e, "could not record the sync run");
    }
    let previous = sync_runs::job_status(&state.db, JOB_NAME).await.ok().flatten();
    let status = JobStatus {
        name: JOB_NAME.into(),
        last_run_at: Some(run.started_at),
        last_status: Some(run.status),
        last_run_id: Some(run.run_id),
        last_error: run.error.clone(),
        last_success_at: if run.status == RunStatus::Succeeded {
            Some(run.started_at)
        } else {
            previous.and_then(|p| p.last_success_at)
        },
    };
    if let Err(e) = sync_runs::put_job_status(&state.db, &status).await {
        tracing::error!(error = %e, "could not record the job status");
    }
    tracing::info!(run_id = %run.run_id, status = ?run.status, counts = ?run.counts, "MITRE sync finished");
    if run.status == RunStatus::Succeeded {
        // What the release changed for threat actors is worked out by the intel scan, in the
        // alert function; a lost request is caught up by the next sync or an admin's request.
        let request = platform::events::Envelope::new(
            domain::intel::SCAN_REQUESTED,
            serde_json::json!({ "run_id": Uuid::new_v4(), "after_sync": run.run_id }),
        );
        if let Err(e) = platform::events::publish(state, &request).await {
            tracing::error!(error = %e, "intel scan not requested after the sync");
        }
    }
    run
}

async fn work(state: &AppState, run: &mut SyncRun, input: Input) -> Result<(), String> {
    let config = &state.config;
    let bytes = match input {
        Input::Fetch => {
            let fetched = source::fetch(
                &source::http_client(std::time::Duration::from_secs(config.attack_fetch_timeout_secs)),
                &config.attack_taxii_url,
                &config.attack_taxii_collection,
                &config.attack_bundle_url,
            )
            .await
            .map_err(|e| e.to_string())?;
            run.source = Some(fetched.source.into());
            run.source_url = Some(fetched.url);
            run.fallback_reason = fetched.fallback_reason;
            fetched.bytes
        }
        Input::Upload { key } => {
            run.source = Some("upload".into());
            run.source_url = Some(format!("s3://{}/{key}", config.evidence_bucket));
            let object = state
                .s3
                .get_object()
                .bucket(&config.evidence_bucket)
                .key(&key)
                .send()
                .await
                .map_err(|e| format!("reading the upload: {e}"))?;
            let raw = object.body.collect().await.map_err(|e| format!("reading the upload: {e}"))?.to_vec();
            source::maybe_gunzip(raw)?
        }
    };
    // Progress so far is visible while the import runs.
    let _ = sync_runs::put(&state.db, run).await;
    let parsed =
        importers::parse_bundle_slice(&bytes).map_err(|e| format!("not a usable ATT&CK bundle: {e}"))?;
    drop(bytes);
    let records = Records::from_catalog(&parsed);
    drop(parsed);
    run.domain = records.domain.clone();
    run.attack_version = records.attack_version.clone();
    run.catalog = Some(records.counts());
    apply(state, run, &records).await.map_err(|e| format!("writing the catalog: {e}"))?;
    catalog::put_state(
        &state.db,
        &catalog::CatalogState {
            domain: run.domain.clone(),
            attack_version: run.attack_version.clone(),
            synced_at: Utc::now(),
            run_id: run.run_id,
        },
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(())
}

/// Writes every kind, then re-points user data of newly revoked techniques.
pub async fn apply(state: &AppState, run: &mut SyncRun, records: &Records) -> Result<(), StoreError> {
    let (db, domain) = (&state.db, records.domain.as_str());
    let mut kinds: Vec<(&str, Applied)> = Vec::new();
    kinds.push(("tactic", apply_kind(db, domain, &records.tactics, |r| &r.lifecycle).await?));
    kinds.push(("technique", apply_kind(db, domain, &records.techniques, |r| &r.lifecycle).await?));
    kinds.push(("threat_actor", apply_kind(db, domain, &records.actors, |r| &r.lifecycle).await?));
    kinds.push(("mitigation", apply_kind(db, domain, &records.mitigations, |r| &r.lifecycle).await?));
    kinds.push((
        "detection_strategy",
        apply_kind(db, domain, &records.detection_strategies, |r| &r.lifecycle).await?,
    ));
    // Whatever this run wrote, even if it stops here, makes warm processes read the catalog again.
    catalog_view::bump_now(db, domain).await?;
    let mut total = ChangeCounts::default();
    for (kind, applied) in &kinds {
        total.add(&applied.counts);
        run.by_kind.insert((*kind).into(), applied.counts.clone());
    }
    run.counts = total;
    let revoked_techniques = &kinds[1].1.newly_revoked;
    for r in revoked_techniques {
        let Some(to) = &r.by else { continue };
        if let Some(moved) = repoint::repoint(state, domain, &r.id, to).await? {
            run.repoints.push(moved);
        }
    }
    Ok(())
}

/// Handles an event for this job, from EventBridge (Lambda) or the in-process loop (local
/// runner): a schedule tick starts a new run; a [`REQUESTED`] event executes the run the API
/// recorded. Returns the finished run, or `None` for events that are not this job's.
/// Whether a scheduled tick should sync: never succeeded, or the last success is at least
/// `interval_hours` old.
pub fn is_due(last: Option<&JobStatus>, interval_hours: u64, now: chrono::DateTime<Utc>) -> bool {
    match last.and_then(|s| s.last_success_at) {
        None => true,
        Some(at) => now - at >= chrono::Duration::hours(interval_hours as i64),
    }
}

pub async fn handle_event(
    state: &AppState,
    detail_type: &str,
    detail: &serde_json::Value,
) -> Result<Option<SyncRun>, String> {
    match detail_type {
        "Scheduled Event" => {
            // The schedule ticks hourly so a fresh stack gets its catalog soon; a sync runs only
            // when none succeeded within the configured interval.
            let last = sync_runs::job_status(&state.db, JOB_NAME).await.map_err(|e| e.to_string())?;
            if !is_due(last.as_ref(), state.config.mitre_sync_interval_hours, Utc::now()) {
                return Ok(None);
            }
            let run = start(state, Trigger::Schedule, None).await.map_err(|e| e.to_string())?;
            Ok(Some(execute(state, run, Input::Fetch).await))
        }
        REQUESTED => {
            let req: SyncRequest =
                serde_json::from_value(detail.clone()).map_err(|e| format!("bad {REQUESTED} detail: {e}"))?;
            let run = sync_runs::get(&state.db, req.run_id)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("run {} not found", req.run_id))?;
            if run.status != RunStatus::Running || run.finished_at.is_some() {
                // At-least-once delivery: a redelivered request for a finished run is a no-op.
                return Ok(Some(run));
            }
            let input = match req.upload_key {
                Some(key) => Input::Upload { key },
                None => Input::Fetch,
            };
            Ok(Some(execute(state, run, input).await))
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(last_success_at: Option<chrono::DateTime<Utc>>) -> JobStatus {
        JobStatus {
            name: JOB_NAME.into(),
            last_run_at: last_success_at,
            last_status: None,
            last_run_id: None,
            last_error: None,
            last_success_at,
        }
    }

    #[test]
    fn a_tick_syncs_a_fresh_stack_and_then_once_per_interval() {
        let now = Utc::now();
        assert!(is_due(None, 24, now), "never synced");
        assert!(is_due(Some(&status(None)), 24, now), "only failures so far");
        assert!(!is_due(Some(&status(Some(now - chrono::Duration::hours(23)))), 24, now));
        assert!(is_due(Some(&status(Some(now - chrono::Duration::hours(24)))), 24, now));
    }
}
