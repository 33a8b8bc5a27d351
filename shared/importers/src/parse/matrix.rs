//! `x-mitre-matrix` -> [`Matrix`]. A matrix keeps no description or dates: it only orders the
//! tactics and names the domain.

use super::meta::StixMeta;
use crate::model::Matrix;

pub(super) struct Fields {
    /// The matrix's tactic columns, in order.
    pub(super) tactic_refs: Vec<String>,
}

pub(super) fn build(meta: StixMeta, fields: &Fields) -> Matrix {
    Matrix {
        stix_id: meta.stix_id,
        attack_id: meta.attack_id,
        name: meta.name,
        tactic_refs: fields.tactic_refs.clone(),
        revoked: meta.revoked,
        deprecated: meta.deprecated,
    }
}
