//! The detection model of ATT&CK v18: `x-mitre-detection-strategy` -> [`DetectionStrategy`]
//! (its analytics and the techniques it `detects`) and `x-mitre-analytic` -> [`Analytic`] (its
//! platforms and data components). Older releases have neither.

use super::meta::{RevokedBy, StixMeta};
use super::raw::LogSourceRef;
use super::relationship::Links;
use super::sdo::Kind;
use crate::model::{Analytic, DetectionStrategy};

pub(super) struct StrategyFields {
    /// `x_mitre_analytic_refs`: the analytics, by STIX id, in file order.
    pub(super) analytic_refs: Vec<String>,
}

pub(super) struct AnalyticFields {
    pub(super) platforms: Vec<String>,
    pub(super) data_component_refs: Vec<String>,
}

/// The data components an analytic's log sources read, in file order, without duplicates.
pub(super) fn data_component_refs(log_sources: &[LogSourceRef]) -> Vec<String> {
    let mut refs: Vec<String> = Vec::new();
    for l in log_sources {
        if let Some(r) = &l.x_mitre_data_component_ref
            && !refs.contains(r)
        {
            refs.push(r.clone());
        }
    }
    refs
}

/// Analytics the bundle lacks are kept in `analytic_refs` (without an ATT&CK id) and reported in
/// `warnings`.
pub(super) fn build_strategy(
    meta: StixMeta,
    revoked_by: RevokedBy,
    fields: &StrategyFields,
    links: &Links,
    warnings: &mut Vec<String>,
) -> DetectionStrategy {
    let (technique_refs, technique_ids) = links.techniques("detects", &meta.stix_id);
    let analytic_refs = fields.analytic_refs.clone();
    let analytic_ids = analytic_refs.iter().filter_map(|a| links.attack_id(a)).map(str::to_owned).collect();
    let missing: Vec<&String> =
        analytic_refs.iter().filter(|a| links.kind(a) != Some(Kind::Analytic)).collect();
    if !missing.is_empty() {
        warnings.push(format!("{} refers to analytics not in the bundle: {missing:?}", meta.stix_id));
    }
    DetectionStrategy {
        stix_id: meta.stix_id,
        attack_id: meta.attack_id,
        name: meta.name,
        url: meta.url,
        analytic_refs,
        analytic_ids,
        technique_refs,
        technique_ids,
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

pub(super) fn build_analytic(meta: StixMeta, revoked_by: RevokedBy, fields: &AnalyticFields) -> Analytic {
    Analytic {
        stix_id: meta.stix_id,
        attack_id: meta.attack_id,
        name: meta.name,
        description: meta.description,
        url: meta.url,
        platforms: fields.platforms.clone(),
        data_component_refs: fields.data_component_refs.clone(),
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
