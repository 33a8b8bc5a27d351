//! The ATT&CK catalog: one item per tactic, technique, threat actor, mitigation and detection
//! strategy of a domain (`CAT#<domain>#<KIND>#<id>` / `META`), each kind listed by one GSI1
//! partition. Every MITRE item carries `item_hash`, the sync's fingerprint of what it was written
//! from, so a sync reads the hashes and writes only what changed. User data (review marks,
//! custom actor mappings) are separate items the sync never writes, except when it re-points
//! them from a revoked technique to its replacement.
//!
//! The catalog is bounded by ATT&CK (about 1,000 objects per domain), so listings read a whole
//! kind partition and filter in memory; nothing here grows with user activity.

use crate::db::{Item, is_condition_failure, with_keys};
use crate::keys::{self, CatalogKind};
use crate::{Db, StoreError};
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem};
use chrono::{DateTime, Utc};
use domain::audit::AuditEntry;
use domain::catalog::{ActorMapping, DetectionStrategy, Mitigation, Review, Tactic, Technique, ThreatActor};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A catalog record the store knows how to key.
pub trait CatalogRecord: Serialize + DeserializeOwned {
    const KIND: CatalogKind;
    fn id(&self) -> &str;
    fn domain(&self) -> &str;
    /// GSI1 sort key within the kind's index.
    fn index_sk(&self) -> String {
        self.id().to_owned()
    }
    fn custom(&self) -> bool {
        false
    }
}

impl CatalogRecord for Tactic {
    const KIND: CatalogKind = CatalogKind::Tactic;
    fn id(&self) -> &str {
        &self.id
    }
    fn domain(&self) -> &str {
        &self.domain
    }
    fn index_sk(&self) -> String {
        keys::tactic_index_sk(self.order, &self.id)
    }
}
impl CatalogRecord for Technique {
    const KIND: CatalogKind = CatalogKind::Technique;
    fn id(&self) -> &str {
        &self.attack_id
    }
    fn domain(&self) -> &str {
        &self.domain
    }
    fn custom(&self) -> bool {
        self.custom
    }
}
impl CatalogRecord for ThreatActor {
    const KIND: CatalogKind = CatalogKind::Actor;
    fn id(&self) -> &str {
        &self.attack_id
    }
    fn domain(&self) -> &str {
        &self.domain
    }
    fn custom(&self) -> bool {
        self.custom
    }
}
impl CatalogRecord for Mitigation {
    const KIND: CatalogKind = CatalogKind::Mitigation;
    fn id(&self) -> &str {
        &self.attack_id
    }
    fn domain(&self) -> &str {
        &self.domain
    }
}
impl CatalogRecord for DetectionStrategy {
    const KIND: CatalogKind = CatalogKind::DetectionStrategy;
    fn id(&self) -> &str {
        &self.attack_id
    }
    fn domain(&self) -> &str {
        &self.domain
    }
}

/// The item for a record, with its keys and the sync fingerprint.
pub fn item<R: CatalogRecord>(record: &R, item_hash: &str) -> Result<Item, StoreError> {
    let (domain, id) = (record.domain(), record.id());
    let mut item = with_keys(
        record,
        R::KIND.entity(),
        &[
            (keys::PK, keys::catalog_pk(domain, R::KIND, id)),
            (keys::SK, keys::catalog_meta_sk()),
            (keys::GSI1PK, keys::catalog_index_pk(domain, R::KIND)),
            (keys::GSI1SK, record.index_sk()),
        ],
    )?;
    item.insert("item_hash".into(), AttributeValue::S(item_hash.to_owned()));
    item.insert("custom".into(), AttributeValue::Bool(record.custom()));
    Ok(item)
}

/// Writes items in batches; returns how many failed after retries.
pub async fn put_items(db: &Db, items: Vec<Item>) -> Result<usize, StoreError> {
    db.batch_put(items).await
}

/// What a sync needs to know about a stored object to decide whether to write it.
#[derive(Debug, Clone, Deserialize)]
pub struct Stored {
    #[serde(rename = "GSI1SK")]
    index_sk: String,
    #[serde(default)]
    pub item_hash: Option<String>,
    #[serde(default)]
    pub custom: bool,
    #[serde(default)]
    pub revoked: bool,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub removed: bool,
}

