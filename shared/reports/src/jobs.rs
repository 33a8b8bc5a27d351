//! Export jobs: a report too large for the request is recorded (with its audit entry and its
//! request event, in one transaction), built by the report job page by page into the bucket,
//! and downloaded through a presigned link. A job is run again after a failure (Lambda's async
//! retries) and never after it is done, so a duplicate delivery of its event is harmless.

use crate::{ReportError, produce};
use chrono::{DateTime, Utc};
use domain::audit::AuditEntry;
use domain::report::{ReportJob, ReportJobStatus};
use platform::AppState;
use platform::outbox;
use serde::{Deserialize, Serialize};
use store::objects::FileWriter;
use store::{StoreError, Transaction, report_jobs};
use uuid::Uuid;

/// `detail-type` of the event that starts a job (the report job's rule in `template.yaml`).
pub const REQUESTED: &str = "ReportRequested";

/// Size of the parts the file is uploaded in (memory held by a run, besides one page of tests).
const PART_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Deserialize)]
struct Requested {
    job_id: Uuid,
}

/// Records `job` with the audit entry of its request and the event that starts it, then hands
/// the event to the bus (the outbox sweep delivers it if that fails).
pub async fn request(state: &AppState, job: &ReportJob, audit: &AuditEntry) -> Result<(), StoreError> {
    let detail = serde_json::json!({ "job_id": job.id });
    let events = vec![outbox::entry(REQUESTED, &detail, job.requested_at)];
    let mut tx = Transaction::new();
    report_jobs::create(&mut tx, &state.db, job)?;
    store::audit::write(&mut tx, &state.db, audit)?;
    outbox::write(&mut tx, &state.db, &events)?;
    tx.commit(&state.db, "the report job exists already").await?;
    outbox::deliver(state, &events).await;
    Ok(())
}

/// What one invocation did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Outcome {
    Done {
        job_id: Uuid,
        rows: u64,
        bytes: u64,
    },
    /// Another run finished it first (a duplicate event).
    AlreadyDone {
        job_id: Uuid,
    },
    /// Unknown or expired.
    Gone {
        job_id: Uuid,
    },
}

/// Handles the job's event (`ReportRequested` with `{ "job_id": ... }`).
pub async fn handle(state: &AppState, detail: &serde_json::Value) -> Result<Outcome, ReportError> {
    let requested: Requested = serde_json::from_value(detail.clone())?;
    run(state, requested.job_id, Utc::now()).await
}

/// Builds the job's file. A failure is recorded on the job and returned, so the invocation
/// fails and Lambda retries it (then the dead-letter queue keeps the event).
pub async fn run(state: &AppState, job_id: Uuid, now: DateTime<Utc>) -> Result<Outcome, ReportError> {
    let Some(mut job) = report_jobs::get(&state.db, job_id).await? else {
        return Ok(Outcome::Gone { job_id });
    };
    if !job.status.runnable() {
        return Ok(Outcome::AlreadyDone { job_id });
    }
    job.status = ReportJobStatus::Running;
    job.started_at = Some(now);
    job.attempts += 1;
    job.error = None;
    match report_jobs::save(&state.db, &job).await {
        Err(StoreError::Conflict(_)) => return Ok(Outcome::AlreadyDone { job_id }),
        other => other?,
    }
    let key = store::keys::report_object_key(job.id, &job.spec.filename());
    let built = build(state, &job, &key).await;
    job.finished_at = Some(Utc::now());
    match built {
        Ok((rows, bytes)) => {
            job.status = ReportJobStatus::Done;
            job.rows = Some(rows);
            job.bytes = Some(bytes);
            job.object_key = Some(key);
            match report_jobs::save(&state.db, &job).await {
                Err(StoreError::Conflict(_)) => Ok(Outcome::AlreadyDone { job_id }),
                other => other.map(|()| Outcome::Done { job_id, rows, bytes }).map_err(ReportError::from),
            }
        }
        Err(e) => {
            tracing::error!(%job_id, error = %e, "report export failed");
            job.status = ReportJobStatus::Failed;
            job.error = Some(format!("the report could not be built: {e}"));
            if let Err(save) = report_jobs::save(&state.db, &job).await {
                tracing::warn!(%job_id, error = %save, "the failure could not be recorded on the job");
            }
            Err(e)
        }
    }
}

/// Writes the report to `key` in parts; (rows, bytes).
async fn build(state: &AppState, job: &ReportJob, key: &str) -> Result<(u64, u64), ReportError> {
    let bucket = &state.config.evidence_bucket;
    let content_type = job.spec.format.content_type();
    let mut file = FileWriter::start(&state.s3, bucket, key, content_type, PART_BYTES).await?;
    match produce(state, &job.spec, &mut file).await {
        Ok(rows) => Ok((rows, file.finish().await?)),
        Err(e) => {
            file.abort().await;
            Err(e)
        }
    }
}
