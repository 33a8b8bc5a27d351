//! Relationships: kept compactly while the bundle streams (they may come before the objects they
//! join), then resolved once into [`Links`], the index the per-kind conversions look up.
//!
//! Relationships that are themselves revoked or deprecated are withdrawn claims and create no
//! link, except `revoked-by`: Mobile marks some of those deprecated, and for several revoked
//! techniques (e.g. 11.3 T1431) a deprecated one is the only record of the replacement, so it is
//! used when there is no live one.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::meta::RevokedBy;
use super::raw::{RawRelationship, typed};
use super::sdo::{Kind, Sdo};
use crate::model::ParseStats;

/// One relationship as read: its type, both ends, and whether it is withdrawn.
pub(super) struct Rel {
    ty: String,
    source: String,
    target: String,
    withdrawn: bool,
}

/// Reads a `relationship` object's text.
pub(super) fn read(raw: &str) -> Result<Rel, String> {
    let r: RawRelationship = typed(raw)?;
    Ok(Rel {
        ty: r.relationship_type,
        source: r.source_ref,
        target: r.target_ref,
        withdrawn: r.revoked.unwrap_or(false) || r.x_mitre_deprecated.unwrap_or(false),
    })
}

/// The (source kind, target kind) a link-forming relationship type joins; others are ignored.
fn link_kinds(rel_type: &str) -> Option<(Kind, Kind)> {
    match rel_type {
        "subtechnique-of" => Some((Kind::Technique, Kind::Technique)),
        "uses" => Some((Kind::IntrusionSet, Kind::Technique)),
        "mitigates" => Some((Kind::Mitigation, Kind::Technique)),
        "detects" => Some((Kind::DetectionStrategy, Kind::Technique)),
        _ => None,
    }
}

/// What the relationships say about the modelled objects, by STIX id, borrowed from the
/// objects and relationships it was built from.
pub(super) struct Links<'a> {
    /// STIX id -> ATT&CK id of every modelled object (links are reported by ATT&CK id too).
    attack_ids: HashMap<&'a str, Option<&'a str>>,
    kinds: HashMap<&'a str, Kind>,
    /// Revoked object -> (replacement, whether the chosen relationship is withdrawn).
    revoked_by: HashMap<&'a str, (&'a str, bool)>,
    /// Sub-technique -> the techniques it is `subtechnique-of`.
    parents: HashMap<&'a str, BTreeSet<&'a str>>,
    /// (`uses` / `mitigates` / `detects`, source) -> its target techniques.
    targets: HashMap<(&'a str, &'a str), BTreeSet<&'a str>>,
    /// ATT&CK id -> STIX id of the techniques, to find a sub-technique's parent by id prefix.
    techniques_by_attack_id: HashMap<&'a str, &'a str>,
}

