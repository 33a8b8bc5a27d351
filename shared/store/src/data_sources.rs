//! Content data sources (`SOURCE#<key>` / `SOURCE`) and their runs (`SRCRUN#<id>` / `RUN`, listed
//! per source newest first through GSI1).

use crate::db::{Item, with_keys};
use crate::{Db, Page, PageRequest, StoreError, keys};
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, SecondsFormat, Utc};
use domain::content::{DataSource, SourceKey, SourceRun};
use domain::sync::RunStatus;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

fn source_item(source: &DataSource) -> Result<Item, StoreError> {
    with_keys(
        source,
        "data_source",
        &[(keys::PK, keys::data_source_pk(source.id)), (keys::SK, keys::data_source_sk())],
    )
}

/// Creates the sources that do not exist yet with the configured URLs, and follows a changed
/// configured URL (a new deployment parameter) on sources whose URL nobody changed by hand.
/// Returns how many were created.
pub async fn seed(
    db: &Db,
    urls: &BTreeMap<SourceKey, String>,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let existing: HashMap<SourceKey, DataSource> = all(db).await?.into_iter().map(|s| (s.id, s)).collect();
    let mut created = 0;
    for key in SourceKey::ALL {
        let url = urls.get(&key).cloned().unwrap_or_else(|| key.default_url().to_owned());
        match existing.get(&key) {
            None => {
                let item = source_item(&DataSource::seeded(key, url, now))?;
                let res = db
                    .client
                    .put_item()
                    .table_name(&db.table)
                    .set_item(Some(item))
                    .condition_expression("attribute_not_exists(PK)")
                    .send()
                    .await;
                match res {
                    Ok(_) => created += 1,
                    // Two cold starts seeding at once: the other one won, which is the same.
                    Err(e) if crate::db::is_condition_failure(&e) => {}
                    Err(e) => return Err(StoreError::backend(e)),
                }
            }
            Some(s) if s.default_url != url => {
                let follows_default = s.url == s.default_url;
                let mut update = db
                    .client
                    .update_item()
                    .table_name(&db.table)
                    .key(keys::PK, AttributeValue::S(keys::data_source_pk(key)))
                    .key(keys::SK, AttributeValue::S(keys::data_source_sk()))
                    .expression_attribute_values(":d", AttributeValue::S(url.clone()));
                update = if follows_default {
                    update
                        .update_expression("SET default_url = :d, #url = :d")
                        .expression_attribute_names("#url", "url")
                } else {
                    update.update_expression("SET default_url = :d")
                };
                update.send().await.map_err(StoreError::backend)?;
            }
            Some(_) => {}
        }
    }
    Ok(created)
}

pub async fn get(db: &Db, key: SourceKey) -> Result<Option<DataSource>, StoreError> {
    db.get_as(keys::data_source_pk(key), keys::data_source_sk()).await
}

/// Every source, in [`SourceKey::ALL`] order, read consistently in one `BatchGetItem`.
pub async fn all(db: &Db) -> Result<Vec<DataSource>, StoreError> {
    let keys = SourceKey::ALL.iter().map(|k| (keys::data_source_pk(*k), keys::data_source_sk())).collect();
    let mut found: Vec<DataSource> = db
        .batch_get(keys)
        .await?
        .into_iter()
        .map(|item| serde_dynamo::from_item(item).map_err(StoreError::from))
        .collect::<Result<_, _>>()?;
    found.sort_by_key(|s| SourceKey::ALL.iter().position(|k| *k == s.id));
    Ok(found)
}

/// Writes changed settings, only if nobody else changed the source since `seen` (its
/// `updated_at`); `Conflict` otherwise.
pub async fn put_settings(
    db: &Db,
    source: &DataSource,
    seen: DateTime<Utc>,
    audit: &domain::audit::AuditEntry,
) -> Result<(), StoreError> {
    let put = aws_sdk_dynamodb::types::Put::builder()
        .table_name(&db.table)
        .set_item(Some(source_item(source)?))
        .condition_expression("updated_at = :seen")
        .expression_attribute_values(":seen", serde_dynamo::to_attribute_value(seen)?)
        .build()
        .map_err(StoreError::backend)?;
    let tx = vec![
        aws_sdk_dynamodb::types::TransactWriteItem::builder().put(put).build(),
        crate::audit::put(db, audit)?,
    ];
    db.transact(tx, "the data source changed meanwhile; reload it").await
}

/// Records `run` as the source's last run (and its last success); settings are left alone.
pub async fn set_last_run(db: &Db, run: &SourceRun) -> Result<(), StoreError> {
    let mut update = db
        .client
        .update_item()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::data_source_pk(run.source)))
        .key(keys::SK, AttributeValue::S(keys::data_source_sk()))
        .condition_expression("attribute_exists(PK)")
        .expression_attribute_values(":run", serde_dynamo::to_attribute_value(run)?);
    update = if run.status == RunStatus::Succeeded {
        update
            .update_expression("SET last_run = :run, last_success_at = :at")
            .expression_attribute_values(":at", serde_dynamo::to_attribute_value(run.started_at)?)
    } else {
        update.update_expression("SET last_run = :run")
    };
    match update.send().await {
        Ok(_) => Ok(()),
        Err(e) if crate::db::is_condition_failure(&e) => Err(StoreError::NotFound),
        Err(e) => Err(StoreError::backend(e)),
    }
}

fn run_item(run: &SourceRun) -> Result<Item, StoreError> {
    with_keys(
        run,
        "source_run",
        &[
            (keys::PK, keys::source_run_pk(run.run_id)),
            (keys::SK, keys::source_run_sk()),
            (keys::GSI1PK, keys::source_runs_index_pk(run.source)),
            (
                keys::GSI1SK,
                format!("{}#{}", run.started_at.to_rfc3339_opts(SecondsFormat::Micros, true), run.run_id),
            ),
        ],
    )
}

/// Writes (creates or replaces) a run record.
pub async fn put_run(db: &Db, run: &SourceRun) -> Result<(), StoreError> {
    db.put(run_item(run)?).await
}

/// Writes a new run with the audit entry of whoever started it.
pub async fn put_run_audited(
    db: &Db,
    run: &SourceRun,
    audit: &domain::audit::AuditEntry,
) -> Result<(), StoreError> {
    db.put_audited(run_item(run)?, audit).await
}

pub async fn get_run(db: &Db, id: Uuid) -> Result<Option<SourceRun>, StoreError> {
    db.get_as(keys::source_run_pk(id), keys::source_run_sk()).await
}

/// A source's runs, newest first.
pub async fn list_runs(db: &Db, key: SourceKey, page: &PageRequest) -> Result<Page<SourceRun>, StoreError> {
    let pk = keys::source_runs_index_pk(key);
    let query = db
        .client
        .query()
        .index_name(keys::GSI1)
        .key_condition_expression("GSI1PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(pk.clone()))
        .scan_index_forward(false);
    db.query_page(query, page, (keys::GSI1PK, &pk)).await
}
