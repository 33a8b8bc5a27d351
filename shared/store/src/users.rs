//! Users: the profile item (`USER#<id>` / `PROFILE`, listed through GSI1 `USERS` by username)
//! and a guard item per username (`USERNAME#<name>`) that makes usernames unique, written
//! together in one transaction with the audit entry of the change.

use crate::db::{Item, with_keys};
use crate::{Db, Page, PageRequest, StoreError, audit, keys, tokens};
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem};
use domain::audit::AuditEntry;
use domain::ids::UserId;
use domain::user::User;
use std::collections::HashMap;

/// The profile item of `user` with its keys.
pub(crate) fn item(user: &User) -> Result<Item, StoreError> {
    user_item(user)
}

pub(crate) fn user_item(user: &User) -> Result<Item, StoreError> {
    with_keys(
        user,
        "user",
        &[
            (keys::PK, keys::user_pk(user.id)),
            (keys::SK, keys::user_sk()),
            (keys::GSI1PK, keys::users_index_pk()),
            (keys::GSI1SK, user.username.to_string()),
        ],
    )
}

pub(crate) fn put(
    db: &Db,
    item: Item,
    condition: &str,
    values: Option<HashMap<String, AttributeValue>>,
) -> Result<TransactWriteItem, StoreError> {
    let put = Put::builder()
        .table_name(&db.table)
        .set_item(Some(item))
        .condition_expression(condition)
        .set_expression_attribute_values(values)
        .build()
        .map_err(StoreError::backend)?;
    Ok(TransactWriteItem::builder().put(put).build())
}

pub(crate) fn username_guard(db: &Db, user: &User) -> Result<TransactWriteItem, StoreError> {
    let item = HashMap::from([
        (keys::PK.to_owned(), AttributeValue::S(keys::username_pk(user.username.as_str()))),
        (keys::SK.to_owned(), AttributeValue::S(keys::username_sk())),
        ("entity".to_owned(), AttributeValue::S("username".into())),
        ("version".to_owned(), AttributeValue::N("1".into())),
        ("user_id".to_owned(), AttributeValue::S(user.id.to_string())),
    ]);
    put(db, item, "attribute_not_exists(PK)", None)
}

async fn transact(db: &Db, items: Vec<TransactWriteItem>, conflict: &str) -> Result<(), StoreError> {
    db.transact(items, conflict).await
}

/// Creates a user; `Conflict` when the username is taken.
pub async fn create(db: &Db, user: &User, entry: &AuditEntry) -> Result<(), StoreError> {
    let items = vec![
        put(db, user_item(user)?, "attribute_not_exists(PK)", None)?,
        username_guard(db, user)?,
        audit::put(db, entry)?,
    ];
    transact(db, items, "username already exists").await
}

