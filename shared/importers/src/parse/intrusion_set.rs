//! `intrusion-set` -> [`IntrusionSet`]: a group, its aliases and the techniques it `uses`.

use super::meta::{RevokedBy, StixMeta};
use super::relationship::Links;
use crate::model::IntrusionSet;

pub(super) struct Fields {
    pub(super) aliases: Vec<String>,
}

pub(super) fn build(meta: StixMeta, revoked_by: RevokedBy, fields: &Fields, links: &Links) -> IntrusionSet {
    let (technique_refs, technique_ids) = links.techniques("uses", &meta.stix_id);
    IntrusionSet {
        stix_id: meta.stix_id,
        attack_id: meta.attack_id,
        name: meta.name,
        aliases: fields.aliases.clone(),
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
