//! The second pass, once the whole `objects` array is read: resolve the relationships, turn
//! every object into its record through its kind's module (in file order, so warnings come in
//! file order), decide the domain, order the lists and assemble the [`Catalog`].

use super::relationship::Links;
use super::sdo::{Body, Sdo};
use super::{Builder, data_source, detection, domain, intrusion_set, matrix, mitigation, tactic, technique};
use crate::error::ImportError;
use crate::model::{
    Analytic, Catalog, DataComponent, DataSource, DetectionStrategy, Entity, IntrusionSet, Matrix,
    Mitigation, StixVersion, Tactic, Technique,
};

/// The records of every kind but matrices, in file order until sorted.
#[derive(Default)]
struct Collected {
    tactics: Vec<Tactic>,
    techniques: Vec<Technique>,
    intrusion_sets: Vec<IntrusionSet>,
    mitigations: Vec<Mitigation>,
    detection_strategies: Vec<DetectionStrategy>,
    analytics: Vec<Analytic>,
    data_sources: Vec<DataSource>,
    data_components: Vec<DataComponent>,
}

/// By ATT&CK id, then STIX id: a stable order whatever the file's.
pub(super) fn sort_entities<T: Entity>(v: &mut [T]) {
    v.sort_by(|a, b| (a.attack_id(), a.stix_id()).cmp(&(b.attack_id(), b.stix_id())));
}

impl Builder {
    pub(super) fn finish(mut self) -> Result<Catalog, ImportError> {
        if !self.saw_type {
            return Err(ImportError::NotABundle { reason: "the top-level object has no \"type\"".into() });
        }
        let stix_version = if self.any_object_2_1 || self.bundle_spec_version.as_deref() == Some("2.1") {
            StixVersion::V2_1
        } else {
            StixVersion::V2_0
        };
        let links = Links::resolve(&self.sdos, &self.rels, &self.ids, &mut self.stats, &mut self.warnings);
        let mut warnings = std::mem::take(&mut self.warnings);
        let (mut matrices, mut out) = convert(&self.sdos, &links, &mut warnings);
        let domain = domain::determine(&matrices, &self.sdos)?;

        // Matrices: active first, then revoked/deprecated, each in file order (stable sort).
        matrices.sort_by_key(|m| m.revoked || m.deprecated);
        let tactics = tactic::order(std::mem::take(&mut out.tactics), &matrices, &mut warnings);
        sort_entities(&mut out.techniques);
        sort_entities(&mut out.intrusion_sets);
        sort_entities(&mut out.mitigations);
        sort_entities(&mut out.detection_strategies);
        sort_entities(&mut out.analytics);
        sort_entities(&mut out.data_sources);
        sort_entities(&mut out.data_components);

        let (attack_version, attack_spec_version) = match self.collection.take() {
            Some(c) => (c.x_mitre_version, c.x_mitre_attack_spec_version),
            None => (None, None),
        };
        Ok(Catalog {
            domain,
            attack_version,
            attack_spec_version,
            stix_version,
            bundle_id: self.bundle_id.take(),
            matrices,
            tactics,
            techniques: out.techniques,
            intrusion_sets: out.intrusion_sets,
            mitigations: out.mitigations,
            detection_strategies: out.detection_strategies,
            analytics: out.analytics,
            data_sources: out.data_sources,
            data_components: out.data_components,
            stats: std::mem::take(&mut self.stats),
            warnings,
        })
    }
}

/// Every object into its record, the matrices apart (they decide the domain and tactic order).
fn convert(sdos: &[Sdo], links: &Links, warnings: &mut Vec<String>) -> (Vec<Matrix>, Collected) {
    let mut matrices: Vec<Matrix> = Vec::new();
    let mut out = Collected::default();
    for sdo in sdos {
        let meta = sdo.meta.clone();
        let revoked_by = links.revoked_by(&meta.stix_id);
        match &sdo.body {
            Body::Matrix(f) => matrices.push(matrix::build(meta, f)),
            Body::Tactic(f) => out.tactics.push(tactic::build(meta, revoked_by, f)),
            Body::Technique(f) => out.techniques.push(technique::build(meta, revoked_by, f, links, warnings)),
            Body::IntrusionSet(f) => {
                out.intrusion_sets.push(intrusion_set::build(meta, revoked_by, f, links))
            }
            Body::Mitigation => out.mitigations.push(mitigation::build(meta, revoked_by, links)),
            Body::DetectionStrategy(f) => {
                out.detection_strategies.push(detection::build_strategy(meta, revoked_by, f, links, warnings))
            }
            Body::Analytic(f) => out.analytics.push(detection::build_analytic(meta, revoked_by, f)),
            Body::DataSource => out.data_sources.push(data_source::build_source(meta, revoked_by)),
            Body::DataComponent(f) => {
                out.data_components.push(data_source::build_component(meta, revoked_by, f))
            }
        }
    }
    (matrices, out)
}
