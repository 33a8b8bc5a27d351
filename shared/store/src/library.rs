//! The content library's collections (test templates, detection rules): entries imported from
//! a source or written in the app, each `<PREFIX>#<id>` / `<PREFIX>`, all on GSI1 under one
//! partition by origin and source id (which is how a sync finds its own), and the whole
//! collection as each warm process keeps it.
//!
//! The collection is read whole (a few thousand entries) and kept per process, keyed by a
//! version item (`<INDEX>` / `VERSION`) that every write raises. GSI1 is eventually consistent
//! on AWS, so a read right after a write could miss it: the version item also carries the time
//! of the last write (`at`), every write stamps its entries' `updated_at` with that same time,
//! and a collection that holds no entry that recent is served but not kept. Deleted entries
//! stay as tombstones (`deleted`) for a day so that a deletion is a write the check can see.

use crate::db::{Item, with_keys};
use crate::{Db, StoreError, keys};
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use uuid::Uuid;

/// Seconds a deleted entry's tombstone is kept.
pub(crate) const TOMBSTONE_TTL_SECS: i64 = 24 * 3600;

/// A kind of library entry and its keys.
pub trait Entry: Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    /// `entity` attribute.
    const ENTITY: &'static str;
    /// Partition key prefix and sort key (`TEMPLATE` → `TEMPLATE#<id>` / `TEMPLATE`).
    const PREFIX: &'static str;
    /// GSI1 partition of every entry, and the version item's partition.
    const INDEX: &'static str;
    /// Attributes a sync's rewrite never overwrites (set by people, e.g. `active`).
    const KEPT: &'static [&'static str];

    fn id(&self) -> Uuid;
    /// `<origin>#<source id>`.
    fn index_sk(&self) -> String;
    /// The catalog's order (and its cursors').
    fn sort_key(&self) -> String;
}

/// Every live entry of a collection at one version, in `sort_key` order.
#[derive(Debug)]
pub struct View<T> {
    pub version: u64,
    pub entries: Vec<T>,
    by_id: HashMap<Uuid, usize>,
}

impl<T: Entry> View<T> {
    pub fn get(&self, id: Uuid) -> Option<&T> {
        self.by_id.get(&id).map(|i| &self.entries[*i])
    }
}

/// (table, index) → the process's copy.
type Views = HashMap<(String, &'static str), Arc<dyn Any + Send + Sync>>;
static VIEWS: LazyLock<Mutex<Views>> = LazyLock::new(Default::default);

pub(crate) fn pk<T: Entry>(id: Uuid) -> String {
    format!("{}#{id}", T::PREFIX)
}

fn item<T: Entry>(t: &T) -> Result<Item, StoreError> {
    with_keys(
        t,
        T::ENTITY,
        &[
            (keys::PK, pk::<T>(t.id())),
            (keys::SK, T::PREFIX.to_owned()),
            (keys::GSI1PK, T::INDEX.to_owned()),
            (keys::GSI1SK, t.index_sk()),
        ],
    )
}

/// A time as the records store it (serde's form), so `updated_at = :seen` conditions match.
pub(crate) fn stamp(at: DateTime<Utc>) -> AttributeValue {
    serde_dynamo::to_attribute_value(at).unwrap_or_else(|_| AttributeValue::S(at.to_rfc3339()))
}

fn time_of(item: &Item, attr: &str) -> Option<DateTime<Utc>> {
    item.get(attr)
        .and_then(|v| v.as_s().ok())
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.to_utc())
}

/// The transaction element that raises the version and records the write time `at`.
pub(crate) fn bump<T: Entry>(db: &Db, at: DateTime<Utc>) -> Result<TransactWriteItem, StoreError> {
    let update = Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(T::INDEX.to_owned()))
        .key(keys::SK, AttributeValue::S(keys::library_version_sk()))
        .update_expression("ADD version :one SET entity = :entity, #at = :at")
        .expression_attribute_names("#at", "at")
        .expression_attribute_values(":one", AttributeValue::N("1".into()))
        .expression_attribute_values(":entity", AttributeValue::S(format!("{}_version", T::ENTITY)))
        .expression_attribute_values(":at", stamp(at))
        .build()
        .map_err(StoreError::backend)?;
    Ok(TransactWriteItem::builder().update(update).build())
}

/// Raises the version on its own (after a sync's writes, all stamped `at`).
pub async fn bump_now<T: Entry>(db: &Db, at: DateTime<Utc>) -> Result<(), StoreError> {
    db.transact(vec![bump::<T>(db, at)?], "library version").await
}

