//! Test templates (`TEMPLATE#<id>` / `TEMPLATE`, on GSI1 under `TEMPLATES` by origin and source
//! id), the count of tests made from each (`TEMPLATE#<id>` / `REFS`), and the catalog of every
//! template as each warm process keeps it.
//!
//! The catalog is read whole (a few thousand templates) and kept per process, keyed by the
//! version item `TEMPLATES` / `VERSION` that every template write raises. GSI1 is eventually
//! consistent on AWS, so a catalog read right after a write could miss it: the version item
//! also carries the time of the last write (`at`), every write stamps its templates'
//! `updated_at` with that same time, and a catalog that holds no template that recent is
//! served but not kept. Deleted templates stay as tombstones (`deleted`) for a day so that a
//! deletion is a write the check can see.

use crate::db::{Item, is_condition_failure, with_keys};
use crate::{Db, StoreError, keys};
use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Put, TransactWriteItem, Update};
use chrono::{DateTime, Utc};
use domain::content::{TemplateOrigin, TestTemplate};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use uuid::Uuid;

/// Seconds a deleted template's tombstone is kept.
const TOMBSTONE_TTL_SECS: i64 = 24 * 3600;

/// Every live template at one version, sorted by name then id.
#[derive(Debug)]
pub struct TemplateView {
    pub version: u64,
    pub templates: Vec<TestTemplate>,
    by_id: HashMap<Uuid, usize>,
}

impl TemplateView {
    pub fn get(&self, id: Uuid) -> Option<&TestTemplate> {
        self.by_id.get(&id).map(|i| &self.templates[*i])
    }

    /// Active, not retired templates per ATT&CK id (a sub-technique's count also goes to its
    /// parent, once per template).
    pub fn active_by_technique(&self) -> HashMap<String, u32> {
        let mut counts: HashMap<String, u32> = HashMap::new();
        for t in self.templates.iter().filter(|t| t.active && !t.retired) {
            let mut seen: Vec<&str> = Vec::new();
            for id in &t.content.technique_ids {
                let parent = id.split('.').next().unwrap_or(id);
                for key in [id.as_str(), parent] {
                    if !seen.contains(&key) {
                        seen.push(key);
                        *counts.entry(key.to_owned()).or_default() += 1;
                    }
                }
            }
        }
        counts
    }
}

/// The sort key of the catalog and of its cursors.
pub fn sort_key(t: &TestTemplate) -> String {
    format!("{}\u{1f}{}", t.content.name.to_lowercase(), t.id)
}

static VIEWS: LazyLock<Mutex<HashMap<String, Arc<TemplateView>>>> = LazyLock::new(Default::default);

fn item(t: &TestTemplate) -> Result<Item, StoreError> {
    with_keys(
        t,
        "test_template",
        &[
            (keys::PK, keys::template_pk(t.id)),
            (keys::SK, keys::template_sk()),
            (keys::GSI1PK, keys::templates_index_pk()),
            (keys::GSI1SK, keys::templates_index_sk(t.content.source, &t.content.source_id)),
        ],
    )
}

/// A time as the records store it (serde's form), so `updated_at = :seen` conditions match.
fn stamp(at: DateTime<Utc>) -> AttributeValue {
    serde_dynamo::to_attribute_value(at).unwrap_or_else(|_| AttributeValue::S(at.to_rfc3339()))
}

fn time_of(item: &Item, attr: &str) -> Option<DateTime<Utc>> {
    item.get(attr)
        .and_then(|v| v.as_s().ok())
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.to_utc())
}

/// The transaction element that raises the version and records the write time `at`.
pub(crate) fn bump(db: &Db, at: DateTime<Utc>) -> Result<TransactWriteItem, StoreError> {
    let (pk, sk) = keys::templates_version_key();
    let update = Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(pk))
        .key(keys::SK, AttributeValue::S(sk))
        .update_expression("ADD version :one SET entity = :entity, #at = :at")
        .expression_attribute_names("#at", "at")
        .expression_attribute_values(":one", AttributeValue::N("1".into()))
        .expression_attribute_values(":entity", AttributeValue::S("templates_version".into()))
        .expression_attribute_values(":at", stamp(at))
        .build()
        .map_err(StoreError::backend)?;
    Ok(TransactWriteItem::builder().update(update).build())
}

