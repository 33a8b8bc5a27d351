//! Single sign-on state: a sign-in under way (`OIDC#<state>` / `PENDING`, TTL) and the link of
//! a provider account to its user (`OIDCSUB#<issuer>#<subject>` / `LINK`).
//!
//! The pending item keeps the nonce and the PKCE verifier server-side, so the browser carries
//! only the opaque `state`; the callback deletes it as it reads it (`ReturnValues=ALL_OLD`), so
//! a state works once even when two callbacks race.

use crate::db::{Item, not_expired, with_keys};
use crate::{Db, StoreError, audit, keys, users};
use aws_sdk_dynamodb::types::{AttributeValue, Put, ReturnValue, TransactWriteItem};
use domain::audit::AuditEntry;
use domain::ids::UserId;
use domain::user::User;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A sign-in sent to the provider and not yet back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingLogin {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// Unix seconds; also the item's TTL.
    pub expires_at: i64,
}

/// A provider account (issuer and subject) and the user it signs in as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubjectLink {
    pub issuer: String,
    pub subject: String,
    pub user_id: UserId,
}

fn link_item(link: &SubjectLink) -> Result<Item, StoreError> {
    with_keys(
        link,
        "oidc_subject",
        &[
            (keys::PK, keys::oidc_subject_pk(&link.issuer, &link.subject)),
            (keys::SK, keys::oidc_subject_sk()),
        ],
    )
}

/// Keeps a sign-in under way until its `expires_at`.
pub async fn put_pending(db: &Db, pending: &PendingLogin) -> Result<(), StoreError> {
    let item = with_keys(
        pending,
        "oidc_pending",
        &[(keys::PK, keys::oidc_pending_pk(&pending.state)), (keys::SK, keys::oidc_pending_sk())],
    )?;
    db.put(item).await
}

/// Takes (reads and deletes) the sign-in of `state`; `None` when unknown, used or expired.
pub async fn take_pending(db: &Db, state: &str) -> Result<Option<PendingLogin>, StoreError> {
    let out = db
        .client
        .delete_item()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::oidc_pending_pk(state)))
        .key(keys::SK, AttributeValue::S(keys::oidc_pending_sk()))
        .return_values(ReturnValue::AllOld)
        .send()
        .await
        .map_err(StoreError::backend)?;
    match out.attributes {
        Some(item) if not_expired(&item) => Ok(Some(serde_dynamo::from_item(item)?)),
        _ => Ok(None),
    }
}

/// The user a provider account is linked to, if any.
pub async fn linked_user(db: &Db, issuer: &str, subject: &str) -> Result<Option<UserId>, StoreError> {
    let link =
        db.get_as::<SubjectLink>(keys::oidc_subject_pk(issuer, subject), keys::oidc_subject_sk()).await?;
    Ok(link.map(|l| l.user_id))
}

/// Creates the user of a first sign-in and links the provider account to it, with the audit
/// entry, in one transaction. `stale` is the user a previous link pointed to (since deleted):
/// the link is replaced only if it still points there. `Conflict` when the username is taken
/// or another sign-in linked the account first.
pub async fn create_linked_user(
    db: &Db,
    user: &User,
    link: &SubjectLink,
    stale: Option<UserId>,
    entry: &AuditEntry,
) -> Result<(), StoreError> {
    let (condition, values) = match stale {
        None => ("attribute_not_exists(PK)".to_owned(), None),
        Some(old) => (
            "attribute_not_exists(PK) OR user_id = :old".to_owned(),
            Some(HashMap::from([(":old".to_owned(), AttributeValue::S(old.to_string()))])),
        ),
    };
    let link_put = Put::builder()
        .table_name(&db.table)
        .set_item(Some(link_item(link)?))
        .condition_expression(condition)
        .set_expression_attribute_values(values)
        .build()
        .map_err(StoreError::backend)?;
    let items = vec![
        users::put(db, users::user_item(user)?, "attribute_not_exists(PK)", None)?,
        users::username_guard(db, user)?,
        TransactWriteItem::builder().put(link_put).build(),
        audit::put(db, entry)?,
    ];
    db.transact(items, "username taken or account already linked").await
}
