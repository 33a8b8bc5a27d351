//! Revoked tokens: one item per logged-out `jti`, kept until the token would have expired.
//! TTL deletion is lazy (days on AWS, never on DynamoDB Local), so reads check `expires_at`.

use crate::{Db, StoreError, keys};
use aws_sdk_dynamodb::types::AttributeValue;
use domain::audit::AuditEntry;

/// Revokes a token until it would have expired, with the audit entry of the sign-out.
pub async fn revoke(db: &Db, jti: &str, expires_at: i64, audit: &AuditEntry) -> Result<(), StoreError> {
    let item = [
        (keys::PK, AttributeValue::S(keys::revoked_token_pk(jti))),
        (keys::SK, AttributeValue::S(keys::revoked_token_sk())),
        ("entity", AttributeValue::S("revoked_token".into())),
        ("version", AttributeValue::N("1".into())),
        (keys::TTL_ATTR, AttributeValue::N(expires_at.to_string())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    db.put_audited(item, audit).await
}

/// The key to fetch in a batch with the user, so verifying a request costs one round trip.
pub fn revocation_key(jti: &str) -> (String, String) {
    (keys::revoked_token_pk(jti), keys::revoked_token_sk())
}

/// Whether a fetched revocation item still applies.
pub fn is_live_revocation(item: &crate::db::Item) -> bool {
    crate::db::not_expired(item)
}