/// Fingerprints of every stored object of a kind, by ATT&CK id.
pub async fn stored(db: &Db, domain: &str, kind: CatalogKind) -> Result<HashMap<String, Stored>, StoreError> {
    let query = db
        .client
        .query()
        .index_name(keys::GSI1)
        .key_condition_expression("GSI1PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::catalog_index_pk(domain, kind)))
        .projection_expression("GSI1SK, item_hash, custom, revoked, deprecated, removed, SK")
        .filter_expression("SK = :meta")
        .expression_attribute_values(":meta", AttributeValue::S(keys::catalog_meta_sk()));
    let mut out = HashMap::new();
    for item in db.query_all(query).await? {
        let s: Stored = serde_dynamo::from_item(item)?;
        let id = match kind {
            CatalogKind::Tactic => {
                s.index_sk.split_once('#').map(|(_, id)| id.to_owned()).unwrap_or_default()
            }
            _ => s.index_sk.clone(),
        };
        out.insert(id, s);
    }
    Ok(out)
}

/// Marks MITRE objects that disappeared from the data as removed (user data stays attached).
pub async fn mark_removed(db: &Db, domain: &str, kind: CatalogKind, id: &str) -> Result<bool, StoreError> {
    let res = db
        .client
        .update_item()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::catalog_pk(domain, kind, id)))
        .key(keys::SK, AttributeValue::S(keys::catalog_meta_sk()))
        .update_expression("SET removed = :t, item_hash = :h")
        .condition_expression("attribute_exists(PK) AND custom = :f")
        .expression_attribute_values(":t", AttributeValue::Bool(true))
        .expression_attribute_values(":f", AttributeValue::Bool(false))
        .expression_attribute_values(":h", AttributeValue::S("removed".into()))
        .send()
        .await;
    match res {
        Ok(_) => Ok(true),
        Err(e) if is_condition_failure(&e) => Ok(false),
        Err(e) => Err(StoreError::backend(e)),
    }
}

/// Every record of a kind in index order, with the user items that share the index (reviews).
pub(crate) async fn index_items(db: &Db, domain: &str, kind: CatalogKind) -> Result<Vec<Item>, StoreError> {
    let query = db
        .client
        .query()
        .index_name(keys::GSI1)
        .key_condition_expression("GSI1PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::catalog_index_pk(domain, kind)));
    db.query_all(query).await
}

pub(crate) fn sk_of(item: &Item) -> Option<&str> {
    item.get(keys::SK).and_then(|v| v.as_s().ok()).map(String::as_str)
}

/// Every record of a kind, in index order.
pub async fn all<R: CatalogRecord>(db: &Db, domain: &str) -> Result<Vec<R>, StoreError> {
    index_items(db, domain, R::KIND)
        .await?
        .into_iter()
        .filter(|i| sk_of(i) == Some("META"))
        .map(|i| serde_dynamo::from_item(i).map_err(StoreError::from))
        .collect()
}

/// Every technique with what users attached to it, in ATT&CK id order: the process's catalog
/// copy (`catalog_view`) and the coverage read for this request.
pub struct TechniqueIndex {
    pub view: std::sync::Arc<crate::catalog_view::CatalogView>,
    pub coverage: std::sync::Arc<HashMap<String, crate::validation::TechniqueCoverage>>,
    /// DynamoDB items this read took.
    pub items_read: usize,
}

impl TechniqueIndex {
    pub fn techniques(&self) -> &[Technique] {
        &self.view.techniques
    }

    pub fn reviews(&self) -> &HashMap<String, Review> {
        &self.view.reviews
    }
}

/// The technique index of a domain (see `catalog_view`).
pub async fn technique_index(db: &Db, domain: &str) -> Result<TechniqueIndex, StoreError> {
    crate::catalog_view::technique_index(db, domain).await
}

/// The tactics of a domain in matrix order, from the process's catalog copy.
pub async fn tactics(db: &Db, domain: &str) -> Result<Vec<Tactic>, StoreError> {
    Ok(crate::catalog_view::current(db, domain).await?.tactics.clone())
}

/// One record by ATT&CK id.
pub async fn get<R: CatalogRecord>(db: &Db, domain: &str, id: &str) -> Result<Option<R>, StoreError> {
    db.get_as(keys::catalog_pk(domain, R::KIND, id), keys::catalog_meta_sk()).await
}

/// A technique's review mark.
pub async fn review(db: &Db, domain: &str, technique: &str) -> Result<Option<Review>, StoreError> {
    db.get_as(keys::catalog_pk(domain, CatalogKind::Technique, technique), keys::review_sk()).await
}

fn review_item(db: &Db, domain: &str, review: &Review) -> Result<Item, StoreError> {
    let _ = db;
    with_keys(
        review,
        "review",
        &[
            (keys::PK, keys::catalog_pk(domain, CatalogKind::Technique, &review.attack_id)),
            (keys::SK, keys::review_sk()),
            (keys::GSI1PK, keys::catalog_index_pk(domain, CatalogKind::Technique)),
            (keys::GSI1SK, keys::review_index_sk(&review.attack_id)),
        ],
    )
}

/// A put or delete of a record of `domain` with the audit entry of the change and the raise of
/// the catalog version, in one transaction.
async fn audited(
    db: &Db,
    domain: &str,
    write: TransactWriteItem,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    let tx = vec![write, crate::audit::put(db, audit)?, crate::catalog_view::bump(db, domain)?];
    db.transact(tx, "condition failed").await
}

/// The condition that a record is one of ours, not MITRE's.
const CUSTOM_ONLY: &str = "attribute_exists(PK) AND custom = :custom";

fn custom_values(condition: &str) -> Option<HashMap<String, AttributeValue>> {
    // DynamoDB refuses values the expression does not use.
    (condition == CUSTOM_ONLY).then(|| HashMap::from([(":custom".to_owned(), AttributeValue::Bool(true))]))
}

fn put_op(db: &Db, item: Item, condition: &str) -> Result<TransactWriteItem, StoreError> {
    let put = Put::builder()
        .table_name(&db.table)
        .set_item(Some(item))
        .condition_expression(condition)
        .set_expression_attribute_values(custom_values(condition))
        .build()
        .map_err(StoreError::backend)?;
    Ok(TransactWriteItem::builder().put(put).build())
}

fn delete_op(db: &Db, pk: String, sk: String, condition: &str) -> Result<TransactWriteItem, StoreError> {
    let delete = Delete::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(pk))
        .key(keys::SK, AttributeValue::S(sk))
        .condition_expression(condition)
        .set_expression_attribute_values(custom_values(condition))
        .build()
        .map_err(StoreError::backend)?;
    Ok(TransactWriteItem::builder().delete(delete).build())
}

