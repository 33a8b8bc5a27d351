//! In-app notifications, in the recipient's partition (`USER#<uuid>` / `NOTIF#<time>#<id>`),
//! newest first. A read notification expires `NOTIFICATION_RETENTION_DAYS` after it was
//! created (and never sooner than a day after it was read, so it does not vanish under the
//! reader's eyes); an unread one is kept [`UNREAD_KEEP_DAYS`]. Expiry is DynamoDB's TTL, and
//! every read filters on it too, since TTL deletes lazily.

use crate::db::{is_condition_failure, with_keys};
use crate::{Db, Page, PageRequest, StoreError, keys};
use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Utc};
use domain::audit::AuditEntry;
use domain::ids::UserId;
use domain::validation::{Notification, NotificationPreferences};
use uuid::Uuid;

/// How long an unread notification is kept.
pub const UNREAD_KEEP_DAYS: i64 = 365;

fn live(now: i64) -> AttributeValue {
    AttributeValue::N(now.to_string())
}

fn item(n: &Notification) -> Result<crate::db::Item, StoreError> {
    let mut item = with_keys(
        n,
        "notification",
        &[(keys::PK, keys::user_pk(n.user_id)), (keys::SK, keys::notification_sk(n.created_at, n.id))],
    )?;
    let expires = n.created_at.timestamp() + UNREAD_KEEP_DAYS * 86_400;
    item.insert(keys::TTL_ATTR.into(), AttributeValue::N(expires.to_string()));
    Ok(item)
}

pub async fn put(db: &Db, n: &Notification) -> Result<(), StoreError> {
    db.put(item(n)?).await?;
    Ok(())
}

/// Adds to `tx`: a notification whose id and time are derived from what caused it, written
/// only if absent, so a repeated cause cannot notify twice.
pub fn write_new(tx: &mut crate::Transaction, db: &Db, n: &Notification) -> Result<(), StoreError> {
    let put = aws_sdk_dynamodb::types::Put::builder()
        .table_name(&db.table)
        .set_item(Some(item(n)?))
        .condition_expression("attribute_not_exists(PK)")
        .build()
        .map_err(StoreError::backend)?;
    tx.push(aws_sdk_dynamodb::types::TransactWriteItem::builder().put(put).build());
    Ok(())
}

/// Writes a notification unless one with the same id exists (a redelivered event). The sort
/// key embeds the time, so existence is checked by id first.
pub async fn put_once(db: &Db, n: &Notification) -> Result<bool, StoreError> {
    if find(db, n.user_id, n.id).await?.is_some() {
        return Ok(false);
    }
    put(db, n).await?;
    Ok(true)
}

/// The stored preferences item (keys and `entity` besides: the API's type refuses unknown
/// fields, this one reads past them).
#[derive(serde::Deserialize)]
struct StoredPreferences {
    #[serde(default)]
    muted_kinds: Vec<String>,
}

/// A user's notification preferences (none muted until they choose).
pub async fn preferences(db: &Db, user: UserId) -> Result<NotificationPreferences, StoreError> {
    let stored: Option<StoredPreferences> =
        db.get_as(keys::user_pk(user), keys::notification_prefs_sk()).await?;
    Ok(NotificationPreferences { muted_kinds: stored.map(|s| s.muted_kinds).unwrap_or_default() })
}

/// Stores a user's preferences with the audit entry of the change.
pub async fn put_preferences(
    db: &Db,
    user: UserId,
    prefs: &NotificationPreferences,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    let item = with_keys(
        prefs,
        "notification_prefs",
        &[(keys::PK, keys::user_pk(user)), (keys::SK, keys::notification_prefs_sk())],
    )?;
    db.put_audited(item, audit).await
}

/// What leaves `muted` kinds out of a notification query: a clause for its filter, and the names
/// and values that clause uses (none when nothing is muted).
struct Unmuted {
    clause: String,
    values: Vec<(String, AttributeValue)>,
}

impl Unmuted {
    fn new(muted: &[String]) -> Self {
        let values: Vec<(String, AttributeValue)> =
            muted.iter().enumerate().map(|(i, k)| (format!(":m{i}"), AttributeValue::S(k.clone()))).collect();
        let names: Vec<&str> = values.iter().map(|(n, _)| n.as_str()).collect();
        let clause = if muted.is_empty() {
            String::new()
        } else {
            format!(" AND NOT (#kind IN ({}))", names.join(", "))
        };
        Self { clause, values }
    }

    fn apply(&self, query: QueryFluentBuilder) -> QueryFluentBuilder {
        if self.values.is_empty() {
            return query;
        }
        self.values.iter().fold(query.expression_attribute_names("#kind", "kind"), |q, (n, v)| {
            q.expression_attribute_values(n, v.clone())
        })
    }
}

