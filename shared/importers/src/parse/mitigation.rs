//! `course-of-action` -> [`Mitigation`] and the techniques it `mitigates`. It has no fields of
//! its own beyond the shared metadata.

use super::meta::{RevokedBy, StixMeta};
use super::relationship::Links;
use crate::model::Mitigation;

pub(super) fn build(meta: StixMeta, revoked_by: RevokedBy, links: &Links) -> Mitigation {
    let (technique_refs, technique_ids) = links.techniques("mitigates", &meta.stix_id);
    Mitigation {
        stix_id: meta.stix_id,
        attack_id: meta.attack_id,
        name: meta.name,
        description: meta.description,
        url: meta.url,
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
