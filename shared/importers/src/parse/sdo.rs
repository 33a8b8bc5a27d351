//! A modelled STIX domain object, read once: its canonical content hashed, its fields
//! type-checked, its [`StixMeta`] extracted and validated, and the fields only its kind uses set
//! aside in a [`Body`] until relationships are resolved.

use serde_json::Value;

use super::meta::{RawMeta, StixMeta};
use super::raw::{RawSdo, typed};
use super::{data_source, detection, intrusion_set, matrix, tactic, technique};
use crate::canonical::hash_object;

/// The STIX types the catalog models, each with the type string it is read from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Tactic,
    Technique,
    IntrusionSet,
    Mitigation,
    DetectionStrategy,
    Analytic,
    DataSource,
    DataComponent,
    Matrix,
}

const STIX_TYPES: [(&str, Kind); 9] = [
    ("x-mitre-tactic", Kind::Tactic),
    ("attack-pattern", Kind::Technique),
    ("intrusion-set", Kind::IntrusionSet),
    ("course-of-action", Kind::Mitigation),
    ("x-mitre-detection-strategy", Kind::DetectionStrategy),
    ("x-mitre-analytic", Kind::Analytic),
    ("x-mitre-data-source", Kind::DataSource),
    ("x-mitre-data-component", Kind::DataComponent),
    ("x-mitre-matrix", Kind::Matrix),
];

impl Kind {
    pub(super) fn of(ty: &str) -> Option<Kind> {
        STIX_TYPES.iter().find(|(t, _)| *t == ty).map(|(_, kind)| *kind)
    }

    pub(super) fn stix_type(self) -> &'static str {
        STIX_TYPES.iter().find(|(_, kind)| *kind == self).map_or("", |(t, _)| t)
    }

    /// Kinds that must carry an ATT&CK id unless revoked or deprecated.
    pub(super) fn requires_attack_id(self) -> bool {
        matches!(
            self,
            Kind::Tactic
                | Kind::Technique
                | Kind::IntrusionSet
                | Kind::Mitigation
                | Kind::DetectionStrategy
                | Kind::Analytic
        )
    }
}

/// The fields of one kind beyond the shared metadata, already in the shape of its record.
pub(super) enum Body {
    Matrix(matrix::Fields),
    Tactic(tactic::Fields),
    Technique(technique::Fields),
    IntrusionSet(intrusion_set::Fields),
    Mitigation,
    DetectionStrategy(detection::StrategyFields),
    Analytic(detection::AnalyticFields),
    DataSource,
    DataComponent(data_source::ComponentFields),
}

/// One modelled SDO after the first pass, before links are resolved.
pub(super) struct Sdo {
    pub(super) kind: Kind,
    pub(super) meta: StixMeta,
    pub(super) body: Body,
}

/// Reads one modelled object of `kind` from its text. The error is the reason alone; the caller
/// names the object.
pub(super) fn read(kind: Kind, id: &str, raw: &str) -> Result<Sdo, String> {
    // Hash the canonical content, then convert the same tree to the typed record.
    let value: Value = serde_json::from_str(raw).map_err(|e| e.to_string())?;
    let Value::Object(map) = value else {
        return Err("is not a JSON object".into());
    };
    let content = hash_object(&map);
    let sdo: RawSdo = match serde_json::from_value(Value::Object(map)) {
        Ok(sdo) => sdo,
        // Slow path, only to name the offending field.
        Err(_) => return Err(typed::<RawSdo>(raw).err().unwrap_or_else(|| "invalid object".into())),
    };
    let (raw_meta, body) = split(kind, sdo);
    let meta = StixMeta::extract(kind, id, raw_meta, content)?;
    if let Body::Tactic(fields) = &body {
        fields.validate(&meta)?;
    }
    Ok(Sdo { kind, meta, body })
}

/// Splits the union of fields into the metadata every kind shares and the fields of `kind`.
fn split(kind: Kind, sdo: RawSdo) -> (RawMeta, Body) {
    let meta = RawMeta {
        name: sdo.name,
        description: sdo.description,
        modified: sdo.modified,
        revoked: sdo.revoked,
        deprecated: sdo.x_mitre_deprecated,
        version: sdo.x_mitre_version,
        external_references: sdo.external_references,
        domains: sdo.x_mitre_domains,
    };
    let body = match kind {
        Kind::Matrix => Body::Matrix(matrix::Fields { tactic_refs: sdo.tactic_refs }),
        Kind::Tactic => Body::Tactic(tactic::Fields { shortname: sdo.x_mitre_shortname }),
        Kind::Technique => Body::Technique(technique::Fields {
            tactics: technique::attack_tactics(&sdo.kill_chain_phases),
            platforms: sdo.x_mitre_platforms,
            data_sources: sdo.x_mitre_data_sources,
            detection: sdo.x_mitre_detection,
            is_subtechnique: sdo.x_mitre_is_subtechnique.unwrap_or(false),
        }),
        Kind::IntrusionSet => Body::IntrusionSet(intrusion_set::Fields { aliases: sdo.aliases }),
        Kind::Mitigation => Body::Mitigation,
        Kind::DetectionStrategy => {
            Body::DetectionStrategy(detection::StrategyFields { analytic_refs: sdo.x_mitre_analytic_refs })
        }
        Kind::Analytic => Body::Analytic(detection::AnalyticFields {
            platforms: sdo.x_mitre_platforms,
            data_component_refs: detection::data_component_refs(&sdo.x_mitre_log_source_references),
        }),
        Kind::DataSource => Body::DataSource,
        Kind::DataComponent => {
            Body::DataComponent(data_source::ComponentFields { data_source_ref: sdo.x_mitre_data_source_ref })
        }
    };
    (meta, body)
}
