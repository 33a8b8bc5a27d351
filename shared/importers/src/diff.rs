//! Version-to-version change detection between two catalogs.
//!
//! # Keyed by STIX id, not ATT&CK id
//!
//! Entries are matched by STIX id because that is the one identifier every object has and keeps:
//!
//! * ATT&CK ids are missing on some objects (Enterprise 17.1 data components have none; they got
//!   `DCxxxx` ids in 18.1), and are not unique per bundle for every type (both Mobile matrices
//!   are `mobile-attack`).
//! * When ATT&CK restructures, the replacement is a *new* object with a new STIX id and the old
//!   object stays in the bundle as `revoked: true` plus a `revoked-by` relationship (Enterprise
//!   `T1073` -> `T1574.002`, Mobile 11.3's 36 revocations). Keyed by STIX id this shows up as
//!   "old object newly revoked, replacement added", which is what a sync must apply.
//! * ATT&CK ids also leave a domain's bundle and come back elsewhere: ICS 17.1 dropped 33
//!   Enterprise mitigations (`M1013` ...) and `G0077` that ICS 16.1 carried.
//!
//! In the real pairs checked (Enterprise 17.1->18.1, Mobile 10.1->11.3, ICS 16.1->17.1->18.1)
//! STIX id and ATT&CK id correspond one to one within each of the diffed types (no revoked
//! object shares its ATT&CK id with its replacement, no STIX id changed its ATT&CK id), so for
//! those files the two keys give the same result; the STIX id is simply the one that is always
//! defined.
//!
//! # Categories
//!
//! For each kind, `added`, `removed`, `updated` and `unchanged` partition the union of both
//! catalogs' STIX ids. `updated` means the content hash differs, i.e. the object's JSON differs
//! in any top-level field other than `spec_version` -- including fields the importer does not
//! keep, and regardless of `modified` (84 Enterprise techniques 17.1 -> 18.1, 70 ICS techniques
//! 17.1 -> 18.1 and 7 Mobile mitigations 10.1 -> 11.3 change without a new `modified`). `newly_revoked` and `newly_deprecated` are objects present in both whose
//! flag went from false/absent to true; they are also in `updated`. `links_changed` are objects
//! present in both whose relationship-derived links ([`Entity::links`]) differ, which the
//! content hash cannot see.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Catalog, Entity};

/// One entry of a diff list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryRef {
    pub stix_id: String,
    pub attack_id: Option<String>,
    pub name: String,
}

/// An entry whose content changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Updated {
    pub stix_id: String,
    pub attack_id: Option<String>,
    pub name: String,
    /// Top-level JSON fields that differ (added, removed or changed), sorted.
    pub changed_fields: Vec<String>,
}

/// An entry that became revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revocation {
    pub stix_id: String,
    pub attack_id: Option<String>,
    pub name: String,
    /// STIX id of the replacement (target of `revoked-by` in the new catalog).
    pub revoked_by_ref: Option<String>,
    /// ATT&CK id of the replacement.
    pub revoked_by: Option<String>,
}

/// Changes of one entity kind. All lists are sorted by STIX id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KindDiff {
    pub added: Vec<EntryRef>,
    pub removed: Vec<EntryRef>,
    pub updated: Vec<Updated>,
    pub unchanged: Vec<EntryRef>,
    pub newly_revoked: Vec<Revocation>,
    pub newly_deprecated: Vec<EntryRef>,
    pub links_changed: Vec<EntryRef>,
}

impl KindDiff {
    /// True when nothing was added, removed, updated or relinked.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.updated.is_empty()
            && self.links_changed.is_empty()
    }
}

/// Changes between two catalogs, per kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogDiff {
    pub old_version: Option<String>,
    pub new_version: Option<String>,
    pub tactics: KindDiff,
    pub techniques: KindDiff,
    pub intrusion_sets: KindDiff,
    pub mitigations: KindDiff,
    pub detection_strategies: KindDiff,
    pub analytics: KindDiff,
    pub data_sources: KindDiff,
    pub data_components: KindDiff,
}

impl CatalogDiff {
    /// True when no kind has changes.
    pub fn is_empty(&self) -> bool {
        [
            &self.tactics,
            &self.techniques,
            &self.intrusion_sets,
            &self.mitigations,
            &self.detection_strategies,
            &self.analytics,
            &self.data_sources,
            &self.data_components,
        ]
        .iter()
        .all(|k| k.is_empty())
    }
}

/// Compares two catalogs (normally two releases of the same domain).
pub fn diff(old: &Catalog, new: &Catalog) -> CatalogDiff {
    CatalogDiff {
        old_version: old.attack_version.clone(),
        new_version: new.attack_version.clone(),
        tactics: diff_kind(&old.tactics, &new.tactics),
        techniques: diff_kind(&old.techniques, &new.techniques),
        intrusion_sets: diff_kind(&old.intrusion_sets, &new.intrusion_sets),
        mitigations: diff_kind(&old.mitigations, &new.mitigations),
        detection_strategies: diff_kind(&old.detection_strategies, &new.detection_strategies),
        analytics: diff_kind(&old.analytics, &new.analytics),
        data_sources: diff_kind(&old.data_sources, &new.data_sources),
        data_components: diff_kind(&old.data_components, &new.data_components),
    }
}

fn entry<E: Entity>(e: &E) -> EntryRef {
    EntryRef {
        stix_id: e.stix_id().to_owned(),
        attack_id: e.attack_id().map(str::to_owned),
        name: e.name().to_owned(),
    }
}

/// Diff of one kind; public so callers can diff their own subsets.
pub fn diff_kind<E: Entity>(old: &[E], new: &[E]) -> KindDiff {
    let old_by: BTreeMap<&str, &E> = old.iter().map(|e| (e.stix_id(), e)).collect();
    let new_by: BTreeMap<&str, &E> = new.iter().map(|e| (e.stix_id(), e)).collect();
    let mut d = KindDiff::default();
    for (id, o) in &old_by {
        if !new_by.contains_key(id) {
            d.removed.push(entry(*o));
        }
    }
    for (id, n) in &new_by {
        let Some(o) = old_by.get(id) else {
            d.added.push(entry(*n));
            continue;
        };
        if o.content_hash() == n.content_hash() {
            d.unchanged.push(entry(*n));
        } else {
            d.updated.push(Updated {
                stix_id: n.stix_id().to_owned(),
                attack_id: n.attack_id().map(str::to_owned),
                name: n.name().to_owned(),
                changed_fields: o.fields().changed_fields(n.fields()),
            });
        }
        if !o.revoked() && n.revoked() {
            d.newly_revoked.push(Revocation {
                stix_id: n.stix_id().to_owned(),
                attack_id: n.attack_id().map(str::to_owned),
                name: n.name().to_owned(),
                revoked_by_ref: n.revoked_by_ref().map(str::to_owned),
                revoked_by: n.revoked_by().map(str::to_owned),
            });
        }
        if !o.deprecated() && n.deprecated() {
            d.newly_deprecated.push(entry(*n));
        }
        let (mut lo, mut ln) = (o.links(), n.links());
        lo.sort_unstable();
        ln.sort_unstable();
        if lo != ln {
            d.links_changed.push(entry(*n));
        }
    }
    d
}