/// Sets a technique's review mark (the technique must exist), with its audit entry.
pub async fn put_review(
    db: &Db,
    domain: &str,
    review: &Review,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    if get::<Technique>(db, domain, &review.attack_id).await?.is_none() {
        return Err(StoreError::NotFound);
    }
    let put = Put::builder()
        .table_name(&db.table)
        .set_item(Some(review_item(db, domain, review)?))
        .build()
        .map_err(StoreError::backend)?;
    let tx = vec![
        TransactWriteItem::builder().put(put).build(),
        crate::audit::put(db, audit)?,
        crate::catalog_view::bump(db, domain)?,
    ];
    db.transact(tx, "review mark").await
}

/// Puts a review only where none exists (re-pointing must not overwrite the replacement's own).
pub async fn put_review_if_absent(db: &Db, domain: &str, review: &Review) -> Result<bool, StoreError> {
    let res = db
        .client
        .put_item()
        .table_name(&db.table)
        .set_item(Some(review_item(db, domain, review)?))
        .condition_expression("attribute_not_exists(PK)")
        .send()
        .await;
    match res {
        Ok(_) => crate::catalog_view::bump_now(db, domain).await.map(|()| true),
        Err(e) if is_condition_failure(&e) => Ok(false),
        Err(e) => Err(StoreError::backend(e)),
    }
}

/// Deletes a review mark, only if it is the one a re-point created from `from`.
pub async fn delete_repointed_review(
    db: &Db,
    domain: &str,
    technique: &str,
    from: &str,
) -> Result<bool, StoreError> {
    let res = db
        .client
        .delete_item()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::catalog_pk(domain, CatalogKind::Technique, technique)))
        .key(keys::SK, AttributeValue::S(keys::review_sk()))
        .condition_expression("repointed_from = :from")
        .expression_attribute_values(":from", AttributeValue::S(from.to_owned()))
        .send()
        .await;
    match res {
        Ok(_) => crate::catalog_view::bump_now(db, domain).await.map(|()| true),
        Err(e) if is_condition_failure(&e) => Ok(false),
        Err(e) => Err(StoreError::backend(e)),
    }
}

fn mapping_item(domain: &str, m: &ActorMapping) -> Result<Item, StoreError> {
    with_keys(
        m,
        "actor_mapping",
        &[
            (keys::PK, keys::catalog_pk(domain, CatalogKind::Actor, &m.actor_id)),
            (keys::SK, keys::actor_mapping_sk(&m.technique_id)),
            (keys::GSI2PK, keys::technique_actors_pk(domain, &m.technique_id)),
            (keys::GSI2SK, m.actor_id.clone()),
        ],
    )
}

/// Adds a custom actor -> technique mapping (idempotent), with its audit entry.
pub async fn put_mapping(
    db: &Db,
    domain: &str,
    m: &ActorMapping,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    db.put_audited(mapping_item(domain, m)?, audit).await
}

