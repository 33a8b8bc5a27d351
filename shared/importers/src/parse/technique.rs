//! `attack-pattern` -> [`Technique`]: its tactics from the ATT&CK kill chains, and for a
//! sub-technique its parent. The parent is told twice in ATT&CK (the id prefix `T1234` of
//! `T1234.001`, and a `subtechnique-of` relationship); the prefix wins, the relationship fills
//! in when there is no prefix, and disagreements become warnings rather than errors.

use super::ATTACK_KILL_CHAINS;
use super::meta::{RevokedBy, StixMeta};
use super::raw::KillChainPhase;
use super::relationship::Links;
use crate::model::Technique;

pub(super) struct Fields {
    pub(super) tactics: Vec<String>,
    pub(super) platforms: Vec<String>,
    pub(super) data_sources: Vec<String>,
    pub(super) detection: Option<String>,
    pub(super) is_subtechnique: bool,
}

/// Tactic shortnames from the phases of ATT&CK kill chains, in file order, without duplicates
/// (other kill chains, e.g. Lockheed's, are not ATT&CK tactics).
pub(super) fn attack_tactics(phases: &[KillChainPhase]) -> Vec<String> {
    let mut tactics: Vec<String> = Vec::new();
    for k in phases {
        if ATTACK_KILL_CHAINS.contains(&k.kill_chain_name.as_str()) && !tactics.contains(&k.phase_name) {
            tactics.push(k.phase_name.clone());
        }
    }
    tactics
}

pub(super) fn build(
    meta: StixMeta,
    revoked_by: RevokedBy,
    fields: &Fields,
    links: &Links,
    warnings: &mut Vec<String>,
) -> Technique {
    let parent = find_parent(&meta, fields.is_subtechnique, links, warnings);
    Technique {
        stix_id: meta.stix_id,
        attack_id: meta.attack_id,
        name: meta.name,
        description: meta.description,
        tactics: fields.tactics.clone(),
        platforms: fields.platforms.clone(),
        data_sources: fields.data_sources.clone(),
        detection: fields.detection.clone(),
        url: meta.url,
        is_subtechnique: fields.is_subtechnique,
        parent_id: parent.attack_id,
        parent_ref: parent.stix_id,
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

/// A sub-technique's parent technique, by ATT&CK id and by STIX id.
struct Parent {
    attack_id: Option<String>,
    stix_id: Option<String>,
}

fn find_parent(meta: &StixMeta, is_subtechnique: bool, links: &Links, warnings: &mut Vec<String>) -> Parent {
    let (id, attack_id) = (&meta.stix_id, meta.attack_id.as_deref().unwrap_or("?"));
    let rel_parents = links.parents(id);
    let rel_parent = rel_parents.first().copied();
    if rel_parents.len() > 1 {
        warnings.push(format!("{id} is subtechnique-of several techniques: {rel_parents:?}"));
    }
    let prefix_parent = if is_subtechnique {
        meta.attack_id.as_deref().and_then(|a| a.split_once('.')).map(|(p, _)| p.to_owned())
    } else {
        None
    };
    let rel_parent_id = rel_parent.and_then(|p| links.attack_id(p));
    if let (Some(p), Some(r)) = (prefix_parent.as_deref(), rel_parent_id)
        && p != r
    {
        warnings.push(format!("{id} ({attack_id}): id prefix says parent {p}, subtechnique-of says {r}"));
    }
    if rel_parent.is_some() && !is_subtechnique {
        warnings
            .push(format!("{id} has a subtechnique-of relationship but x_mitre_is_subtechnique is not true"));
    }
    let parent_id = prefix_parent.or_else(|| rel_parent_id.map(str::to_owned));
    let parent_ref = rel_parent
        .or_else(|| parent_id.as_deref().and_then(|p| links.technique_by_attack_id(p)))
        .map(str::to_owned);
    if is_subtechnique && parent_ref.is_none() && !meta.inactive() {
        warnings.push(format!("sub-technique {id} ({attack_id}) has no parent in the bundle"));
    }
    Parent { attack_id: parent_id, stix_id: parent_ref }
}
