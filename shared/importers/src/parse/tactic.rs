//! `x-mitre-tactic` -> [`Tactic`], and the tactics' order: the matrices' columns.

use std::collections::BTreeMap;

use super::catalog::sort_entities;
use super::meta::{RevokedBy, StixMeta};
use crate::model::{Matrix, Tactic};

pub(super) struct Fields {
    /// `x_mitre_shortname`: what techniques' kill chain phases name the tactic by.
    pub(super) shortname: Option<String>,
}

impl Fields {
    /// An active tactic without a shortname could never be matched by a technique.
    pub(super) fn validate(&self, meta: &StixMeta) -> Result<(), String> {
        if self.shortname.as_deref().is_none_or(str::is_empty) && !meta.inactive() {
            return Err("x-mitre-tactic has no x_mitre_shortname".into());
        }
        Ok(())
    }
}

pub(super) fn build(meta: StixMeta, revoked_by: RevokedBy, fields: &Fields) -> Tactic {
    Tactic {
        stix_id: meta.stix_id,
        attack_id: meta.attack_id,
        name: meta.name,
        description: meta.description,
        shortname: fields.shortname.clone().unwrap_or_default(),
        url: meta.url,
        // Set by `order`, which knows the matrices.
        in_matrix: false,
        revoked: meta.revoked,
        revoked_by_ref: revoked_by.stix_id,
        revoked_by: revoked_by.attack_id,
        deprecated: meta.deprecated,
        modified: meta.modified,
        version: meta.version,
        domains: meta.domains,
        content_hash: meta.content_hash,
        fields: meta.fields,
    }
}

/// The matrices' `tactic_refs` concatenated in matrix order (first occurrence wins, marked
/// `in_matrix`), then the tactics no matrix lists, sorted by ATT&CK id. Matrices naming a tactic
/// the bundle lacks are reported in `warnings`.
pub(super) fn order(tactics: Vec<Tactic>, matrices: &[Matrix], warnings: &mut Vec<String>) -> Vec<Tactic> {
    let mut by_id: BTreeMap<String, Tactic> = tactics.into_iter().map(|t| (t.stix_id.clone(), t)).collect();
    let mut ordered = Vec::with_capacity(by_id.len());
    for m in matrices {
        for r in &m.tactic_refs {
            if let Some(mut t) = by_id.remove(r) {
                t.in_matrix = true;
                ordered.push(t);
            } else if !ordered.iter().any(|t: &Tactic| &t.stix_id == r) {
                warnings.push(format!("matrix {} lists tactic {r}, which is not in the bundle", m.stix_id));
            }
        }
    }
    let mut rest: Vec<Tactic> = by_id.into_values().collect();
    sort_entities(&mut rest);
    ordered.extend(rest);
    ordered
}
