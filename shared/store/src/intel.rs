//! Threat intel items (`INTEL` / `BASELINE`, `CHANGES`, `TRACKED`): see `domain::intel`.

use crate::db::with_keys;
use crate::{Db, StoreError, Transaction, keys};
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};
use domain::audit::AuditEntry;
use domain::intel::{Baseline, Changes};
use std::collections::BTreeSet;

pub async fn baseline(db: &Db) -> Result<Option<Baseline>, StoreError> {
    db.get_as(keys::intel_pk(), keys::intel_baseline_sk()).await
}

pub async fn changes(db: &Db) -> Result<Changes, StoreError> {
    Ok(db.get_as(keys::intel_pk(), keys::intel_changes_sk()).await?.unwrap_or_default())
}

/// Records a scan of a new release: its changes and the new baseline, in one transaction, on
/// the baseline read (`Conflict` when another scan recorded first: that one saw the same
/// release, so nothing is lost).
pub async fn record(
    db: &Db,
    read: Option<&Baseline>,
    next: &Baseline,
    changes: &Changes,
) -> Result<(), StoreError> {
    let item = with_keys(
        next,
        "intel_baseline",
        &[(keys::PK, keys::intel_pk()), (keys::SK, keys::intel_baseline_sk())],
    )?;
    let put = Put::builder().table_name(&db.table).set_item(Some(item));
    let put = match read.and_then(|b| b.scanned_at) {
        None => put.condition_expression("attribute_not_exists(PK)"),
        Some(at) => put
            .condition_expression("scanned_at = :read")
            .expression_attribute_values(":read", serde_dynamo::to_attribute_value(at)?),
    };
    let changes = with_keys(
        changes,
        "intel_changes",
        &[(keys::PK, keys::intel_pk()), (keys::SK, keys::intel_changes_sk())],
    )?;
    let mut tx = Transaction::new();
    tx.push(TransactWriteItem::builder().put(put.build().map_err(StoreError::backend)?).build());
    tx.push(
        TransactWriteItem::builder()
            .put(
                Put::builder()
                    .table_name(&db.table)
                    .set_item(Some(changes))
                    .build()
                    .map_err(StoreError::backend)?,
            )
            .build(),
    );
    tx.commit(db, "another intel scan recorded this release first").await
}

/// The threat actors the organisation tracks.
pub async fn tracked(db: &Db) -> Result<BTreeSet<String>, StoreError> {
    let item = db.get(keys::intel_pk(), keys::intel_tracked_sk()).await?;
    Ok(item
        .and_then(|i| i.get("actors").and_then(|a| a.as_ss().ok()).cloned())
        .unwrap_or_default()
        .into_iter()
        .collect())
}

/// Starts or stops tracking an actor, with the audit entry (a set update: concurrent changes of
/// different actors both apply).
pub async fn set_tracked(db: &Db, actor: &str, tracked: bool, audit: &AuditEntry) -> Result<(), StoreError> {
    let op = if tracked { "ADD" } else { "DELETE" };
    let update = Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::intel_pk()))
        .key(keys::SK, AttributeValue::S(keys::intel_tracked_sk()))
        .update_expression(format!("{op} actors :a SET entity = :e"))
        .expression_attribute_values(":a", AttributeValue::Ss(vec![actor.to_owned()]))
        .expression_attribute_values(":e", AttributeValue::S("intel_tracked".into()))
        .build()
        .map_err(StoreError::backend)?;
    let mut tx = Transaction::new();
    tx.push(TransactWriteItem::builder().update(update).build());
    crate::audit::write(&mut tx, db, audit)?;
    tx.commit(db, "tracked actors").await
}
