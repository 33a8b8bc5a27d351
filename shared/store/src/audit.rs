//! The audit log: one item per mutation in the `AUDIT` partition (newest first by sort key),
//! indexed by actor (GSI1) and by target type (GSI2). Entries are written inside the same
//! transaction as the change they describe wherever the change is a DynamoDB write.

use crate::db::with_keys;
use crate::{Db, Page, PageRequest, StoreError, keys};
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use chrono::{DateTime, Utc};
use domain::audit::AuditEntry;
use domain::ids::UserId;

/// Builds the transaction element that records `entry`.
pub fn put(db: &Db, entry: &AuditEntry) -> Result<TransactWriteItem, StoreError> {
    let sort = keys::audit_sort(entry.at, entry.id);
    let mut attrs = vec![(keys::PK, keys::audit_pk()), (keys::SK, sort.clone())];
    if let Some(actor) = entry.actor_id {
        attrs.push((keys::GSI1PK, keys::audit_actor_pk(actor)));
        attrs.push((keys::GSI1SK, sort.clone()));
    }
    attrs.push((keys::GSI2PK, keys::audit_target_pk(&entry.target_type)));
    attrs.push((keys::GSI2SK, sort));
    let item = with_keys(entry, "audit", &attrs)?;
    let put =
        Put::builder().table_name(&db.table).set_item(Some(item)).build().map_err(StoreError::backend)?;
    Ok(TransactWriteItem::builder().put(put).build())
}

/// Adds the entry to the transaction of the change it describes.
pub fn write(tx: &mut crate::Transaction, db: &Db, entry: &AuditEntry) -> Result<(), StoreError> {
    tx.push(put(db, entry)?);
    Ok(())
}

/// Records an entry on its own (for actions that write nothing else, such as logout).
pub async fn record(db: &Db, entry: &AuditEntry) -> Result<(), StoreError> {
    let put = put(db, entry)?;
    let put = put.put.expect("built as a put");
    db.client
        .put_item()
        .table_name(&db.table)
        .set_item(Some(put.item))
        .send()
        .await
        .map_err(StoreError::backend)?;
    Ok(())
}

/// Filters of the audit-log listing. The index is picked from the most selective filter
/// present: actor (GSI1), else target type (GSI2), else the whole log.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub actor_id: Option<UserId>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// Exact action, or a prefix ending in `.` (e.g. `user.`).
    pub action: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Lists audit entries newest first.
pub async fn list(db: &Db, filter: &AuditFilter, page: &PageRequest) -> Result<Page<AuditEntry>, StoreError> {
    let (index, pk_attr, sk_attr, pk) = match (&filter.actor_id, &filter.target_type) {
        (Some(actor), _) => (Some(keys::GSI1), keys::GSI1PK, keys::GSI1SK, keys::audit_actor_pk(*actor)),
        (None, Some(t)) => (Some(keys::GSI2), keys::GSI2PK, keys::GSI2SK, keys::audit_target_pk(t)),
        (None, None) => (None, keys::PK, keys::SK, keys::audit_pk()),
    };
    let mut q = db
        .client
        .query()
        .set_index_name(index.map(str::to_owned))
        .scan_index_forward(false)
        .expression_attribute_names("#pk", pk_attr)
        .expression_attribute_values(":pk", AttributeValue::S(pk.clone()));
    let from = filter.from.map(keys::audit_sort_bound);
    // '~' sorts after every character used in the sort key, so `to` includes its own instant.
    let to = filter.to.map(|t| format!("{}~", keys::audit_sort_bound(t)));
    let key_cond = match (&from, &to) {
        (Some(f), Some(t)) => {
            q = q
                .expression_attribute_values(":from", AttributeValue::S(f.clone()))
                .expression_attribute_values(":to", AttributeValue::S(t.clone()));
            "#pk = :pk AND #sk BETWEEN :from AND :to"
        }
        (Some(f), None) => {
            q = q.expression_attribute_values(":from", AttributeValue::S(f.clone()));
            "#pk = :pk AND #sk >= :from"
        }
        (None, Some(t)) => {
            q = q.expression_attribute_values(":to", AttributeValue::S(t.clone()));
            "#pk = :pk AND #sk <= :to"
        }
        (None, None) => "#pk = :pk",
    };
    if from.is_some() || to.is_some() {
        q = q.expression_attribute_names("#sk", sk_attr);
    }
    let mut filters = Vec::new();
    if let (Some(t), Some(_)) = (&filter.target_type, &filter.actor_id) {
        q = q.expression_attribute_values(":tt", AttributeValue::S(t.clone()));
        filters.push("target_type = :tt");
    }
    if let Some(id) = &filter.target_id {
        q = q.expression_attribute_values(":tid", AttributeValue::S(id.clone()));
        filters.push("target_id = :tid");
    }
    if let Some(action) = &filter.action {
        q = q.expression_attribute_values(":act", AttributeValue::S(action.clone()));
        filters.push(if action.ends_with('.') { "begins_with(#action, :act)" } else { "#action = :act" });
        q = q.expression_attribute_names("#action", "action");
    }
    q = q.key_condition_expression(key_cond);
    if !filters.is_empty() {
        q = q.filter_expression(filters.join(" AND "));
    }
    db.query_page(q, page, (pk_attr, &pk)).await
}
