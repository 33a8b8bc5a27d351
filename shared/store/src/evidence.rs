//! Evidence metadata (`TEST#<id>` / `EVIDENCE#<eid>`). A pending item is written when the upload
//! slot is handed out (with a TTL, so abandoned slots vanish) and completed once the object in S3
//! has been verified.

use crate::db::with_keys;
use crate::{Db, StoreError, Transaction, keys};
use aws_sdk_dynamodb::types::{AttributeValue, Delete, TransactWriteItem, Update};
use domain::validation::{Evidence, EvidenceStatus};
use uuid::Uuid;

/// Seconds a pending upload slot is kept.
const PENDING_TTL_SECS: i64 = 24 * 3600;

pub async fn put_pending(db: &Db, e: &Evidence) -> Result<(), StoreError> {
    let mut item = with_keys(
        e,
        "evidence",
        &[(keys::PK, keys::test_pk(e.test_id)), (keys::SK, keys::evidence_sk(e.id))],
    )?;
    let expires = chrono::Utc::now().timestamp() + PENDING_TTL_SECS;
    item.insert(keys::TTL_ATTR.into(), AttributeValue::N(expires.to_string()));
    db.put(item).await?;
    Ok(())
}

/// Adds to `tx` the completion of a pending item (no longer expiring); the transaction fails
/// if it was not pending.
pub fn write_complete(tx: &mut Transaction, db: &Db, test: Uuid, id: Uuid) -> Result<(), StoreError> {
    let update = Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::test_pk(test)))
        .key(keys::SK, AttributeValue::S(keys::evidence_sk(id)))
        .update_expression("SET #status = :complete REMOVE #exp")
        .condition_expression("#status = :pending")
        .expression_attribute_names("#status", "status")
        .expression_attribute_names("#exp", keys::TTL_ATTR)
        .expression_attribute_values(":complete", AttributeValue::S("complete".into()))
        .expression_attribute_values(":pending", AttributeValue::S("pending".into()))
        .build()
        .map_err(StoreError::backend)?;
    tx.push(TransactWriteItem::builder().update(update).build());
    Ok(())
}

/// Adds to `tx` the removal of an evidence record; the transaction fails if it is gone.
pub fn write_delete(tx: &mut Transaction, db: &Db, test: Uuid, id: Uuid) -> Result<(), StoreError> {
    let delete = Delete::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::test_pk(test)))
        .key(keys::SK, AttributeValue::S(keys::evidence_sk(id)))
        .condition_expression("attribute_exists(PK)")
        .build()
        .map_err(StoreError::backend)?;
    tx.push(TransactWriteItem::builder().delete(delete).build());
    Ok(())
}

pub async fn get(db: &Db, test: Uuid, id: Uuid) -> Result<Option<Evidence>, StoreError> {
    match db.get(keys::test_pk(test), keys::evidence_sk(id)).await? {
        Some(item) => {
            // A pending slot past its TTL is gone, whether DynamoDB removed it yet or not.
            let expired = item
                .get(keys::TTL_ATTR)
                .and_then(|v| v.as_n().ok())
                .and_then(|n| n.parse::<i64>().ok())
                .is_some_and(|t| t < chrono::Utc::now().timestamp());
            if expired { Ok(None) } else { Ok(Some(serde_dynamo::from_item(item)?)) }
        }
        None => Ok(None),
    }
}

/// Completed evidence of a test.
pub async fn list(db: &Db, test: Uuid) -> Result<Vec<Evidence>, StoreError> {
    let query = db
        .client
        .query()
        .key_condition_expression("PK = :pk AND begins_with(SK, :e)")
        .expression_attribute_values(":pk", AttributeValue::S(keys::test_pk(test)))
        .expression_attribute_values(":e", AttributeValue::S("EVIDENCE#".into()));
    let all: Vec<Evidence> =
        db.query_all(query).await?.into_iter().map(serde_dynamo::from_item).collect::<Result<_, _>>()?;
    Ok(all.into_iter().filter(|e| e.status == EvidenceStatus::Complete).collect())
}
