//! The writes of an import and a deletion, in the order the module's documentation explains.

use super::{
    CONTROL_ENTITY, ControlItem, FRAMEWORK_ENTITY, Previous, ReplaceCounts, StoredControl, StoredFramework,
};
use super::{control_items, get};
use crate::db::with_keys;
use crate::{Db, StoreError, keys, sync_runs};
use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, Put, TransactWriteItem, WriteRequest};
use chrono::{Duration, Utc};
use domain::audit::AuditEntry;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// An import or deletion holds the framework's lease at most this long.
const LEASE_MINUTES: i64 = 10;

/// Runs `work` under the framework's lease; a second writer meanwhile is a conflict.
async fn leased<T>(
    db: &Db,
    id: &str,
    work: impl AsyncFnOnce() -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let (lease, holder) = (keys::framework_lease(id), Uuid::new_v4().to_string());
    let until = Utc::now() + Duration::minutes(LEASE_MINUTES);
    if let Err(other) = sync_runs::acquire_lease(db, &lease, &holder, until).await? {
        return Err(StoreError::Conflict(format!("framework {id} is being imported or deleted ({other})")));
    }
    let result = work().await;
    if let Err(e) = sync_runs::release_lease(db, &lease, &holder).await {
        tracing::warn!(error = %e, framework = id, "could not release the framework lease; it expires by itself");
    }
    result
}

/// Writes `controls` as the framework's new generation, then META, then deletes the controls
/// that went away; returns what changed against the generation that was in force.
pub async fn replace(
    db: &Db,
    framework: &StoredFramework,
    controls: Vec<StoredControl>,
    audit: Option<&AuditEntry>,
) -> Result<ReplaceCounts, StoreError> {
    let id = framework.framework.id.clone();
    leased(db, &id, async || {
        let before = get(db, &id).await?;
        let in_force = before.as_ref().map(|f| f.generation);
        let mut old: HashMap<String, StoredControl> = HashMap::new();
        let mut stored_ids = Vec::new();
        for item in control_items(db, &id).await? {
            stored_ids.push(item.content.control_id.clone());
            if let Some(c) = in_force.and_then(|g| item.at(g)) {
                old.insert(c.control_id.clone(), c);
            }
        }
        let mut counts = ReplaceCounts::default();
        let mut items = Vec::with_capacity(controls.len());
        for c in &controls {
            match old.get(&c.control_id) {
                None => counts.added += 1,
                Some(o) if o == c => counts.unchanged += 1,
                Some(_) => counts.updated += 1,
            }
            let previous = in_force
                .zip(old.get(&c.control_id).cloned())
                .map(|(generation, content)| Previous { generation, content });
            let item = ControlItem {
                framework_id: id.clone(),
                generation: framework.generation,
                content: c.clone(),
                previous,
            };
            items.push(with_keys(
                &item,
                CONTROL_ENTITY,
                &[(keys::PK, keys::framework_pk(&id)), (keys::SK, keys::control_sk(&c.control_id))],
            )?);
        }
        let failed = db.batch_put(items).await?;
        if failed > 0 {
            return Err(StoreError::backend_message(format!(
                "{failed} controls of {id} could not be written; the framework in force is unchanged"
            )));
        }
        put_meta(db, framework, in_force, audit).await?;
        let kept: BTreeSet<&str> = controls.iter().map(|c| c.control_id.as_str()).collect();
        let gone: Vec<String> = stored_ids.into_iter().filter(|c| !kept.contains(c.as_str())).collect();
        counts.removed = gone.iter().filter(|c| old.contains_key(*c)).count() as u32;
        if let Err(e) = delete_controls(db, &id, &gone).await {
            // Readers ignore them (not of the generation in force); the next import retries.
            tracing::warn!(error = %e, framework = %id, "could not delete the controls that went away");
        }
        Ok(counts)
    })
    .await
}

/// META, on condition that the generation in force is still the one the import started from.
async fn put_meta(
    db: &Db,
    framework: &StoredFramework,
    in_force: Option<Uuid>,
    audit: Option<&AuditEntry>,
) -> Result<(), StoreError> {
    let id = &framework.framework.id;
    let item = with_keys(
        framework,
        FRAMEWORK_ENTITY,
        &[
            (keys::PK, keys::framework_pk(id)),
            (keys::SK, keys::framework_sk()),
            (keys::GSI1PK, keys::frameworks_index_pk()),
            (keys::GSI1SK, id.clone()),
        ],
    )?;
    let mut put = Put::builder().table_name(&db.table).set_item(Some(item));
    put = match in_force {
        None => put.condition_expression("attribute_not_exists(PK)"),
        Some(g) => put
            .condition_expression("generation = :in_force")
            .expression_attribute_values(":in_force", AttributeValue::S(g.to_string())),
    };
    let mut tx = vec![TransactWriteItem::builder().put(put.build().map_err(StoreError::backend)?).build()];
    if let Some(entry) = audit {
        tx.push(crate::audit::put(db, entry)?);
    }
    db.transact(tx, &format!("framework {id} changed during the import")).await
}

async fn delete_controls(db: &Db, id: &str, control_ids: &[String]) -> Result<(), StoreError> {
    for chunk in control_ids.chunks(25) {
        let mut requests = Vec::with_capacity(chunk.len());
        for c in chunk {
            let delete = DeleteRequest::builder()
                .key(keys::PK, AttributeValue::S(keys::framework_pk(id)))
                .key(keys::SK, AttributeValue::S(keys::control_sk(c)))
                .build()
                .map_err(StoreError::backend)?;
            requests.push(WriteRequest::builder().delete_request(delete).build());
        }
        let mut attempt = 0u32;
        while !requests.is_empty() {
            let out = db
                .client
                .batch_write_item()
                .request_items(&db.table, std::mem::take(&mut requests))
                .send()
                .await
                .map_err(StoreError::backend)?;
            requests = out.unprocessed_items.and_then(|mut m| m.remove(&db.table)).unwrap_or_default();
            attempt += 1;
            if !requests.is_empty() && attempt > 6 {
                return Err(StoreError::backend_message(format!("{} deletions unprocessed", requests.len())));
            }
            if !requests.is_empty() {
                tokio::time::sleep(std::time::Duration::from_millis(50 << attempt)).await;
            }
        }
    }
    Ok(())
}

/// Deletes a framework: META with the audit entry (from then on it is gone), then its controls.
pub async fn delete(db: &Db, id: &str, audit: &AuditEntry) -> Result<(), StoreError> {
    leased(db, id, async || {
        db.delete_audited(keys::framework_pk(id), keys::framework_sk(), audit).await?;
        let all: Vec<String> =
            control_items(db, id).await?.into_iter().map(|i| i.content.control_id).collect();
        delete_controls(db, id, &all).await
    })
    .await
}
