//! API tokens: `APITOKEN#<id>` / `APITOKEN`, listed per owner through GSI1
//! (`APITOKENS#<user>` / created) and all together through GSI2 (`APITOKENS` / created), with a
//! TTL at expiry (checked on read: TTL deletes lazily). Revoking deletes the item.

use crate::db::{Item, with_keys};
use crate::{Db, Page, PageRequest, StoreError, keys};
use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use chrono::{DateTime, SecondsFormat, Utc};
use domain::audit::AuditEntry;
use domain::identity::ApiToken;
use domain::ids::UserId;
use domain::user::User;
use uuid::Uuid;

fn created_sort(token: &ApiToken) -> String {
    keys::time_sort(token.created_at, token.id)
}

fn item(token: &ApiToken) -> Result<Item, StoreError> {
    with_keys(
        token,
        "api_token",
        &[
            (keys::PK, keys::api_token_pk(token.id)),
            (keys::SK, keys::api_token_sk()),
            (keys::GSI1PK, keys::user_api_tokens_index_pk(token.user_id)),
            (keys::GSI1SK, created_sort(token)),
            (keys::GSI2PK, keys::api_tokens_index_pk()),
            (keys::GSI2SK, created_sort(token)),
        ],
    )
}

/// Stores a new token with the audit entry of its creation.
pub async fn create(db: &Db, token: &ApiToken, entry: &AuditEntry) -> Result<(), StoreError> {
    db.put_audited(item(token)?, entry).await
}

/// The token, ignoring one past its expiry.
pub async fn get(db: &Db, id: Uuid) -> Result<Option<ApiToken>, StoreError> {
    Ok(db.get_as::<ApiToken>(keys::api_token_pk(id), keys::api_token_sk()).await?.filter(live))
}

fn live(token: &ApiToken) -> bool {
    token.expires_at > Utc::now().timestamp()
}

/// The token and its owner's profile (a request authenticated by a token). The owner is not
/// known before the token is read, so these are two strongly consistent reads.
pub async fn get_with_owner(db: &Db, id: Uuid) -> Result<Option<(ApiToken, Option<User>)>, StoreError> {
    let Some(token) = get(db, id).await? else { return Ok(None) };
    let owner = crate::users::get(db, token.user_id).await?;
    Ok(Some((token, owner)))
}

/// Tokens of one user, newest first (expired ones included until their TTL removes them).
pub async fn list_for_user(db: &Db, user: UserId, page: &PageRequest) -> Result<Page<ApiToken>, StoreError> {
    let pk = keys::user_api_tokens_index_pk(user);
    let q = db
        .client
        .query()
        .index_name(keys::GSI1)
        .scan_index_forward(false)
        .key_condition_expression("GSI1PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(pk.clone()));
    db.query_page(q, page, (keys::GSI1PK, &pk)).await
}

/// Every user's tokens, newest first (admin).
pub async fn list_all(db: &Db, page: &PageRequest) -> Result<Page<ApiToken>, StoreError> {
    let pk = keys::api_tokens_index_pk();
    let q = db
        .client
        .query()
        .index_name(keys::GSI2)
        .scan_index_forward(false)
        .key_condition_expression("GSI2PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(pk.clone()));
    db.query_page(q, page, (keys::GSI2PK, &pk)).await
}

/// Deletes the token with the audit entry; `NotFound` when there is none.
pub async fn revoke(db: &Db, id: Uuid, entry: &AuditEntry) -> Result<(), StoreError> {
    db.delete_audited(keys::api_token_pk(id), keys::api_token_sk(), entry).await
}

/// Stamps a use of the token, with its audit entry, unless it was stamped within
/// `every_secs` (so usage is recorded at most about once a minute per token). Returns whether
/// it stamped.
pub async fn touch(
    db: &Db,
    id: Uuid,
    at: DateTime<Utc>,
    ip: &str,
    every_secs: i64,
    entry: &AuditEntry,
) -> Result<bool, StoreError> {
    let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Micros, true);
    let before = stamp(at - chrono::Duration::seconds(every_secs));
    let update = Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::api_token_pk(id)))
        .key(keys::SK, AttributeValue::S(keys::api_token_sk()))
        .update_expression("SET last_used_at = :at, last_used_ip = :ip")
        .condition_expression(
            "attribute_exists(PK) AND (attribute_not_exists(last_used_at) OR attribute_type(last_used_at, :null) OR last_used_at < :before)",
        )
        .expression_attribute_values(":at", AttributeValue::S(stamp(at)))
        .expression_attribute_values(":ip", AttributeValue::S(ip.to_owned()))
        .expression_attribute_values(":before", AttributeValue::S(before))
        .expression_attribute_values(":null", AttributeValue::S("NULL".into()))
        .build()
        .map_err(StoreError::backend)?;
    let items = vec![TransactWriteItem::builder().update(update).build(), crate::audit::put(db, entry)?];
    match db.transact(items, "recently stamped").await {
        Ok(()) => Ok(true),
        Err(StoreError::Conflict(_)) => Ok(false),
        Err(e) => Err(e),
    }
}
