//! Every technique's coverage as each warm process keeps it, exact and read in a few items.
//!
//! The techniques of a domain fall into [`SHARDS`] shards by a stable hash of their ATT&CK id.
//! Each shard has a version (`CAT#<domain>` / `VERSION#COVERAGE#nn`), raised in the same
//! transaction as every write of a coverage item of that shard. A request reads the catalog
//! version and the shard versions in one consistent query; a shard whose version this process
//! has already read is served from its copy, any other is read again with a consistent
//! `BatchGetItem` of its techniques' coverage items (never from an index, which may lag). So a
//! warm request reads 17 small items, plus the coverage of the shards written since.
//!
//! One version item per domain would be hot: every lifecycle transaction would write it, and
//! concurrent ones would cancel each other. Sixteen keep two unrelated writes apart fifteen
//! times in sixteen, and a shard re-read is about 1/16 of the catalog.
//!
//! Versions are read before the items, so a copy is never labelled newer than its content: a
//! write landing in between is read again on the next request.

use crate::db::Item;
use crate::{Db, StoreError, keys};
use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use domain::validation::TechniqueCoverage;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// Shards of a domain's coverage.
pub const SHARDS: usize = 16;

/// The shard of a technique: FNV-1a of its id (stable across processes and releases, unlike
/// the standard library's seeded hasher).
pub fn shard_of(technique: &str) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for b in technique.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (h % SHARDS as u32) as usize
}

/// The transaction element that raises the version of `technique`'s shard.
pub(crate) fn bump(db: &Db, domain: &str, technique: &str) -> Result<TransactWriteItem, StoreError> {
    bump_shard(db, domain, shard_of(technique))
}

pub(crate) fn bump_shard(db: &Db, domain: &str, shard: usize) -> Result<TransactWriteItem, StoreError> {
    let update = Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::catalog_state_pk(domain)))
        .key(keys::SK, AttributeValue::S(keys::coverage_version_sk(shard)))
        .update_expression("ADD version :one SET entity = :entity")
        .expression_attribute_values(":one", AttributeValue::N("1".into()))
        .expression_attribute_values(":entity", AttributeValue::S("coverage_version".into()))
        .build()
        .map_err(StoreError::backend)?;
    Ok(TransactWriteItem::builder().update(update).build())
}

/// Raises the version of `technique`'s shard on its own (after a write made outside the store,
/// such as a restore: warm processes then read that shard again).
pub async fn bump_now(db: &Db, domain: &str, technique: &str) -> Result<(), StoreError> {
    db.transact(vec![bump(db, domain, technique)?], "coverage version").await
}

/// A domain's catalog version and its coverage shards' versions (0 before any write).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Versions {
    pub catalog: u64,
    pub coverage: [u64; SHARDS],
}

/// Reads both kinds of version in one strongly consistent query of the domain's state partition.
pub async fn versions(db: &Db, domain: &str) -> Result<Versions, StoreError> {
    let query = db
        .client
        .query()
        .key_condition_expression("PK = :pk AND begins_with(SK, :v)")
        .expression_attribute_values(":pk", AttributeValue::S(keys::catalog_state_pk(domain)))
        .expression_attribute_values(":v", AttributeValue::S(keys::catalog_version_sk()))
        .consistent_read(true);
    let mut out = Versions::default();
    let catalog_sk = keys::catalog_version_sk();
    let shard_sks: Vec<String> = (0..SHARDS).map(keys::coverage_version_sk).collect();
    for item in db.query_all(query).await? {
        let version = item.get("version").and_then(|v| v.as_n().ok()).and_then(|n| n.parse().ok());
        let (Some(sk), Some(version)) = (item.get(keys::SK).and_then(|v| v.as_s().ok()), version) else {
            continue;
        };
        if *sk == catalog_sk {
            out.catalog = version;
        } else if let Some(shard) = shard_sks.iter().position(|s| s == sk) {
            out.coverage[shard] = version;
        }
    }
    Ok(out)
}

/// What a process holds of one domain's coverage: per shard, the version read and its items.
#[derive(Debug)]
struct CoverageCopy {
    catalog: u64,
    shards: [u64; SHARDS],
    coverage: Arc<HashMap<String, TechniqueCoverage>>,
}