impl<'a> Links<'a> {
    /// Resolves `rels` against `sdos`. `ids` holds every STIX id of the bundle: relationships
    /// with an end outside it are counted as unresolved and ignored. Several live `revoked-by`
    /// replacements of one object are reported in `warnings`.
    pub(super) fn resolve(
        sdos: &'a [Sdo],
        rels: &'a [Rel],
        ids: &HashSet<String>,
        stats: &mut ParseStats,
        warnings: &mut Vec<String>,
    ) -> Links<'a> {
        let mut links = Links::index(sdos);
        let mut revoked_by_conflicts: BTreeSet<&str> = BTreeSet::new();
        for r in rels {
            if !ids.contains(&r.source) || !ids.contains(&r.target) {
                stats.relationships_unresolved += 1;
                continue;
            }
            if r.ty == "revoked-by" {
                links.add_revoked_by(r, &mut revoked_by_conflicts);
            } else if let Some(kinds) = link_kinds(&r.ty) {
                links.add_link(r, kinds, stats);
            }
        }
        for s in revoked_by_conflicts {
            let chosen = links.revoked_by[s].0;
            warnings.push(format!("{s} has revoked-by relationships to several objects; using {chosen}"));
        }
        links
    }

    fn index(sdos: &'a [Sdo]) -> Links<'a> {
        let stix_and_attack_ids = sdos.iter().map(|s| (s.meta.stix_id.as_str(), s.meta.attack_id.as_deref()));
        Links {
            attack_ids: stix_and_attack_ids.collect(),
            kinds: sdos.iter().map(|s| (s.meta.stix_id.as_str(), s.kind)).collect(),
            revoked_by: HashMap::new(),
            parents: HashMap::new(),
            targets: HashMap::new(),
            techniques_by_attack_id: sdos
                .iter()
                .filter(|s| s.kind == Kind::Technique)
                .filter_map(|s| s.meta.attack_id.as_deref().map(|a| (a, s.meta.stix_id.as_str())))
                .collect(),
        }
    }

    /// Keeps one replacement per object: a live relationship over a withdrawn one, then the
    /// smallest target id. Two different targets of equal standing are a conflict.
    fn add_revoked_by(&mut self, r: &'a Rel, conflicts: &mut BTreeSet<&'a str>) {
        let candidate = (r.target.as_str(), r.withdrawn);
        match self.revoked_by.get(r.source.as_str()) {
            None => {
                self.revoked_by.insert(&r.source, candidate);
            }
            Some(&(old, old_withdrawn)) => {
                if old != candidate.0 && old_withdrawn == candidate.1 {
                    conflicts.insert(&r.source);
                }
                if (candidate.1, candidate.0) < (old_withdrawn, old) {
                    self.revoked_by.insert(&r.source, candidate);
                }
            }
        }
    }

    /// Records a link when both ends are of the kinds its type joins and it is not withdrawn.
    fn add_link(&mut self, r: &'a Rel, (source_kind, target_kind): (Kind, Kind), stats: &mut ParseStats) {
        let ends = (self.kinds.get(r.source.as_str()), self.kinds.get(r.target.as_str()));
        if ends != (Some(&source_kind), Some(&target_kind)) {
            return;
        }
        if r.withdrawn {
            stats.relationships_withdrawn += 1;
            return;
        }
        if r.ty == "subtechnique-of" {
            self.parents.entry(&r.source).or_default().insert(&r.target);
        } else {
            self.targets.entry((r.ty.as_str(), r.source.as_str())).or_default().insert(&r.target);
        }
    }

    pub(super) fn attack_id(&self, stix_id: &str) -> Option<&'a str> {
        self.attack_ids.get(stix_id).copied().flatten()
    }

    pub(super) fn kind(&self, stix_id: &str) -> Option<Kind> {
        self.kinds.get(stix_id).copied()
    }

    pub(super) fn revoked_by(&self, stix_id: &str) -> RevokedBy {
        match self.revoked_by.get(stix_id) {
            Some(&(target, _)) => RevokedBy {
                stix_id: Some(target.to_owned()),
                attack_id: self.attack_id(target).map(str::to_owned),
            },
            None => RevokedBy::default(),
        }
    }

    /// The techniques `source` is linked to by `rel_type`: their STIX ids, and their ATT&CK ids
    /// (sorted, without duplicates, missing ones left out).
    pub(super) fn techniques(&self, rel_type: &str, source: &str) -> (Vec<String>, Vec<String>) {
        let Some(targets) = self.targets.get(&(rel_type, source)) else { return (Vec::new(), Vec::new()) };
        let refs: Vec<String> = targets.iter().map(|t| (*t).to_owned()).collect();
        let ids: BTreeSet<&str> = targets.iter().filter_map(|t| self.attack_id(t)).collect();
        (refs, ids.into_iter().map(str::to_owned).collect())
    }

    /// The techniques `stix_id` is `subtechnique-of`, sorted (normally one).
    pub(super) fn parents(&self, stix_id: &str) -> Vec<&'a str> {
        self.parents.get(stix_id).map(|p| p.iter().copied().collect()).unwrap_or_default()
    }

    pub(super) fn technique_by_attack_id(&self, attack_id: &str) -> Option<&'a str> {
        self.techniques_by_attack_id.get(attack_id).copied()
    }
}