/// (version, time of the last write), read consistently.
async fn version<T: Entry>(db: &Db) -> Result<(u64, Option<DateTime<Utc>>), StoreError> {
    let Some(item) = db.get(T::INDEX.to_owned(), keys::library_version_sk()).await? else {
        return Ok((0, None));
    };
    let version = item.get("version").and_then(|v| v.as_n().ok()).and_then(|n| n.parse().ok()).unwrap_or(0);
    Ok((version, time_of(&item, "at")))
}

/// Every raw item on GSI1 (optionally of one origin), tombstones included.
async fn index_items<T: Entry>(db: &Db, prefix: Option<&str>) -> Result<Vec<Item>, StoreError> {
    let mut query = db
        .client
        .query()
        .index_name(keys::GSI1)
        .expression_attribute_values(":pk", AttributeValue::S(T::INDEX.to_owned()));
    query = match prefix {
        None => query.key_condition_expression("GSI1PK = :pk"),
        Some(p) => query
            .key_condition_expression("GSI1PK = :pk AND begins_with(GSI1SK, :p)")
            .expression_attribute_values(":p", AttributeValue::S(p.to_owned())),
    };
    db.query_all(query).await
}

fn is_tombstone(item: &Item) -> bool {
    item.get("deleted").and_then(|v| v.as_bool().ok()).copied().unwrap_or(false)
}

/// The whole collection: this process's copy when its version is current.
pub async fn view<T: Entry>(db: &Db) -> Result<Arc<View<T>>, StoreError> {
    let (version, last_write) = version::<T>(db).await?;
    let key = (db.table.clone(), T::INDEX);
    {
        let views = VIEWS.lock().unwrap_or_else(|p| p.into_inner());
        let cached = views.get(&key).and_then(|v| v.clone().downcast::<View<T>>().ok());
        if let Some(v) = cached.filter(|v| v.version == version) {
            return Ok(v);
        }
    }
    let items = index_items::<T>(db, None).await?;
    let mut newest: Option<DateTime<Utc>> = None;
    let mut entries = Vec::with_capacity(items.len());
    for item in items {
        let updated = time_of(&item, "updated_at");
        if updated > newest {
            newest = updated;
        }
        if !is_tombstone(&item) {
            entries.push(serde_dynamo::from_item::<_, T>(item)?);
        }
    }
    entries.sort_by_cached_key(|e: &T| e.sort_key());
    let by_id = entries.iter().enumerate().map(|(i, t)| (t.id(), i)).collect();
    let view = Arc::new(View { version, entries, by_id });
    let complete = last_write.is_none_or(|at| newest.is_some_and(|n| n >= at));
    if complete {
        VIEWS.lock().unwrap_or_else(|p| p.into_inner()).insert(key, view.clone());
    }
    Ok(view)
}

/// One entry, read consistently (`None` for a deleted one).
pub async fn get<T: Entry>(db: &Db, id: Uuid) -> Result<Option<T>, StoreError> {
    match db.get(pk::<T>(id), T::PREFIX.to_owned()).await? {
        Some(item) if !is_tombstone(&item) => Ok(Some(serde_dynamo::from_item(item)?)),
        _ => Ok(None),
    }
}

/// The entries of one origin (`<origin>#` prefix of GSI1SK), retired ones included, for a sync
/// to compare with. The index may lag a write by a moment; a sync holds its source's lease, so
/// only its own earlier runs wrote these, long before.
pub async fn of_origin<T: Entry>(db: &Db, origin: &str) -> Result<Vec<T>, StoreError> {
    let prefix = format!("{origin}#");
    index_items::<T>(db, Some(&prefix))
        .await?
        .into_iter()
        .filter(|i| !is_tombstone(i))
        .map(|i| serde_dynamo::from_item(i).map_err(Into::into))
        .collect()
}

/// Writes entries new to the table; returns how many could not be written.
pub async fn add_batch<T: Entry>(db: &Db, entries: &[T]) -> Result<usize, StoreError> {
    let items = entries.iter().map(item).collect::<Result<Vec<_>, _>>()?;
    db.batch_put(items).await
}

