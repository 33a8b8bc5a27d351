//! Import upload slots (`UPLOAD#<id>` / `SLOT`): written when the slot is handed out, with a
//! TTL of a day (a slot never completed disappears; the bucket's lifecycle rule removes its
//! object), and claimed once by the completion that starts the import.

use crate::db::{is_condition_failure, with_keys};
use crate::{Db, StoreError, keys};
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::Utc;
use domain::sync::ImportUpload;
use uuid::Uuid;

/// Seconds an unclaimed slot is kept.
pub const SLOT_TTL_SECS: i64 = 24 * 3600;

pub async fn put(db: &Db, slot: &ImportUpload) -> Result<(), StoreError> {
    let mut item = with_keys(
        slot,
        "import_upload",
        &[(keys::PK, keys::import_upload_pk(slot.id)), (keys::SK, keys::import_upload_sk())],
    )?;
    let expires = slot.created_at.timestamp() + SLOT_TTL_SECS;
    item.insert(keys::TTL_ATTR.into(), AttributeValue::N(expires.to_string()));
    db.put(item).await
}

/// The slot unless it expired (TTL deletion is lazy, so expiry is checked here).
pub async fn get(db: &Db, id: Uuid) -> Result<Option<ImportUpload>, StoreError> {
    let Some(item) = db.get(keys::import_upload_pk(id), keys::import_upload_sk()).await? else {
        return Ok(None);
    };
    if !crate::db::not_expired(&item) {
        return Ok(None);
    }
    Ok(Some(serde_dynamo::from_item(item)?))
}

/// Records the run started from the slot; `Conflict` when another completion claimed it first.
pub async fn claim(db: &Db, id: Uuid, run_id: Uuid) -> Result<(), StoreError> {
    let res = db
        .client
        .update_item()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::import_upload_pk(id)))
        .key(keys::SK, AttributeValue::S(keys::import_upload_sk()))
        .update_expression("SET run_id = :run")
        .condition_expression(
            "attribute_exists(PK) AND (attribute_not_exists(run_id) OR run_id = :null) AND #exp > :now",
        )
        .expression_attribute_names("#exp", keys::TTL_ATTR)
        .expression_attribute_values(":run", AttributeValue::S(run_id.to_string()))
        .expression_attribute_values(":null", AttributeValue::Null(true))
        .expression_attribute_values(":now", AttributeValue::N(Utc::now().timestamp().to_string()))
        .send()
        .await;
    match res {
        Ok(_) => Ok(()),
        Err(e) if is_condition_failure(&e) => {
            Err(StoreError::Conflict("the upload was already imported".into()))
        }
        Err(e) => Err(StoreError::backend(e)),
    }
}
