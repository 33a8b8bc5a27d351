//! `x-mitre-data-source` -> [`DataSource`] and `x-mitre-data-component` -> [`DataComponent`],
//! kept minimal: what analytics and diffs refer to.

use super::meta::{RevokedBy, StixMeta};
use crate::model::{DataComponent, DataSource};

pub(super) struct ComponentFields {
    /// `x_mitre_data_source_ref`: the data source the component belongs to.
    pub(super) data_source_ref: Option<String>,
}

pub(super) fn build_source(meta: StixMeta, revoked_by: RevokedBy) -> DataSource {
    DataSource {
        stix_id: meta.stix_id,
        attack_id: meta.attack_id,
        name: meta.name,
        revoked: meta.revoked,
        revoked_by_ref: revoked_by.stix_id,
        revoked_by: revoked_by.attack_id,
        deprecated: meta.deprecated,
        modified: meta.modified,
        content_hash: meta.content_hash,
        fields: meta.fields,
    }
}

pub(super) fn build_component(
    meta: StixMeta,
    revoked_by: RevokedBy,
    fields: &ComponentFields,
) -> DataComponent {
    DataComponent {
        stix_id: meta.stix_id,
        attack_id: meta.attack_id,
        name: meta.name,
        data_source_ref: fields.data_source_ref.clone(),
        revoked: meta.revoked,
        revoked_by_ref: revoked_by.stix_id,
        revoked_by: revoked_by.attack_id,
        deprecated: meta.deprecated,
        modified: meta.modified,
        content_hash: meta.content_hash,
        fields: meta.fields,
    }
}
