//! Writes one kind of records: compares each record's fingerprint with the stored one and
//! writes only new and changed items (batched), marks vanished MITRE items as removed, and never
//! touches custom items.

use crate::records::Hashed;
use domain::catalog::Lifecycle;
use domain::sync::ChangeCounts;
use futures::{StreamExt, TryStreamExt};
use std::collections::BTreeMap;
use store::catalog::{self, CatalogRecord};
use store::{Db, StoreError};

/// A technique (or other object) that this run saw become revoked.
pub struct Revoked {
    pub id: String,
    pub by: Option<String>,
}

pub struct Applied {
    pub counts: ChangeCounts,
    pub newly_revoked: Vec<Revoked>,
}

/// Applies the records of one kind; `lifecycle` reads a record's flags.
pub async fn apply_kind<R: CatalogRecord>(
    db: &Db,
    domain: &str,
    records: &BTreeMap<String, Hashed<R>>,
    lifecycle: impl Fn(&R) -> &Lifecycle,
) -> Result<Applied, StoreError> {
    let stored = catalog::stored(db, domain, R::KIND).await?;
    let mut counts = ChangeCounts::default();
    let mut newly_revoked = Vec::new();
    let mut writes = Vec::new();
    for (id, new) in records {
        let flags = lifecycle(&new.record);
        match stored.get(id) {
            Some(s) if s.custom => continue, // an admin's object: never overwritten
            Some(s) if s.item_hash.as_deref() == Some(new.hash.as_str()) => {
                counts.unchanged += 1;
                continue;
            }
            Some(s) if flags.revoked && !s.revoked => {
                counts.revoked += 1;
                newly_revoked.push(Revoked { id: id.clone(), by: flags.revoked_by.clone() });
            }
            Some(s) if flags.deprecated && !s.deprecated && !flags.revoked => counts.deprecated += 1,
            Some(_) => counts.updated += 1,
            None => counts.added += 1,
        }
        writes.push(catalog::item(&new.record, &new.hash)?);
    }
    counts.failed += catalog::put_items(db, writes).await? as u32;

    let vanished: Vec<String> = stored
        .iter()
        .filter(|(id, s)| !s.custom && !s.removed && !records.contains_key(*id))
        .map(|(id, _)| id.clone())
        .collect();
    // Owned captures: borrowed ones make the future's Send-ness lifetime-dependent, which
    // spawned tasks cannot prove.
    let marked: Vec<bool> = futures::stream::iter(vanished)
        .map(|id| {
            let (db, domain) = (db.clone(), domain.to_owned());
            async move { catalog::mark_removed(&db, &domain, R::KIND, &id).await }
        })
        .buffer_unordered(8)
        .try_collect()
        .await?;
    counts.removed += marked.iter().filter(|m| **m).count() as u32;
    Ok(Applied { counts, newly_revoked })
}
