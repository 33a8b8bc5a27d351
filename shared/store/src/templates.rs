//! Test templates (`TEMPLATE#<id>` / `TEMPLATE`, on GSI1 under `TEMPLATES` by origin and source
//! id), a library collection (see [`crate::library`]), and the count of tests made from each
//! (`TEMPLATE#<id>` / `REFS`), apart from the template so a sync's rewrite never touches it.

use crate::library::{self, Entry};
use crate::{Db, StoreError, keys};
use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, TransactWriteItem, Update};
use chrono::{DateTime, Utc};
use domain::audit::AuditEntry;
use domain::content::{TemplateOrigin, TestTemplate};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

impl Entry for TestTemplate {
    const ENTITY: &'static str = "test_template";
    const PREFIX: &'static str = "TEMPLATE";
    const INDEX: &'static str = "TEMPLATES";
    const KEPT: &'static [&'static str] = &["active"];

    fn id(&self) -> Uuid {
        self.id
    }
    fn index_sk(&self) -> String {
        keys::library_index_sk(self.content.source.as_str(), &self.content.source_id)
    }
    fn sort_key(&self) -> String {
        sort_key(self)
    }
}

pub type TemplateView = library::View<TestTemplate>;

/// Active, not retired templates per ATT&CK id (a sub-technique's count also goes to its
/// parent, once per template).
pub fn active_by_technique(view: &TemplateView) -> HashMap<String, u32> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for t in view.entries.iter().filter(|t| t.active && !t.retired) {
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

/// The catalog's order and its cursors': name, then id.
pub fn sort_key(t: &TestTemplate) -> String {
    format!("{}\u{1f}{}", t.content.name.to_lowercase(), t.id)
}

pub async fn view(db: &Db) -> Result<Arc<TemplateView>, StoreError> {
    library::view(db).await
}

pub async fn get(db: &Db, id: Uuid) -> Result<Option<TestTemplate>, StoreError> {
    library::get(db, id).await
}

pub async fn of_origin(db: &Db, origin: TemplateOrigin) -> Result<Vec<TestTemplate>, StoreError> {
    library::of_origin(db, origin.as_str()).await
}

pub async fn create(db: &Db, t: &TestTemplate, audit: &domain::audit::AuditEntry) -> Result<(), StoreError> {
    library::create(db, t, t.updated_at, audit).await
}

pub async fn replace(
    db: &Db,
    t: &TestTemplate,
    seen: DateTime<Utc>,
    audit: &domain::audit::AuditEntry,
) -> Result<(), StoreError> {
    library::replace(db, t, seen, t.updated_at, audit).await
}

/// Sets `active` on each template of `ids` that exists, is not deleted and differs, each in a
/// transaction with its own audit entry (`audit(id)`), 16 at a time; the collection's version
/// once if any changed. Returns the ids changed.
pub async fn set_active(
    db: &Db,
    ids: &[Uuid],
    active: bool,
    by: &str,
    at: DateTime<Utc>,
    audit: impl Fn(Uuid) -> AuditEntry,
) -> Result<Vec<Uuid>, StoreError> {
    use futures::stream::{self, StreamExt};
    let results: Vec<Result<Option<Uuid>, StoreError>> = stream::iter(ids.iter().copied())
        .map(|id| {
            let entry = audit(id);
            async move {
                let update = Update::builder()
                    .table_name(&db.table)
                    .key(keys::PK, AttributeValue::S(keys::template_pk(id)))
                    .key(keys::SK, AttributeValue::S(keys::template_sk()))
                    .update_expression("SET active = :a, updated_at = :at, updated_by = :by")
                    .condition_expression(
                        "attribute_exists(PK) AND attribute_not_exists(deleted) AND active <> :a",
                    )
                    .expression_attribute_values(":a", AttributeValue::Bool(active))
                    .expression_attribute_values(":at", library::stamp(at))
                    .expression_attribute_values(":by", AttributeValue::S(by.to_owned()))
                    .build()
                    .map_err(StoreError::backend)?;
                let items =
                    vec![TransactWriteItem::builder().update(update).build(), crate::audit::put(db, &entry)?];
                match db.transact(items, "unchanged").await {
                    Ok(()) => Ok(Some(id)),
                    // Gone, deleted or already so: nothing changed, nothing to audit.
                    Err(StoreError::Conflict(_)) => Ok(None),
                    Err(e) => Err(e),
                }
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
        library::bump_now::<TestTemplate>(db, at).await?;
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

/// Adds to `tx`: the template must be usable (active, current), and one more test is made from it.
pub fn count_use(tx: &mut crate::Transaction, db: &Db, id: Uuid) -> Result<(), StoreError> {
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
    tx.push(TransactWriteItem::builder().condition_check(check).build());
    tx.push(count_ref(db, id, 1)?);
    Ok(())
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
    let tx = vec![
        TransactWriteItem::builder().condition_check(unreferenced).build(),
        library::tombstone::<TestTemplate>(db, id, seen, at)?,
        library::bump::<TestTemplate>(db, at)?,
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