/// Raises the version on its own (after a sync's writes, all stamped `at`).
pub async fn bump_now(db: &Db, at: DateTime<Utc>) -> Result<(), StoreError> {
    db.transact(vec![bump(db, at)?], "template version").await
}

/// (version, time of the last write), read consistently.
async fn version(db: &Db) -> Result<(u64, Option<DateTime<Utc>>), StoreError> {
    let (pk, sk) = keys::templates_version_key();
    let Some(item) = db.get(pk, sk).await? else { return Ok((0, None)) };
    let version = item.get("version").and_then(|v| v.as_n().ok()).and_then(|n| n.parse().ok()).unwrap_or(0);
    Ok((version, time_of(&item, "at")))
}

/// Every raw template item on GSI1, tombstones included.
async fn index_items(db: &Db, prefix: Option<&str>) -> Result<Vec<Item>, StoreError> {
    let mut query = db.client.query().index_name(keys::GSI1);
    query = match prefix {
        None => query
            .key_condition_expression("GSI1PK = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(keys::templates_index_pk())),
        Some(p) => query
            .key_condition_expression("GSI1PK = :pk AND begins_with(GSI1SK, :p)")
            .expression_attribute_values(":pk", AttributeValue::S(keys::templates_index_pk()))
            .expression_attribute_values(":p", AttributeValue::S(p.to_owned())),
    };
    db.query_all(query).await
}

fn is_tombstone(item: &Item) -> bool {
    item.get("deleted").and_then(|v| v.as_bool().ok()).copied().unwrap_or(false)
}

/// The catalog of every live template: this process's copy when its version is current.
pub async fn view(db: &Db) -> Result<Arc<TemplateView>, StoreError> {
    let (version, last_write) = version(db).await?;
    {
        let views = VIEWS.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = views.get(&db.table).filter(|v| v.version == version) {
            return Ok(v.clone());
        }
    }
    let items = index_items(db, None).await?;
    let mut newest: Option<DateTime<Utc>> = None;
    let mut templates = Vec::with_capacity(items.len());
    for item in items {
        let updated = time_of(&item, "updated_at");
        if updated > newest {
            newest = updated;
        }
        if !is_tombstone(&item) {
            templates.push(serde_dynamo::from_item::<_, TestTemplate>(item)?);
        }
    }
    templates.sort_by_cached_key(sort_key);
    let by_id = templates.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let view = Arc::new(TemplateView { version, templates, by_id });
    let complete = last_write.is_none_or(|at| newest.is_some_and(|n| n >= at));
    if complete {
        VIEWS.lock().unwrap_or_else(|p| p.into_inner()).insert(db.table.clone(), view.clone());
    }
    Ok(view)
}

/// One template, read consistently (`None` for a deleted one).
pub async fn get(db: &Db, id: Uuid) -> Result<Option<TestTemplate>, StoreError> {
    match db.get(keys::template_pk(id), keys::template_sk()).await? {
        Some(item) if !is_tombstone(&item) => Ok(Some(serde_dynamo::from_item(item)?)),
        _ => Ok(None),
    }
}

/// The templates a source imported (retired ones included), for a sync to compare with. The
/// index may lag a write by a moment; a sync holds its source's lease, so only its own earlier
/// runs wrote these, long before.
pub async fn of_origin(db: &Db, origin: TemplateOrigin) -> Result<Vec<TestTemplate>, StoreError> {
    let prefix = format!("{}#", origin.as_str());
    index_items(db, Some(&prefix))
        .await?
        .into_iter()
        .filter(|i| !is_tombstone(i))
        .map(|i| serde_dynamo::from_item(i).map_err(Into::into))
        .collect()
}

/// Writes templates new to the table; returns how many could not be written.
pub async fn add_batch(db: &Db, templates: &[TestTemplate]) -> Result<usize, StoreError> {
    let items = templates.iter().map(item).collect::<Result<Vec<_>, _>>()?;
    db.batch_put(items).await
}

/// Rewrites a template's content as a sync read it, keeping whatever a lead set (`active`)
/// even if it was set after the sync read the template.
pub async fn update_imported(db: &Db, t: &TestTemplate) -> Result<(), StoreError> {
    let mut attrs = item(t)?;
    attrs.remove(keys::PK);
    attrs.remove(keys::SK);
    let active = attrs.remove("active").unwrap_or(AttributeValue::Bool(true));
    let mut sets = Vec::new();
    let mut names = HashMap::new();
    let mut values = HashMap::new();
    for (i, (name, value)) in attrs.into_iter().enumerate() {
        sets.push(format!("#a{i} = :v{i}"));
        names.insert(format!("#a{i}"), name);
        values.insert(format!(":v{i}"), value);
    }
    sets.push("#active = if_not_exists(#active, :active)".into());
    names.insert("#active".into(), "active".into());
    values.insert(":active".into(), active);
    db.client
        .update_item()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::template_pk(t.id)))
        .key(keys::SK, AttributeValue::S(keys::template_sk()))
        .update_expression(format!("SET {}", sets.join(", ")))
        .set_expression_attribute_names(Some(names))
        .set_expression_attribute_values(Some(values))
        .send()
        .await
        .map_err(StoreError::backend)?;
    Ok(())
}

