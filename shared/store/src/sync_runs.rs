//! Sync runs (`SYNCRUN#<id>` / `RUN`, listed newest first through GSI1), the lease that keeps
//! two runs from writing at once, and the last outcome of each scheduled job.

use crate::db::{is_condition_failure, with_keys};
use crate::{Db, Page, PageRequest, StoreError, keys};
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, SecondsFormat, Utc};
use domain::sync::{JobStatus, SyncRun};
use uuid::Uuid;

fn run_keys(run: &SyncRun) -> Vec<(&'static str, String)> {
    vec![
        (keys::PK, keys::sync_run_pk(run.run_id)),
        (keys::SK, keys::sync_run_sk()),
        (keys::GSI1PK, keys::sync_runs_index_pk()),
        (
            keys::GSI1SK,
            format!("{}#{}", run.started_at.to_rfc3339_opts(SecondsFormat::Micros, true), run.run_id),
        ),
    ]
}

/// Writes (creates or replaces) a run record.
pub async fn put(db: &Db, run: &SyncRun) -> Result<(), StoreError> {
    let item = with_keys(run, "sync_run", &run_keys(run))?;
    db.put(item).await?;
    Ok(())
}

/// Writes a run together with the audit entry of the action that caused the write.
pub async fn put_audited(
    db: &Db,
    run: &SyncRun,
    audit: &domain::audit::AuditEntry,
) -> Result<(), StoreError> {
    db.put_audited(with_keys(run, "sync_run", &run_keys(run))?, audit).await
}

pub async fn get(db: &Db, id: Uuid) -> Result<Option<SyncRun>, StoreError> {
    db.get_as(keys::sync_run_pk(id), keys::sync_run_sk()).await
}

/// Runs, newest first.
pub async fn list(db: &Db, page: &PageRequest) -> Result<Page<SyncRun>, StoreError> {
    let query = db
        .client
        .query()
        .index_name(keys::GSI1)
        .key_condition_expression("GSI1PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::sync_runs_index_pk()))
        .scan_index_forward(false);
    db.query_page(query, page, (keys::GSI1PK, &keys::sync_runs_index_pk())).await
}

/// Takes the lease `name` for `holder` until `until`, unless someone else holds a live one.
/// Returns the current holder when refused.
pub async fn acquire_lease(
    db: &Db,
    name: &str,
    holder: &str,
    until: DateTime<Utc>,
) -> Result<Result<(), String>, StoreError> {
    let now = Utc::now().timestamp();
    let res = db
        .client
        .put_item()
        .table_name(&db.table)
        .item(keys::PK, AttributeValue::S(keys::lease_pk(name)))
        .item(keys::SK, AttributeValue::S(keys::lease_sk()))
        .item("holder", AttributeValue::S(holder.to_owned()))
        .item(keys::TTL_ATTR, AttributeValue::N(until.timestamp().to_string()))
        .item("entity", AttributeValue::S("lease".into()))
        .condition_expression("attribute_not_exists(PK) OR #exp < :now OR holder = :me")
        .expression_attribute_names("#exp", keys::TTL_ATTR)
        .expression_attribute_values(":now", AttributeValue::N(now.to_string()))
        .expression_attribute_values(":me", AttributeValue::S(holder.to_owned()))
        .send()
        .await;
    match res {
        Ok(_) => Ok(Ok(())),
        Err(e) if is_condition_failure(&e) => Ok(Err(lease_holder(db, name).await?.unwrap_or_default())),
        Err(e) => Err(StoreError::backend(e)),
    }
}

/// The holder of a live lease, if any.
pub async fn lease_holder(db: &Db, name: &str) -> Result<Option<String>, StoreError> {
    let Some(item) = db.get(keys::lease_pk(name), keys::lease_sk()).await? else { return Ok(None) };
    let live = item
        .get(keys::TTL_ATTR)
        .and_then(|v| v.as_n().ok())
        .and_then(|n| n.parse::<i64>().ok())
        .is_some_and(|t| t >= Utc::now().timestamp());
    Ok(live.then(|| item.get("holder").and_then(|v| v.as_s().ok()).cloned()).flatten())
}

/// Gives the lease back, only if `holder` still has it.
pub async fn release_lease(db: &Db, name: &str, holder: &str) -> Result<(), StoreError> {
    let res = db
        .client
        .delete_item()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::lease_pk(name)))
        .key(keys::SK, AttributeValue::S(keys::lease_sk()))
        .condition_expression("holder = :me")
        .expression_attribute_values(":me", AttributeValue::S(holder.to_owned()))
        .send()
        .await;
    match res {
        Ok(_) => Ok(()),
        Err(e) if is_condition_failure(&e) => Ok(()),
        Err(e) => Err(StoreError::backend(e)),
    }
}

pub async fn put_job_status(db: &Db, status: &JobStatus) -> Result<(), StoreError> {
    let item = with_keys(
        status,
        "job_status",
        &[(keys::PK, keys::job_pk(&status.name)), (keys::SK, keys::job_sk())],
    )?;
    db.put(item).await?;
    Ok(())
}

pub async fn job_status(db: &Db, name: &str) -> Result<Option<JobStatus>, StoreError> {
    db.get_as(keys::job_pk(name), keys::job_sk()).await
}