/// Removes a custom mapping with its audit entry; `NotFound` when there was none.
pub async fn delete_mapping(
    db: &Db,
    domain: &str,
    actor: &str,
    technique: &str,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    let pk = keys::catalog_pk(domain, CatalogKind::Actor, actor);
    db.delete_audited(pk, keys::actor_mapping_sk(technique), audit).await
}

/// Custom mappings of an actor.
pub async fn mappings_of_actor(db: &Db, domain: &str, actor: &str) -> Result<Vec<ActorMapping>, StoreError> {
    let query = db
        .client
        .query()
        .key_condition_expression("PK = :pk AND begins_with(SK, :map)")
        .expression_attribute_values(
            ":pk",
            AttributeValue::S(keys::catalog_pk(domain, CatalogKind::Actor, actor)),
        )
        .expression_attribute_values(":map", AttributeValue::S("MAP#".into()));
    db.query_all(query).await?.into_iter().map(|i| serde_dynamo::from_item(i).map_err(Into::into)).collect()
}

/// Custom mappings onto a technique (GSI2).
pub async fn mappings_of_technique(
    db: &Db,
    domain: &str,
    technique: &str,
) -> Result<Vec<ActorMapping>, StoreError> {
    let query = db
        .client
        .query()
        .index_name(keys::GSI2)
        .key_condition_expression("GSI2PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::technique_actors_pk(domain, technique)));
    db.query_all(query).await?.into_iter().map(|i| serde_dynamo::from_item(i).map_err(Into::into)).collect()
}

/// Creates a custom record with its audit entry; `Conflict` if the id is taken.
pub async fn create_custom<R: CatalogRecord>(
    db: &Db,
    record: &R,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    let op = put_op(db, item(record, "custom")?, "attribute_not_exists(PK)")?;
    match audited(db, record.domain(), op, audit).await {
        Err(StoreError::Conflict(_)) => Err(StoreError::Conflict(format!("{} exists", record.id()))),
        other => other,
    }
}

/// Replaces a custom record with its audit entry; MITRE records are refused (`Conflict`),
/// unknown ids are `NotFound`.
pub async fn replace_custom<R: CatalogRecord>(
    db: &Db,
    record: &R,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    let op = put_op(db, item(record, "custom")?, CUSTOM_ONLY)?;
    match audited(db, record.domain(), op, audit).await {
        Ok(()) => Ok(()),
        Err(StoreError::Conflict(_)) => match get::<R>(db, record.domain(), record.id()).await? {
            None => Err(StoreError::NotFound),
            Some(_) => {
                Err(StoreError::Conflict(format!("{} is MITRE data and cannot be changed", record.id())))
            }
        },
        Err(e) => Err(e),
    }
}

/// Deletes a custom record with its audit entry; MITRE records are refused (`Conflict`).
pub async fn delete_custom(
    db: &Db,
    domain: &str,
    kind: CatalogKind,
    id: &str,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    let op = delete_op(db, keys::catalog_pk(domain, kind, id), keys::catalog_meta_sk(), CUSTOM_ONLY)?;
    match audited(db, domain, op, audit).await {
        Err(StoreError::Conflict(_)) => {
            let exists = db.get(keys::catalog_pk(domain, kind, id), keys::catalog_meta_sk()).await?.is_some();
            if exists {
                Err(StoreError::Conflict(format!("{id} is MITRE data and cannot be deleted")))
            } else {
                Err(StoreError::NotFound)
            }
        }
        other => other,
    }
}

/// What a domain's catalog was last synced to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogState {
    pub domain: String,
    pub attack_version: Option<String>,
    pub synced_at: DateTime<Utc>,
    pub run_id: uuid::Uuid,
}

pub async fn put_state(db: &Db, state: &CatalogState) -> Result<(), StoreError> {
    let item = with_keys(
        state,
        "catalog_state",
        &[(keys::PK, keys::catalog_state_pk(&state.domain)), (keys::SK, keys::catalog_state_sk())],
    )?;
    let put =
        Put::builder().table_name(&db.table).set_item(Some(item)).build().map_err(StoreError::backend)?;
    let tx =
        vec![TransactWriteItem::builder().put(put).build(), crate::catalog_view::bump(db, &state.domain)?];
    db.transact(tx, "catalog state").await
}

pub async fn state(db: &Db, domain: &str) -> Result<Option<CatalogState>, StoreError> {
    db.get_as(keys::catalog_state_pk(domain), keys::catalog_state_sk()).await
}