/// Creates a custom template with its audit entry.
pub async fn create(db: &Db, t: &TestTemplate, audit: &domain::audit::AuditEntry) -> Result<(), StoreError> {
    let put = Put::builder()
        .table_name(&db.table)
        .set_item(Some(item(t)?))
        .condition_expression("attribute_not_exists(PK)")
        .build()
        .map_err(StoreError::backend)?;
    let tx = vec![
        TransactWriteItem::builder().put(put).build(),
        bump(db, t.updated_at)?,
        crate::audit::put(db, audit)?,
    ];
    db.transact(tx, "a template with this id exists").await
}

/// Replaces a template the caller read at `seen` (its `updated_at`); `Conflict` when it changed
/// meanwhile. `t.updated_at` must be the time of this write.
pub async fn replace(
    db: &Db,
    t: &TestTemplate,
    seen: DateTime<Utc>,
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
        bump(db, t.updated_at)?,
        crate::audit::put(db, audit)?,
    ];
    db.transact(tx, "the template changed meanwhile; reload it").await
}

/// Sets `active` on each of `ids` that exists and differs; returns the ids changed. The version
/// is raised once at the end when anything changed.
pub async fn set_active(
    db: &Db,
    ids: &[Uuid],
    active: bool,
    by: &str,
    at: DateTime<Utc>,
) -> Result<Vec<Uuid>, StoreError> {
    use futures::stream::{self, StreamExt};
    let results: Vec<Result<Option<Uuid>, StoreError>> = stream::iter(ids.iter().copied())
        .map(|id| async move {
            let res = db
                .client
                .update_item()
                .table_name(&db.table)
                .key(keys::PK, AttributeValue::S(keys::template_pk(id)))
                .key(keys::SK, AttributeValue::S(keys::template_sk()))
                .update_expression("SET active = :a, updated_at = :at, updated_by = :by")
                .condition_expression(
                    "attribute_exists(PK) AND attribute_not_exists(deleted) AND active <> :a",
                )
                .expression_attribute_values(":a", AttributeValue::Bool(active))
                .expression_attribute_values(":at", stamp(at))
                .expression_attribute_values(":by", AttributeValue::S(by.to_owned()))
                .send()
                .await;
            match res {
                Ok(_) => Ok(Some(id)),
                Err(e) if is_condition_failure(&e) => Ok(None),
                Err(e) => Err(StoreError::backend(e)),
            }
        })
        .buffer_unordered(16)
        .collect()
        .await;
    let mut changed = Vec::new();
    for r in results {
        if let Some(id) = r? {
            changed.push(id);
        }
    }
    if !changed.is_empty() {
        bump_now(db, at).await?;
    }
    Ok(changed)
}

