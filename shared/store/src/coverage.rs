//! What the coverage views keep besides the catalog: the runtime scoring weights, imported
//! technique sets (Navigator layers), and coverage snapshots.

use crate::db::with_keys;
use crate::{Db, Page, PageRequest, StoreError, keys};
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use chrono::{DateTime, Utc};
use domain::audit::AuditEntry;
use domain::scoring::Weights;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Weights an admin stored, if any.
pub async fn weights(db: &Db) -> Result<Option<Weights>, StoreError> {
    db.get_as(keys::scoring_config_pk(), keys::scoring_config_sk()).await
}

/// Stores the admin's weights with the audit entry of the change.
pub async fn put_weights(db: &Db, w: &Weights, audit: &AuditEntry) -> Result<(), StoreError> {
    let item = with_keys(
        w,
        "scoring_config",
        &[(keys::PK, keys::scoring_config_pk()), (keys::SK, keys::scoring_config_sk())],
    )?;
    db.put_audited(item, audit).await
}

/// A named set of techniques imported from a Navigator layer (an actor profile, a threat model).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TechniqueSet {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub domain: String,
    /// ATT&CK id → the layer's score for it (if any).
    pub techniques: BTreeMap<String, Option<f64>>,
    /// Ids in the layer that are not in the catalog.
    pub unknown: Vec<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// Stores an imported set with the audit entry of the import.
pub async fn put_set(db: &Db, set: &TechniqueSet, audit: &AuditEntry) -> Result<(), StoreError> {
    let item = with_keys(
        set,
        "technique_set",
        &[
            (keys::PK, keys::technique_set_pk(set.id)),
            (keys::SK, "META".into()),
            (keys::GSI1PK, keys::technique_sets_index_pk()),
            (keys::GSI1SK, keys::time_sort(set.created_at, set.id)),
        ],
    )?;
    db.put_audited(item, audit).await
}

pub async fn get_set(db: &Db, id: Uuid) -> Result<Option<TechniqueSet>, StoreError> {
    db.get_as(keys::technique_set_pk(id), "META".into()).await
}

pub async fn list_sets(db: &Db) -> Result<Vec<TechniqueSet>, StoreError> {
    let query = db
        .client
        .query()
        .index_name(keys::GSI1)
        .key_condition_expression("GSI1PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::technique_sets_index_pk()))
        .scan_index_forward(false);
    db.query_all(query).await?.into_iter().map(|i| serde_dynamo::from_item(i).map_err(Into::into)).collect()
}

/// Deletes a set with the audit entry of the deletion; `NotFound` when there was none.
pub async fn delete_set(db: &Db, id: Uuid, audit: &AuditEntry) -> Result<(), StoreError> {
    db.delete_audited(keys::technique_set_pk(id), "META".into(), audit).await
}

/// Coverage of one technique at a point in time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotEntry {
    pub status: domain::validation::Coverage,
    pub score: f64,
}

/// What lists and trends need of a snapshot: its `META` item, the only one in the GSI1 listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotMeta {
    pub id: Uuid,
    pub domain: String,
    pub taken_at: DateTime<Utc>,
    /// `manual` or `schedule`.
    pub trigger: String,
    pub taken_by: Option<String>,
    pub org_score: f64,
    pub counts: BTreeMap<String, u32>,
}

/// The organisation's coverage at a point in time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    #[serde(flatten)]
    pub meta: SnapshotMeta,
    pub techniques: BTreeMap<String, SnapshotEntry>,
}

/// The per-technique part, kept in its own item (`TECHNIQUES`) so that listing and charting
/// snapshots reads a few hundred bytes per snapshot instead of tens of kilobytes.
#[derive(Serialize, Deserialize)]
struct SnapshotTechniques {
    techniques: BTreeMap<String, SnapshotEntry>,
}

const SNAPSHOT_TECHNIQUES_SK: &str = "TECHNIQUES";