/// A user's notifications, newest first (expired ones and `muted` kinds left out).
pub async fn list(
    db: &Db,
    user: UserId,
    unread_only: bool,
    muted: &[String],
    page: &PageRequest,
) -> Result<Page<Notification>, StoreError> {
    let pk = keys::user_pk(user);
    let mut filter = "#exp > :now".to_owned();
    if unread_only {
        filter.push_str(" AND #read = :f");
    }
    let unmuted = Unmuted::new(muted);
    filter.push_str(&unmuted.clause);
    let mut query = db
        .client
        .query()
        .key_condition_expression("PK = :pk AND begins_with(SK, :n)")
        .filter_expression(filter)
        .expression_attribute_names("#exp", keys::TTL_ATTR)
        .expression_attribute_values(":pk", AttributeValue::S(pk.clone()))
        .expression_attribute_values(":n", AttributeValue::S("NOTIF#".into()))
        .expression_attribute_values(":now", live(Utc::now().timestamp()))
        .scan_index_forward(false);
    if unread_only {
        query = query
            .expression_attribute_names("#read", "read")
            .expression_attribute_values(":f", AttributeValue::Bool(false));
    }
    db.query_page(unmuted.apply(query), page, (keys::PK, &pk)).await
}

/// Unread notifications of a user, `muted` kinds left out (a count query over the user's own
/// partition).
pub async fn unread_count(db: &Db, user: UserId, muted: &[String]) -> Result<u64, StoreError> {
    let mut total = 0u64;
    let mut start = None;
    let unmuted = Unmuted::new(muted);
    let filter = format!("#read = :f AND #exp > :now{}", unmuted.clause);
    loop {
        let query = db
            .client
            .query()
            .table_name(&db.table)
            .key_condition_expression("PK = :pk AND begins_with(SK, :n)")
            .filter_expression(filter.clone())
            .expression_attribute_names("#read", "read")
            .expression_attribute_names("#exp", keys::TTL_ATTR)
            .expression_attribute_values(":pk", AttributeValue::S(keys::user_pk(user)))
            .expression_attribute_values(":n", AttributeValue::S("NOTIF#".into()))
            .expression_attribute_values(":f", AttributeValue::Bool(false))
            .expression_attribute_values(":now", live(Utc::now().timestamp()))
            .select(aws_sdk_dynamodb::types::Select::Count)
            .set_exclusive_start_key(start);
        let out = unmuted.apply(query).send().await.map_err(StoreError::backend)?;
        total += out.count as u64;
        match out.last_evaluated_key {
            Some(k) if !k.is_empty() => start = Some(k),
            _ => return Ok(total),
        }
    }
}

/// When a notification read at `now` expires: `retention_days` after it was created, and not
/// before a day from now.
pub fn read_expiry(n: &Notification, retention_days: u64, now: DateTime<Utc>) -> i64 {
    let kept = n.created_at.timestamp() + retention_days as i64 * 86_400;
    kept.max(now.timestamp() + 86_400)
}

/// Marks one notification read and starts its retention; `NotFound` when the user has no
/// such notification.
pub async fn mark_read(db: &Db, n: &Notification, retention_days: u64) -> Result<(), StoreError> {
    let res = db
        .client
        .update_item()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::user_pk(n.user_id)))
        .key(keys::SK, AttributeValue::S(sort_key(n)))
        .update_expression("SET #read = :t, #exp = :exp")
        .condition_expression("attribute_exists(PK)")
        .expression_attribute_names("#read", "read")
        .expression_attribute_names("#exp", keys::TTL_ATTR)
        .expression_attribute_values(":t", AttributeValue::Bool(true))
        .expression_attribute_values(":exp", live(read_expiry(n, retention_days, Utc::now())))
        .send()
        .await;
    match res {
        Ok(_) => Ok(()),
        Err(e) if is_condition_failure(&e) => Err(StoreError::NotFound),
        Err(e) => Err(StoreError::backend(e)),
    }
}

/// Finds a user's notification by id (its sort key embeds the time).
pub async fn find(db: &Db, user: UserId, id: Uuid) -> Result<Option<Notification>, StoreError> {
    let query = db
        .client
        .query()
        .key_condition_expression("PK = :pk AND begins_with(SK, :n)")
        .filter_expression("id = :id")
        .expression_attribute_values(":pk", AttributeValue::S(keys::user_pk(user)))
        .expression_attribute_values(":n", AttributeValue::S("NOTIF#".into()))
        .expression_attribute_values(":id", AttributeValue::S(id.to_string()));
    Ok(db.query_all(query).await?.into_iter().next().map(serde_dynamo::from_item).transpose()?)
}

pub fn sort_key(n: &Notification) -> String {
    keys::notification_sk(n.created_at, n.id)
}

/// Marks every unread notification of a user read; returns how many.
pub async fn mark_all_read(db: &Db, user: UserId, retention_days: u64) -> Result<usize, StoreError> {
    let mut marked = 0;
    let mut page = PageRequest::first(100);
    loop {
        // Muted kinds too: "all" means all.
        let p = list(db, user, true, &[], &page).await?;
        for n in &p.items {
            mark_read(db, n, retention_days).await?;
            marked += 1;
        }
        match p.next_cursor {
            Some(c) => page = PageRequest::new(Some(100), Some(c)),
            None => return Ok(marked),
        }
    }
}