/// How many existing tests were created from the template.
pub async fn refs(db: &Db, id: Uuid) -> Result<u32, StoreError> {
    Ok(db
        .get(keys::template_pk(id), keys::template_refs_sk())
        .await?
        .and_then(|i| i.get("refs").and_then(|v| v.as_n().ok()).and_then(|n| n.parse().ok()))
        .unwrap_or(0))
}

/// Adds to `tx`: the template must be usable (active, current), and one more test is made from it.
pub fn count_use(tx: &mut crate::Transaction, db: &Db, id: Uuid) -> Result<(), StoreError> {
    tx.push(check_usable(db, id)?);
    tx.push(count_ref(db, id, 1)?);
    Ok(())
}

/// The transaction element that counts a test made from (`delta = 1`) or no longer made from
/// (`-1`) the template.
pub fn count_ref(db: &Db, id: Uuid, delta: i32) -> Result<TransactWriteItem, StoreError> {
    let update = Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::template_pk(id)))
        .key(keys::SK, AttributeValue::S(keys::template_refs_sk()))
        .update_expression("ADD refs :d SET entity = :entity")
        .expression_attribute_values(":d", AttributeValue::N(delta.to_string()))
        .expression_attribute_values(":entity", AttributeValue::S("template_refs".into()))
        .build()
        .map_err(StoreError::backend)?;
    Ok(TransactWriteItem::builder().update(update).build())
}

/// The transaction element that requires the template to exist, unretired and active (a test
/// is created from it in the same transaction).
pub fn check_usable(db: &Db, id: Uuid) -> Result<TransactWriteItem, StoreError> {
    let check = ConditionCheck::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::template_pk(id)))
        .key(keys::SK, AttributeValue::S(keys::template_sk()))
        .condition_expression(
            "attribute_exists(PK) AND attribute_not_exists(deleted) AND active = :t AND retired = :f",
        )
        .expression_attribute_values(":t", AttributeValue::Bool(true))
        .expression_attribute_values(":f", AttributeValue::Bool(false))
        .build()
        .map_err(StoreError::backend)?;
    Ok(TransactWriteItem::builder().condition_check(check).build())
}

/// Deletes a custom template no test references, leaving a tombstone; `Conflict` when a test
/// references it (or it changed since `seen`).
pub async fn delete(
    db: &Db,
    id: Uuid,
    seen: DateTime<Utc>,
    at: DateTime<Utc>,
    audit: &domain::audit::AuditEntry,
) -> Result<(), StoreError> {
    let unreferenced = ConditionCheck::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::template_pk(id)))
        .key(keys::SK, AttributeValue::S(keys::template_refs_sk()))
        .condition_expression("attribute_not_exists(PK) OR refs <= :zero")
        .expression_attribute_values(":zero", AttributeValue::N("0".into()))
        .build()
        .map_err(StoreError::backend)?;
    let tombstone = Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::template_pk(id)))
        .key(keys::SK, AttributeValue::S(keys::template_sk()))
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
    let tx = vec![
        TransactWriteItem::builder().condition_check(unreferenced).build(),
        TransactWriteItem::builder().update(tombstone).build(),
        bump(db, at)?,
        crate::audit::put(db, audit)?,
    ];
    db.transact(tx, "tests were created from this template, or it changed meanwhile").await?;
    // The counter is zero or absent by now; removing it is housekeeping.
    let _ = db
        .client
        .delete_item()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::template_pk(id)))
        .key(keys::SK, AttributeValue::S(keys::template_refs_sk()))
        .send()
        .await;
    Ok(())
}
