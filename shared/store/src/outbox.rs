//! The event outbox (`OUTBOX` / `<time>#<id>`): every lifecycle change writes the events it
//! causes here in its own transaction, so an event exists exactly when its change does. The
//! service publishes them right after the commit and removes them; what a crash or a bus
//! failure leaves behind, the sweeper publishes later (consumers are idempotent).

use crate::db::with_keys;
use crate::tx::Transaction;
use crate::{Db, StoreError, keys};
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One event waiting for delivery: its bus `detail-type` and `detail` (JSON text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEvent {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub detail_type: String,
    pub detail: String,
}

fn sort(e: &OutboxEvent) -> String {
    keys::time_sort(e.at, e.id)
}

/// Adds the event to the transaction of the change that causes it.
pub fn write(tx: &mut Transaction, db: &Db, event: &OutboxEvent) -> Result<(), StoreError> {
    let item = with_keys(event, "outbox_event", &[(keys::PK, keys::outbox_pk()), (keys::SK, sort(event))])?;
    let put =
        Put::builder().table_name(&db.table).set_item(Some(item)).build().map_err(StoreError::backend)?;
    tx.push(TransactWriteItem::builder().put(put).build());
    Ok(())
}

/// Events written before `before`, oldest first, at most `limit` (read consistently: the
/// sweeper must see what the service has not removed).
pub async fn pending(db: &Db, before: DateTime<Utc>, limit: i32) -> Result<Vec<OutboxEvent>, StoreError> {
    let query = db
        .client
        .query()
        .consistent_read(true)
        .key_condition_expression("PK = :pk AND SK < :before")
        .expression_attribute_values(":pk", AttributeValue::S(keys::outbox_pk()))
        .expression_attribute_values(":before", AttributeValue::S(keys::time_sort(before, Uuid::nil())))
        .limit(limit);
    db.query_items(query).await
}

/// Removes a delivered event (already gone is fine: the sweeper and the service may race).
pub async fn remove(db: &Db, event: &OutboxEvent) -> Result<(), StoreError> {
    db.client
        .delete_item()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::outbox_pk()))
        .key(keys::SK, AttributeValue::S(sort(event)))
        .send()
        .await
        .map_err(StoreError::backend)?;
    Ok(())
}
