//! The catalog as each warm process keeps it. Techniques, review marks and tactics change only
//! when a sync or an admin or lead writes them, and every such write raises the domain's
//! catalog version (`CAT#<domain>` / `VERSION`) in the same transaction (or right after a
//! sync's batch). A request reads that one small item; when the process's copy carries the
//! same version it is used as is, otherwise the catalog is read once more and kept. The
//! version is read before the catalog, so a copy is never newer-labelled than its content:
//! at worst a copy is refreshed once too often.
//!
//! Coverage is kept the same way, per shard of techniques under the shards' versions, which the
//! same query reads (`coverage_view`).

use crate::catalog::{TechniqueIndex, all, index_items, sk_of};
use crate::keys::{self, CatalogKind};
use crate::{Db, StoreError};
use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use domain::catalog::{DetectionStrategy, Mitigation, Review, Tactic, Technique, ThreatActor};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// One domain's catalog at one version.
#[derive(Debug)]
pub struct CatalogView {
    pub version: u64,
    pub techniques: Vec<Technique>,
    pub reviews: HashMap<String, Review>,
    pub tactics: Vec<Tactic>,
    /// Mitigations by ATT&CK id (technique detail names them).
    pub mitigations: HashMap<String, Mitigation>,
    /// Threat actors by ATT&CK id (technique detail names those that use it).
    pub actors: HashMap<String, ThreatActor>,
    /// Detection strategies by ATT&CK id (technique detail shows its own).
    pub detection_strategies: HashMap<String, DetectionStrategy>,
    /// The ATT&CK release last synced.
    pub attack_version: Option<String>,
}

/// (table, domain): tests run many tables in one process.
type ViewKey = (String, String);

/// Per process: the last catalog read of each table and domain.
static VIEWS: LazyLock<Mutex<HashMap<ViewKey, Arc<CatalogView>>>> = LazyLock::new(Default::default);

fn version_key(domain: &str) -> (String, String) {
    (keys::catalog_state_pk(domain), keys::catalog_version_sk())
}

/// The transaction element that raises `domain`'s catalog version.
pub(crate) fn bump(db: &Db, domain: &str) -> Result<TransactWriteItem, StoreError> {
    let (pk, sk) = version_key(domain);
    let update = Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(pk))
        .key(keys::SK, AttributeValue::S(sk))
        .update_expression("ADD version :one SET entity = :entity")
        .expression_attribute_values(":one", AttributeValue::N("1".into()))
        .expression_attribute_values(":entity", AttributeValue::S("catalog_version".into()))
        .build()
        .map_err(StoreError::backend)?;
    Ok(TransactWriteItem::builder().update(update).build())
}

/// Raises the version on its own (after a sync's batch of writes).
pub async fn bump_now(db: &Db, domain: &str) -> Result<(), StoreError> {
    db.transact(vec![bump(db, domain)?], "catalog version").await
}

/// The current catalog version of `domain` (0 before any write), read consistently.
pub async fn version(db: &Db, domain: &str) -> Result<u64, StoreError> {
    let (pk, sk) = version_key(domain);
    Ok(db
        .get(pk, sk)
        .await?
        .and_then(|i| i.get("version").and_then(|v| v.as_n().ok()).and_then(|n| n.parse().ok()))
        .unwrap_or(0))
}

fn cached(db: &Db, domain: &str, version: u64) -> Option<Arc<CatalogView>> {
    let views = VIEWS.lock().unwrap_or_else(|p| p.into_inner());
    views.get(&(db.table.clone(), domain.to_owned())).filter(|v| v.version == version).cloned()
}

fn keep(db: &Db, domain: &str, view: Arc<CatalogView>) {
    let mut views = VIEWS.lock().unwrap_or_else(|p| p.into_inner());
    views.insert((db.table.clone(), domain.to_owned()), view);
}

/// The catalog with the coverage of every technique: the catalog and coverage versions in one
/// query, then this process's copies where they are current, else what changed.
pub async fn technique_index(db: &Db, domain: &str) -> Result<TechniqueIndex, StoreError> {
    let versions = crate::coverage_view::versions(db, domain).await?;
    let (view, catalog_read) = match cached(db, domain, versions.catalog) {
        Some(view) => (view, 0),
        None => read(db, domain, versions.catalog).await?,
    };
    let ids = view.techniques.iter().map(|t| t.attack_id.as_str());
    let (coverage, coverage_read) = crate::coverage_view::coverage(db, domain, &versions, ids).await?;
    // The versions' query: the catalog's and the shards' that exist.
    let items_read = 1 + versions.coverage.iter().filter(|v| **v > 0).count() + catalog_read + coverage_read;
    Ok(TechniqueIndex { view, coverage, items_read })
}

/// Reads the catalog whole and keeps it under `version`; how many items that took.
async fn read(db: &Db, domain: &str, version: u64) -> Result<(Arc<CatalogView>, usize), StoreError> {
    let mut techniques = Vec::new();
    let mut reviews = HashMap::new();
    let items = index_items(db, domain, CatalogKind::Technique).await?;
    let mut items_read = items.len();
    for item in items {
        match sk_of(&item) {
            Some("META") => techniques.push(serde_dynamo::from_item::<_, Technique>(item)?),
            Some("REVIEW") => {
                let r: Review = serde_dynamo::from_item(item)?;
                reviews.insert(r.attack_id.clone(), r);
            }
            _ => {}
        }
    }
    let tactics = all::<Tactic>(db, domain).await?;
    let attack_version = crate::catalog::state(db, domain).await?.and_then(|s| s.attack_version);
    let mitigations: HashMap<String, Mitigation> =
        all::<Mitigation>(db, domain).await?.into_iter().map(|m| (m.attack_id.clone(), m)).collect();
    let actors: HashMap<String, ThreatActor> =
        all::<ThreatActor>(db, domain).await?.into_iter().map(|a| (a.attack_id.clone(), a)).collect();
    let detection_strategies: HashMap<String, DetectionStrategy> =
        all::<DetectionStrategy>(db, domain).await?.into_iter().map(|d| (d.attack_id.clone(), d)).collect();
    items_read += tactics.len() + mitigations.len() + actors.len() + detection_strategies.len() + 1;
    let view = Arc::new(CatalogView {
        version,
        techniques,
        reviews,
        tactics,
        mitigations,
        actors,
        detection_strategies,
        attack_version,
    });
    keep(db, domain, view.clone());
    Ok((view, items_read))
}

/// The catalog without coverage (techniques pages, tactics).
pub async fn current(db: &Db, domain: &str) -> Result<Arc<CatalogView>, StoreError> {
    let version = version(db, domain).await?;
    match cached(db, domain, version) {
        Some(view) => Ok(view),
        None => Ok(read(db, domain, version).await?.0),
    }
}
