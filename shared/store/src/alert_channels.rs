//! Webhook channels (`ALERTCHANNEL#<id>` / `META`, listed through GSI1 `ALERTCHANNELS`) and
//! their deliveries (`DELIVERY#<time>#<id>` in the channel's partition). A delivery is written
//! with the firing that causes it, only if absent, and sits in GSI1 under
//! `DELIVERIES#PENDING` until it is answered, so one the sender never finished is found again.
//! A channel's health is kept on its item by atomic updates that do not touch its version, so
//! deliveries never conflict with an admin's edit.

use crate::db::{Item, with_keys};
use crate::{Db, Page, PageRequest, StoreError, Transaction, keys};
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem, Update};
use chrono::{DateTime, Utc};
use domain::alerts::{AlertChannel, Delivery, DeliveryState};
use domain::audit::AuditEntry;
use std::collections::HashMap;
use uuid::Uuid;

fn channel_item(c: &AlertChannel) -> Result<Item, StoreError> {
    with_keys(
        c,
        "alert_channel",
        &[
            (keys::PK, keys::alert_channel_pk(c.id)),
            (keys::SK, keys::alert_channel_sk()),
            (keys::GSI1PK, keys::alert_channels_index_pk()),
            (keys::GSI1SK, keys::time_sort(c.created_at, c.id)),
        ],
    )
}

const CHANGED: &str = "the channel was changed by someone else; reload it";

/// Creates a channel (only if absent) with its audit entry.
pub async fn create(db: &Db, channel: &AlertChannel, audit: &AuditEntry) -> Result<(), StoreError> {
    let put = Put::builder()
        .table_name(&db.table)
        .set_item(Some(channel_item(channel)?))
        .condition_expression("attribute_not_exists(PK)")
        .build()
        .map_err(StoreError::backend)?;
    let mut tx = Transaction::new();
    tx.push(TransactWriteItem::builder().put(put).build());
    crate::audit::write(&mut tx, db, audit)?;
    tx.commit(db, CHANGED).await
}

/// Writes the settings an admin edits (name, URL, format, enabled, secret) on the version read,
/// leaving the health the deliveries keep; `Conflict` when someone changed it since.
pub async fn update(
    db: &Db,
    before: &AlertChannel,
    after: &AlertChannel,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    let format = serde_dynamo::to_attribute_value(after.format)?;
    let update = Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::alert_channel_pk(after.id)))
        .key(keys::SK, AttributeValue::S(keys::alert_channel_sk()))
        .update_expression(
            "SET #name = :name, #url = :url, #format = :format, enabled = :enabled, secret_id = :secret, updated_at = :at, version = :next",
        )
        .condition_expression("version = :v")
        .expression_attribute_names("#name", "name")
        .expression_attribute_names("#url", "url")
        .expression_attribute_names("#format", "format")
        .expression_attribute_values(":name", AttributeValue::S(after.name.clone()))
        .expression_attribute_values(":url", AttributeValue::S(after.url.clone()))
        .expression_attribute_values(":format", format)
        .expression_attribute_values(":enabled", AttributeValue::Bool(after.enabled))
        .expression_attribute_values(":secret", AttributeValue::S(after.secret_id.clone()))
        .expression_attribute_values(":at", AttributeValue::S(after.updated_at.to_rfc3339()))
        .expression_attribute_values(":next", AttributeValue::N(after.version.to_string()))
        .expression_attribute_values(":v", AttributeValue::N(before.version.to_string()))
        .build()
        .map_err(StoreError::backend)?;
    let mut tx = Transaction::new();
    tx.push(TransactWriteItem::builder().update(update).build());
    crate::audit::write(&mut tx, db, audit)?;
    tx.commit(db, CHANGED).await
}

/// Deletes a channel on the version read, with its audit entry; its deliveries stay as history.
pub async fn delete(db: &Db, channel: &AlertChannel, audit: &AuditEntry) -> Result<(), StoreError> {
    let delete = Delete::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::alert_channel_pk(channel.id)))
        .key(keys::SK, AttributeValue::S(keys::alert_channel_sk()))
        .condition_expression("version = :v")
        .expression_attribute_values(":v", AttributeValue::N(channel.version.to_string()))
        .build()
        .map_err(StoreError::backend)?;
    let mut tx = Transaction::new();
    tx.push(TransactWriteItem::builder().delete(delete).build());
    crate::audit::write(&mut tx, db, audit)?;
    tx.commit(db, CHANGED).await
}

pub async fn get(db: &Db, id: Uuid) -> Result<Option<AlertChannel>, StoreError> {
    db.get_as(keys::alert_channel_pk(id), keys::alert_channel_sk()).await
}