/// (table, domain): tests run many tables in one process.
type CopyKey = (String, String);

static COPIES: LazyLock<Mutex<HashMap<CopyKey, Arc<CoverageCopy>>>> = LazyLock::new(Default::default);

fn copy_of(db: &Db, domain: &str) -> Option<Arc<CoverageCopy>> {
    COPIES.lock().unwrap_or_else(|p| p.into_inner()).get(&(db.table.clone(), domain.to_owned())).cloned()
}

/// Every technique's coverage at `versions` (the techniques are the catalog's at
/// `versions.catalog`), and how many items reading it took.
pub async fn coverage(
    db: &Db,
    domain: &str,
    versions: &Versions,
    techniques: impl Iterator<Item = &str>,
) -> Result<(Arc<HashMap<String, TechniqueCoverage>>, usize), StoreError> {
    let held = copy_of(db, domain).filter(|c| c.catalog == versions.catalog);
    let stale: Vec<usize> =
        (0..SHARDS).filter(|s| held.as_ref().is_none_or(|c| c.shards[*s] != versions.coverage[*s])).collect();
    if let Some(held) = held.as_ref().filter(|_| stale.is_empty()) {
        return Ok((held.coverage.clone(), 0));
    }
    let wanted: Vec<&str> = techniques.filter(|t| stale.contains(&shard_of(t))).collect();
    let read = read_items(db, domain, &wanted).await?;
    let items_read = read.len();
    let mut coverage: HashMap<String, TechniqueCoverage> = match &held {
        Some(c) => c
            .coverage
            .iter()
            .filter(|(id, _)| !stale.contains(&shard_of(id)))
            .map(|(id, c)| (id.clone(), c.clone()))
            .collect(),
        None => HashMap::new(),
    };
    for item in read {
        let c = crate::technique_coverage::from_item(item)?;
        coverage.insert(c.attack_id.clone(), c);
    }
    let copy = Arc::new(CoverageCopy {
        catalog: versions.catalog,
        shards: versions.coverage,
        coverage: Arc::new(coverage),
    });
    keep(db, domain, copy.clone());
    Ok((copy.coverage.clone(), items_read))
}

/// Keeps `copy` unless the process already holds a newer one (two requests may refresh at
/// once; the one that read later versions wins, whatever finishes first).
fn keep(db: &Db, domain: &str, copy: Arc<CoverageCopy>) {
    let mut copies = COPIES.lock().unwrap_or_else(|p| p.into_inner());
    let key = (db.table.clone(), domain.to_owned());
    let newer_held = copies.get(&key).is_some_and(|held| {
        held.catalog > copy.catalog
            || (held.catalog == copy.catalog && held.shards.iter().zip(&copy.shards).all(|(h, c)| h >= c))
    });
    if !newer_held {
        copies.insert(key, copy);
    }
}

/// The coverage items of `techniques` (those that have one), consistently.
async fn read_items(db: &Db, domain: &str, techniques: &[&str]) -> Result<Vec<Item>, StoreError> {
    let keys = techniques
        .iter()
        .map(|t| (keys::catalog_pk(domain, keys::CatalogKind::Technique, t), keys::coverage_sk()))
        .collect();
    db.batch_get(keys).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_stable_and_spread_the_catalog() {
        // Pinned: the shard of an id must never change between releases. During a deploy old
        // and new code run side by side, and a write that raised another shard than the one a
        // reader checks would not be seen until that shard's next write.
        let pinned: Vec<usize> =
            ["T1001", "T1059", "T1059.001", "T1003.001"].iter().map(|t| shard_of(t)).collect();
        assert_eq!(pinned, vec![5, 4, 13, 14]);
        let mut per_shard = [0usize; SHARDS];
        for n in 1000..1700 {
            per_shard[shard_of(&format!("T{n}"))] += 1;
        }
        // 700 ids over 16 shards: none empty, none with more than twice its share.
        assert!(per_shard.iter().all(|n| *n > 0 && *n < 2 * 700 / SHARDS), "{per_shard:?}");
    }
}
