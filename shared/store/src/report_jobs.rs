//! Report export jobs (`REPORTJOB#<id>` / `JOB`, GSI1 listing one user's jobs newest first),
//! kept a day like their files (`reports/` expires after a day in the bucket).

use crate::db::{is_condition_failure, not_expired, with_keys};
use crate::{Db, StoreError, Transaction, keys};
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use chrono::SecondsFormat;
use domain::ids::UserId;
use domain::report::{ReportJob, ReportJobStatus};
use uuid::Uuid;

/// Seconds a job (and the link to its file) is kept.
pub const JOB_TTL_SECS: i64 = 24 * 3600;

/// Jobs a user's list shows.
pub const LIST_LIMIT: i32 = 20;

fn item(job: &ReportJob) -> Result<crate::db::Item, StoreError> {
    let sort = format!("{}#{}", job.requested_at.to_rfc3339_opts(SecondsFormat::Micros, true), job.id);
    let mut item = with_keys(
        job,
        "report_job",
        &[
            (keys::PK, keys::report_job_pk(job.id)),
            (keys::SK, keys::report_job_sk()),
            (keys::GSI1PK, keys::report_jobs_of_user_pk(job.requested_by_id)),
            (keys::GSI1SK, sort),
        ],
    )?;
    let expires = job.requested_at.timestamp() + JOB_TTL_SECS;
    item.insert(keys::TTL_ATTR.into(), AttributeValue::N(expires.to_string()));
    Ok(item)
}

/// Adds a new job to the transaction that also audits the request and writes its event.
pub fn create(tx: &mut Transaction, db: &Db, job: &ReportJob) -> Result<(), StoreError> {
    let put = Put::builder()
        .table_name(&db.table)
        .set_item(Some(item(job)?))
        .condition_expression("attribute_not_exists(PK)")
        .build()
        .map_err(StoreError::backend)?;
    tx.push(TransactWriteItem::builder().put(put).build());
    Ok(())
}

/// The job unless it expired (TTL deletion is lazy, so expiry is checked here).
pub async fn get(db: &Db, id: Uuid) -> Result<Option<ReportJob>, StoreError> {
    let Some(item) = db.get(keys::report_job_pk(id), keys::report_job_sk()).await? else {
        return Ok(None);
    };
    if !not_expired(&item) {
        return Ok(None);
    }
    Ok(Some(serde_dynamo::from_item(item)?))
}

/// The user's jobs of the last day, newest first (from the index: a job requested a moment ago
/// may show a moment later; its own link reads the table).
pub async fn of_user(db: &Db, user: UserId) -> Result<Vec<ReportJob>, StoreError> {
    let query = db
        .client
        .query()
        .table_name(&db.table)
        .index_name(keys::GSI1)
        .key_condition_expression("GSI1PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::report_jobs_of_user_pk(user)))
        .scan_index_forward(false)
        .limit(LIST_LIMIT);
    let out = query.send().await.map_err(StoreError::backend)?;
    out.items
        .unwrap_or_default()
        .into_iter()
        .filter(not_expired)
        .map(|i| serde_dynamo::from_item(i).map_err(StoreError::from))
        .collect()
}

/// Writes the job's new state unless a run already finished it: `Conflict` then (a duplicate
/// delivery of the request, or a retry racing the run it retries).
pub async fn save(db: &Db, job: &ReportJob) -> Result<(), StoreError> {
    let res = db
        .client
        .put_item()
        .table_name(&db.table)
        .set_item(Some(item(job)?))
        .condition_expression("attribute_exists(PK) AND #status <> :done")
        .expression_attribute_names("#status", "status")
        .expression_attribute_values(":done", serde_dynamo::to_attribute_value(ReportJobStatus::Done)?)
        .send()
        .await;
    match res {
        Ok(_) => Ok(()),
        Err(e) if is_condition_failure(&e) => {
            Err(StoreError::Conflict("the report job is already done".into()))
        }
        Err(e) => Err(StoreError::backend(e)),
    }
}