/// Every channel, oldest first (channels are few, written by the admin).
pub async fn all(db: &Db) -> Result<Vec<AlertChannel>, StoreError> {
    let query = db
        .client
        .query()
        .index_name(keys::GSI1)
        .key_condition_expression("GSI1PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::alert_channels_index_pk()));
    db.query_all(query).await?.into_iter().map(|i| serde_dynamo::from_item(i).map_err(Into::into)).collect()
}

fn delivery_item(d: &Delivery) -> Result<Item, StoreError> {
    let mut pairs = vec![
        (keys::PK, keys::alert_channel_pk(d.channel_id)),
        (keys::SK, keys::delivery_sk(d.created_at, d.id)),
    ];
    if d.state == DeliveryState::Pending {
        pairs.push((keys::GSI1PK, keys::pending_deliveries_index_pk()));
        pairs.push((keys::GSI1SK, keys::time_sort(d.created_at, d.id)));
    }
    with_keys(d, "alert_delivery", &pairs)
}

/// Adds to `tx`: a pending delivery, written only if absent (a firing is delivered once).
pub fn write_pending(tx: &mut Transaction, db: &Db, d: &Delivery) -> Result<(), StoreError> {
    let put = Put::builder()
        .table_name(&db.table)
        .set_item(Some(delivery_item(d)?))
        .condition_expression("attribute_not_exists(PK)")
        .build()
        .map_err(StoreError::backend)?;
    tx.push(TransactWriteItem::builder().put(put).build());
    Ok(())
}

/// Records how a delivery ended and the channel's health with it, in one transaction. The
/// delivery must still be pending (`Conflict` otherwise: another sender finished it first);
/// the channel may have been deleted meanwhile, and then only the delivery is written.
pub async fn finish(db: &Db, d: &Delivery) -> Result<(), StoreError> {
    let put = Put::builder()
        .table_name(&db.table)
        .set_item(Some(delivery_item(d)?))
        .condition_expression("attribute_not_exists(PK) OR #state = :pending")
        .expression_attribute_names("#state", "state")
        .expression_attribute_values(":pending", serde_dynamo::to_attribute_value(DeliveryState::Pending)?)
        .build()
        .map_err(StoreError::backend)?;
    let mut tx = Transaction::new();
    tx.push(TransactWriteItem::builder().put(put).build());
    if get(db, d.channel_id).await?.is_some() {
        tx.push(TransactWriteItem::builder().update(health_update(db, d)?).build());
    }
    tx.commit(db, "the delivery was already recorded").await
}

fn health_update(db: &Db, d: &Delivery) -> Result<Update, StoreError> {
    let error = match &d.error {
        Some(e) => AttributeValue::S(e.clone()),
        None => AttributeValue::Null(true),
    };
    let mut values = HashMap::from([
        (":at".to_owned(), AttributeValue::S(d.finished_at.unwrap_or(d.created_at).to_rfc3339())),
        (":state".to_owned(), serde_dynamo::to_attribute_value(d.state)?),
        (":error".to_owned(), error),
        (":one".to_owned(), AttributeValue::N("1".into())),
    ]);
    // A delivery that arrived ends the failure streak; a failed one extends it.
    let (count, streak) = if d.state == DeliveryState::Delivered {
        values.insert(":zero".into(), AttributeValue::N("0".into()));
        ("health.delivered", "health.consecutive_failures = :zero")
    } else {
        ("health.failed", "health.consecutive_failures = health.consecutive_failures + :one")
    };
    Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::alert_channel_pk(d.channel_id)))
        .key(keys::SK, AttributeValue::S(keys::alert_channel_sk()))
        .update_expression(format!(
            "SET health.last_delivery_at = :at, health.last_state = :state, health.last_error = :error, {count} = {count} + :one, {streak}"
        ))
        .condition_expression("attribute_exists(PK)")
        .set_expression_attribute_values(Some(values))
        .build()
        .map_err(StoreError::backend)
}

/// A channel's deliveries, newest first.
pub async fn deliveries(db: &Db, channel: Uuid, page: &PageRequest) -> Result<Page<Delivery>, StoreError> {
    let pk = keys::alert_channel_pk(channel);
    let query = db
        .client
        .query()
        .key_condition_expression("PK = :pk AND begins_with(SK, :d)")
        .expression_attribute_values(":pk", AttributeValue::S(pk.clone()))
        .expression_attribute_values(":d", AttributeValue::S(keys::delivery_sk_prefix()))
        .scan_index_forward(false);
    db.query_page(query, page, (keys::PK, &pk)).await
}

/// Deliveries still pending that were written before `before`, oldest first (at most `limit`).
pub async fn pending_before(db: &Db, before: DateTime<Utc>, limit: i32) -> Result<Vec<Delivery>, StoreError> {
    let out = db
        .client
        .query()
        .table_name(&db.table)
        .index_name(keys::GSI1)
        .key_condition_expression("GSI1PK = :pk AND GSI1SK < :before")
        .expression_attribute_values(":pk", AttributeValue::S(keys::pending_deliveries_index_pk()))
        .expression_attribute_values(":before", AttributeValue::S(keys::time_sort(before, Uuid::nil())))
        .limit(limit)
        .send()
        .await
        .map_err(StoreError::backend)?;
    out.items
        .unwrap_or_default()
        .into_iter()
        .map(|i| serde_dynamo::from_item(i).map_err(Into::into))
        .collect()
}