/// Rewrites an entry as a sync read it, keeping the `KEPT` attributes as people set them (even
/// if they set them after the sync read the entry).
pub async fn update_imported<T: Entry>(db: &Db, t: &T) -> Result<(), StoreError> {
    let mut attrs = item(t)?;
    attrs.remove(keys::PK);
    attrs.remove(keys::SK);
    let mut sets = Vec::new();
    let mut names = HashMap::new();
    let mut values = HashMap::new();
    for (i, kept) in T::KEPT.iter().enumerate() {
        if let Some(value) = attrs.remove(*kept) {
            sets.push(format!("#k{i} = if_not_exists(#k{i}, :k{i})"));
            names.insert(format!("#k{i}"), (*kept).to_owned());
            values.insert(format!(":k{i}"), value);
        }
    }
    for (i, (name, value)) in attrs.into_iter().enumerate() {
        sets.push(format!("#a{i} = :v{i}"));
        names.insert(format!("#a{i}"), name);
        values.insert(format!(":v{i}"), value);
    }
    db.client
        .update_item()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(pk::<T>(t.id())))
        .key(keys::SK, AttributeValue::S(T::PREFIX.to_owned()))
        .update_expression(format!("SET {}", sets.join(", ")))
        .set_expression_attribute_names(Some(names))
        .set_expression_attribute_values(Some(values))
        .send()
        .await
        .map_err(StoreError::backend)?;
    Ok(())
}

/// Creates an entry written in the app, with its audit entry; `at` is its `updated_at`.
pub async fn create<T: Entry>(
    db: &Db,
    t: &T,
    at: DateTime<Utc>,
    audit: &domain::audit::AuditEntry,
) -> Result<(), StoreError> {
    let put = Put::builder()
        .table_name(&db.table)
        .set_item(Some(item(t)?))
        .condition_expression("attribute_not_exists(PK)")
        .build()
        .map_err(StoreError::backend)?;
    let tx = vec![
        TransactWriteItem::builder().put(put).build(),
        bump::<T>(db, at)?,
        crate::audit::put(db, audit)?,
    ];
    db.transact(tx, "an entry with this id exists").await
}

/// Replaces an entry the caller read at `seen` (its `updated_at`); `Conflict` when it changed
/// meanwhile. `at` must be the new `updated_at`.
pub async fn replace<T: Entry>(
    db: &Db,
    t: &T,
    seen: DateTime<Utc>,
    at: DateTime<Utc>,
    audit: &domain::audit::AuditEntry,
) -> Result<(), StoreError> {
    let put = Put::builder()
        .table_name(&db.table)
        .set_item(Some(item(t)?))
        .condition_expression("updated_at = :seen AND attribute_not_exists(deleted)")
        .expression_attribute_values(":seen", stamp(seen))
        .build()
        .map_err(StoreError::backend)?;
    let tx = vec![
        TransactWriteItem::builder().put(put).build(),
        bump::<T>(db, at)?,
        crate::audit::put(db, audit)?,
    ];
    db.transact(tx, "it changed meanwhile; reload it").await
}

/// The transaction element that turns the entry read at `seen` into a tombstone (kept a day).
pub(crate) fn tombstone<T: Entry>(
    db: &Db,
    id: Uuid,
    seen: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<TransactWriteItem, StoreError> {
    let update = Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(pk::<T>(id)))
        .key(keys::SK, AttributeValue::S(T::PREFIX.to_owned()))
        .update_expression("SET deleted = :t, updated_at = :at, #exp = :exp")
        .condition_expression("updated_at = :seen AND attribute_not_exists(deleted)")
        .expression_attribute_names("#exp", keys::TTL_ATTR)
        .expression_attribute_values(":t", AttributeValue::Bool(true))
        .expression_attribute_values(":at", stamp(at))
        .expression_attribute_values(":seen", stamp(seen))
        .expression_attribute_values(
            ":exp",
            AttributeValue::N((at.timestamp() + TOMBSTONE_TTL_SECS).to_string()),
        )
        .build()
        .map_err(StoreError::backend)?;
    Ok(TransactWriteItem::builder().update(update).build())
}

/// Deletes an entry read at `seen` (a tombstone), with its audit entry.
pub async fn delete<T: Entry>(
    db: &Db,
    id: Uuid,
    seen: DateTime<Utc>,
    at: DateTime<Utc>,
    audit: &domain::audit::AuditEntry,
) -> Result<(), StoreError> {
    let tx = vec![tombstone::<T>(db, id, seen, at)?, bump::<T>(db, at)?, crate::audit::put(db, audit)?];
    db.transact(tx, "it changed meanwhile; reload it").await
}