/// Creates the initial admin once per table: a `SYSTEM`/`INITIAL_ADMIN` marker makes
/// concurrent cold starts race safely. Returns false when an admin was created before.
pub async fn create_initial_admin(db: &Db, user: &User, entry: &AuditEntry) -> Result<bool, StoreError> {
    let marker = HashMap::from([
        (keys::PK.to_owned(), AttributeValue::S(keys::initial_admin_pk())),
        (keys::SK.to_owned(), AttributeValue::S(keys::initial_admin_sk())),
        ("entity".to_owned(), AttributeValue::S("system_marker".into())),
        ("version".to_owned(), AttributeValue::N("1".into())),
        ("user_id".to_owned(), AttributeValue::S(user.id.to_string())),
    ]);
    let items = vec![
        put(db, marker, "attribute_not_exists(PK)", None)?,
        put(db, user_item(user)?, "attribute_not_exists(PK)", None)?,
        username_guard(db, user)?,
        audit::put(db, entry)?,
    ];
    match transact(db, items, "initial admin exists").await {
        Ok(()) => Ok(true),
        Err(StoreError::Conflict(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

pub async fn get(db: &Db, id: UserId) -> Result<Option<User>, StoreError> {
    db.get(keys::user_pk(id), keys::user_sk())
        .await?
        .map(|i| serde_dynamo::from_item(i).map_err(Into::into))
        .transpose()
}

pub async fn get_by_username(db: &Db, username: &str) -> Result<Option<User>, StoreError> {
    let Some(guard) = db.get(keys::username_pk(username), keys::username_sk()).await? else {
        return Ok(None);
    };
    let id = guard
        .get("user_id")
        .and_then(|v| v.as_s().ok())
        .and_then(|s| s.parse::<UserId>().ok())
        .ok_or_else(|| StoreError::Corrupt("username guard without user id".into()))?;
    get(db, id).await
}

/// The user behind a token and whether the token was revoked, in one `BatchGetItem`.
pub async fn get_for_session(db: &Db, id: UserId, jti: &str) -> Result<(Option<User>, bool), StoreError> {
    let (rpk, rsk) = tokens::revocation_key(jti);
    let items = db.batch_get(vec![(keys::user_pk(id), keys::user_sk()), (rpk.clone(), rsk)]).await?;
    let (mut user, mut revoked) = (None, false);
    for item in items {
        match item.get(keys::PK).and_then(|v| v.as_s().ok()) {
            Some(pk) if *pk == rpk => revoked = tokens::is_live_revocation(&item),
            _ => user = Some(serde_dynamo::from_item(item)?),
        }
    }
    Ok((user, revoked))
}

/// Lists users ordered by username.
pub async fn list(db: &Db, page: &PageRequest) -> Result<Page<User>, StoreError> {
    let q = db
        .client
        .query()
        .index_name(keys::GSI1)
        .key_condition_expression("GSI1PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::users_index_pk()));
    db.query_page(q, page, (keys::GSI1PK, &keys::users_index_pk())).await
}

/// Replaces the user if its stored version is still `user.version - 1`; writes the audit
/// entry in the same transaction. `Conflict` when someone else changed it first.
pub async fn update(db: &Db, user: &User, entry: &AuditEntry) -> Result<(), StoreError> {
    let values = HashMap::from([(":v".to_owned(), AttributeValue::N((user.version - 1).to_string()))]);
    let items = vec![put(db, user_item(user)?, "version = :v", Some(values))?, audit::put(db, entry)?];
    transact(db, items, "user was changed concurrently").await
}

/// Deletes the user and frees the username.
pub async fn delete(db: &Db, user: &User, entry: &AuditEntry) -> Result<(), StoreError> {
    let delete = |pk: String, sk: String| -> Result<TransactWriteItem, StoreError> {
        let d = Delete::builder()
            .table_name(&db.table)
            .key(keys::PK, AttributeValue::S(pk))
            .key(keys::SK, AttributeValue::S(sk))
            .condition_expression("attribute_exists(PK)")
            .build()
            .map_err(StoreError::backend)?;
        Ok(TransactWriteItem::builder().delete(d).build())
    };
    let items = vec![
        delete(keys::user_pk(user.id), keys::user_sk())?,
        delete(keys::username_pk(user.username.as_str()), keys::username_sk())?,
        audit::put(db, entry)?,
    ];
    transact(db, items, "user no longer exists").await
}

/// Stamps a successful login with its audit entry; not versioned, since it races with nothing
/// that matters.
pub async fn touch_login(
    db: &Db,
    id: UserId,
    at: chrono::DateTime<chrono::Utc>,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    let update = aws_sdk_dynamodb::types::Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::user_pk(id)))
        .key(keys::SK, AttributeValue::S(keys::user_sk()))
        .update_expression("SET last_login_at = :at")
        .condition_expression("attribute_exists(PK)")
        .expression_attribute_values(":at", AttributeValue::S(at.to_rfc3339()))
        .build()
        .map_err(StoreError::backend)?;
    let mut tx = crate::Transaction::new();
    tx.push(TransactWriteItem::builder().update(update).build());
    crate::audit::write(&mut tx, db, audit)?;
    tx.commit(db, "the user is gone").await
}