/// Stores a snapshot's two items, with the audit entry of a snapshot someone asked for.
pub async fn put_snapshot(db: &Db, s: &Snapshot, audit: Option<&AuditEntry>) -> Result<(), StoreError> {
    let meta = with_keys(
        &s.meta,
        "snapshot",
        &[
            (keys::PK, keys::snapshot_pk(s.meta.id)),
            (keys::SK, "META".into()),
            (keys::GSI1PK, keys::snapshots_index_pk(&s.meta.domain)),
            (keys::GSI1SK, keys::time_sort(s.meta.taken_at, s.meta.id)),
        ],
    )?;
    let techniques = with_keys(
        &SnapshotTechniques { techniques: s.techniques.clone() },
        "snapshot_techniques",
        &[(keys::PK, keys::snapshot_pk(s.meta.id)), (keys::SK, SNAPSHOT_TECHNIQUES_SK.into())],
    )?;
    let put = |item| -> Result<TransactWriteItem, StoreError> {
        let put =
            Put::builder().table_name(&db.table).set_item(Some(item)).build().map_err(StoreError::backend)?;
        Ok(TransactWriteItem::builder().put(put).build())
    };
    let mut tx = vec![put(techniques)?, put(meta)?];
    if let Some(audit) = audit {
        tx.push(crate::audit::put(db, audit)?);
    }
    db.transact(tx, "snapshot exists").await
}

/// A whole snapshot (both of its items, one query).
pub async fn get_snapshot(db: &Db, id: Uuid) -> Result<Option<Snapshot>, StoreError> {
    let query = db
        .client
        .query()
        .key_condition_expression("PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::snapshot_pk(id)));
    let (mut meta, mut techniques) = (None, None);
    for item in db.query_all(query).await? {
        match item.get(keys::SK).and_then(|v| v.as_s().ok()).map(String::as_str) {
            Some("META") => meta = Some(serde_dynamo::from_item::<_, SnapshotMeta>(item)?),
            Some(SNAPSHOT_TECHNIQUES_SK) => {
                techniques = Some(serde_dynamo::from_item::<_, SnapshotTechniques>(item)?.techniques)
            }
            _ => {}
        }
    }
    Ok(meta.map(|meta| Snapshot { meta, techniques: techniques.unwrap_or_default() }))
}

fn snapshots_query(
    db: &Db,
    domain: &str,
) -> aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder {
    db.client
        .query()
        .index_name(keys::GSI1)
        .expression_attribute_values(":pk", AttributeValue::S(keys::snapshots_index_pk(domain)))
}

/// Snapshots of a domain, oldest first, optionally only those taken since `since` (trends).
pub async fn snapshots(
    db: &Db,
    domain: &str,
    since: Option<DateTime<Utc>>,
) -> Result<Vec<SnapshotMeta>, StoreError> {
    let lo =
        since.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)).unwrap_or_else(|| "0".into());
    let query = snapshots_query(db, domain)
        .key_condition_expression("GSI1PK = :pk AND GSI1SK >= :lo")
        .expression_attribute_values(":lo", AttributeValue::S(lo));
    db.query_all(query).await?.into_iter().map(|i| serde_dynamo::from_item(i).map_err(Into::into)).collect()
}

/// One page of a domain's snapshots, newest first.
pub async fn snapshot_page(
    db: &Db,
    domain: &str,
    page: &PageRequest,
) -> Result<Page<SnapshotMeta>, StoreError> {
    let pk = keys::snapshots_index_pk(domain);
    let query =
        snapshots_query(db, domain).key_condition_expression("GSI1PK = :pk").scan_index_forward(false);
    db.query_page(query, page, (keys::GSI1PK, &pk)).await
}

/// Deletes snapshots taken before `cutoff` (both items of each); returns how many.
pub async fn delete_snapshots_before(
    db: &Db,
    domain: &str,
    cutoff: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let query = snapshots_query(db, domain)
        .key_condition_expression("GSI1PK = :pk AND GSI1SK < :cut")
        .expression_attribute_values(
            ":cut",
            AttributeValue::S(cutoff.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)),
        )
        .projection_expression("PK");
    let old = db.query_all(query).await?;
    for item in &old {
        for sk in ["META", SNAPSHOT_TECHNIQUES_SK] {
            db.client
                .delete_item()
                .table_name(&db.table)
                .key(keys::PK, item[keys::PK].clone())
                .key(keys::SK, AttributeValue::S(sk.into()))
                .send()
                .await
                .map_err(StoreError::backend)?;
        }
    }
    Ok(old.len())
}
