//! Revoked tokens: one item per logged-out `jti`, kept until the token would have expired.
//! TTL deletion is lazy (days on AWS, never on DynamoDB Local), so reads check `expires_at`.

use crate::{Db, StoreError, keys};
use aws_sdk_dynamodb::types::AttributeValue;

pub async fn revoke(db: &Db, jti: &str, expires_at: i64) -> Result<(), StoreError> {
    db.client
        .put_item()
        .table_name(&db.table)
        .item(keys::PK, AttributeValue::S(keys::revoked_token_pk(jti)))
        .item(keys::SK, AttributeValue::S(keys::revoked_token_sk()))
        .item("entity", AttributeValue::S("revoked_token".into()))
        .item("version", AttributeValue::N("1".into()))
        .item(keys::TTL_ATTR, AttributeValue::N(expires_at.to_string()))
        .send()
        .await
        .map_err(StoreError::backend)?;
    Ok(())
}

/// The key to fetch in a batch with the user, so verifying a request costs one round trip.
pub fn revocation_key(jti: &str) -> (String, String) {
    (keys::revoked_token_pk(jti), keys::revoked_token_sk())
}

/// Whether a fetched revocation item still applies.
pub fn is_live_revocation(item: &crate::db::Item) -> bool {
    crate::db::not_expired(item)
}
