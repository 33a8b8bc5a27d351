//! The metadata every modelled object carries, whatever its kind: ids, name, description,
//! dates, revoked/deprecated flags, domains, version, the ATT&CK reference and the content hash.
//! It is extracted and validated once per object here, so the per-kind modules only add their
//! own fields.

use super::ATTACK_SOURCE_NAMES;
use super::raw::ExternalRef;
use super::sdo::Kind;
use crate::canonical::FieldDigests;

/// The shared fields as read from the file, before validation.
pub(super) struct RawMeta {
    pub(super) name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) modified: Option<String>,
    pub(super) revoked: Option<bool>,
    /// `x_mitre_deprecated`.
    pub(super) deprecated: Option<bool>,
    /// `x_mitre_version`.
    pub(super) version: Option<String>,
    pub(super) external_references: Vec<ExternalRef>,
    /// `x_mitre_domains`.
    pub(super) domains: Vec<String>,
}

/// The validated shared fields of one modelled object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct StixMeta {
    pub(super) stix_id: String,
    /// `external_id` of the first external reference from an ATT&CK source that has one.
    pub(super) attack_id: Option<String>,
    /// `url` of that same reference.
    pub(super) url: Option<String>,
    /// Never empty.
    pub(super) name: String,
    /// Empty when the object has none.
    pub(super) description: String,
    pub(super) modified: String,
    pub(super) revoked: bool,
    pub(super) deprecated: bool,
    pub(super) version: Option<String>,
    pub(super) domains: Vec<String>,
    pub(super) content_hash: String,
    pub(super) fields: FieldDigests,
}

/// The replacement named by a `revoked-by` relationship, known once relationships are resolved.
#[derive(Default)]
pub(super) struct RevokedBy {
    pub(super) stix_id: Option<String>,
    pub(super) attack_id: Option<String>,
}

impl StixMeta {
    /// Validates the shared fields of an object of `kind`: a name and `modified` always, an
    /// ATT&CK id for the kinds that need one unless the object is revoked or deprecated (the
    /// withdrawn ones lose it in some releases, and are still worth keeping for the diff).
    /// `content` is the hash and field digests of the whole object.
    pub(super) fn extract(
        kind: Kind,
        stix_id: &str,
        raw: RawMeta,
        content: (String, FieldDigests),
    ) -> Result<StixMeta, String> {
        let name = raw.name.filter(|n| !n.is_empty()).ok_or("missing \"name\"")?;
        let modified = raw.modified.ok_or("missing \"modified\"")?;
        let (attack_id, url) = attack_reference(raw.external_references);
        let revoked = raw.revoked.unwrap_or(false);
        let deprecated = raw.deprecated.unwrap_or(false);
        if kind.requires_attack_id()
            && attack_id.as_deref().is_none_or(str::is_empty)
            && !(revoked || deprecated)
        {
            return Err(format!(
                "{} has no ATT&CK id (no external_references entry with source_name {} and an \
                 external_id) and is neither revoked nor deprecated",
                kind.stix_type(),
                ATTACK_SOURCE_NAMES.join("/")
            ));
        }
        let (content_hash, fields) = content;
        Ok(StixMeta {
            stix_id: stix_id.to_owned(),
            attack_id,
            url,
            name,
            description: raw.description.unwrap_or_default(),
            modified,
            revoked,
            deprecated,
            version: raw.version,
            domains: raw.domains,
            content_hash,
            fields,
        })
    }

    /// Revoked or deprecated: withdrawn from ATT&CK, kept in the catalog for the diff.
    pub(super) fn inactive(&self) -> bool {
        self.revoked || self.deprecated
    }
}

/// The ATT&CK id and URL, from the first reference of an ATT&CK source with an `external_id`
/// (other sources, such as CAPEC or NIST, cite the object without identifying it).
fn attack_reference(references: Vec<ExternalRef>) -> (Option<String>, Option<String>) {
    references
        .into_iter()
        .find(|r| ATTACK_SOURCE_NAMES.contains(&r.source_name.as_str()) && r.external_id.is_some())
        .map_or((None, None), |r| (r.external_id, r.url))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::sdo::{self, Body};

    const ID: &str = "attack-pattern--00000000-0000-4000-8000-000000000001";

    /// Reads `fields` (JSON object members) as a whole object of `kind`, the way the parser does.
    fn meta(kind: Kind, fields: &str) -> Result<StixMeta, String> {
        let text = format!(r#"{{"type":"{}","id":"{ID}",{fields}}}"#, kind.stix_type());
        sdo::read(kind, ID, &text).map(|sdo| sdo.meta)
    }

    const NAMED: &str = r#""name":"Phishing","modified":"2025-01-01T00:00:00.000Z""#;

    #[test]
    fn extracts_every_shared_field() {
        // Given a technique with all shared fields set
        let fields = format!(
            r#"{NAMED},"description":"d","revoked":false,"x_mitre_deprecated":false,
               "x_mitre_version":"1.2","x_mitre_domains":["enterprise-attack"],
               "external_references":[{{"source_name":"mitre-attack","external_id":"T1566",
                                        "url":"https://attack.mitre.org/techniques/T1566"}}]"#
        );
        // When its metadata is extracted
        let m = meta(Kind::Technique, &fields).unwrap();
        // Then each field lands where it belongs
        assert_eq!(m.stix_id, ID);
        assert_eq!(m.attack_id.as_deref(), Some("T1566"));
        assert_eq!(m.url.as_deref(), Some("https://attack.mitre.org/techniques/T1566"));
        assert_eq!((m.name.as_str(), m.description.as_str()), ("Phishing", "d"));
        assert_eq!(m.modified, "2025-01-01T00:00:00.000Z");
        assert_eq!((m.revoked, m.deprecated, m.inactive()), (false, false, false));
        assert_eq!(m.version.as_deref(), Some("1.2"));
        assert_eq!(m.domains, ["enterprise-attack"]);
        assert_eq!(m.content_hash.len(), 64);
        assert!(m.fields.keys().any(|k| k == "external_references"));
    }

    #[test]
    fn optional_shared_fields_default_to_empty() {
        // Given a data source with nothing but a name and a date
        let m = meta(Kind::DataSource, NAMED).unwrap();
        // Then the optional fields are empty and the flags false
        assert_eq!((m.attack_id, m.url, m.description.as_str()), (None, None, ""));
        assert_eq!((m.revoked, m.deprecated, m.version), (false, false, None));
        assert!(m.domains.is_empty());
    }

    #[test]
    fn attack_id_comes_from_the_first_attack_source_with_an_id() {
        // Given a CAPEC reference, an ATT&CK reference without id, then a Mobile one with an id
        let fields = format!(
            r#"{NAMED},"external_references":[
                {{"source_name":"capec","external_id":"CAPEC-1","url":"c"}},
                {{"source_name":"mitre-attack","url":"no id"}},
                {{"source_name":"mitre-mobile-attack","external_id":"T1400","url":"m"}},
                {{"source_name":"mitre-attack","external_id":"T1","url":"later"}}]"#
        );
        // Then the Mobile reference gives both the id and the url
        let m = meta(Kind::Technique, &fields).unwrap();
        assert_eq!((m.attack_id.as_deref(), m.url.as_deref()), (Some("T1400"), Some("m")));
    }

    #[test]
    fn active_object_without_attack_id_is_rejected() {
        // Given an active technique whose only reference is not from ATT&CK
        let fields =
            format!(r#"{NAMED},"external_references":[{{"source_name":"capec","external_id":"C"}}]"#);
        // Then it is rejected, naming its type and the accepted sources
        let err = meta(Kind::Technique, &fields).unwrap_err();
        assert_eq!(
            err,
            "attack-pattern has no ATT&CK id (no external_references entry with source_name \
             mitre-attack/mitre-mobile-attack/mitre-ics-attack and an external_id) and is neither \
             revoked nor deprecated"
        );
        // And an empty external_id does not count as an id
        let fields =
            format!(r#"{NAMED},"external_references":[{{"source_name":"mitre-attack","external_id":""}}]"#);
        assert!(meta(Kind::IntrusionSet, &fields).unwrap_err().starts_with("intrusion-set has no ATT&CK id"));
    }

    #[test]
    fn withdrawn_object_may_lack_its_attack_id() {
        // Given a revoked and a deprecated technique without any reference
        let revoked = meta(Kind::Technique, &format!(r#"{NAMED},"revoked":true"#)).unwrap();
        let deprecated = meta(Kind::Technique, &format!(r#"{NAMED},"x_mitre_deprecated":true"#)).unwrap();
        // Then both are kept, flagged, without an id
        assert!(revoked.inactive() && deprecated.inactive());
        assert_eq!((revoked.revoked, revoked.deprecated, revoked.attack_id), (true, false, None));
        assert_eq!((deprecated.revoked, deprecated.deprecated, deprecated.attack_id), (false, true, None));
    }

    #[test]
    fn kinds_without_attack_ids_need_none() {
        // Given active objects without references of the kinds ATT&CK does not always number
        for kind in [Kind::Matrix, Kind::DataSource, Kind::DataComponent] {
            // Then they are accepted
            assert_eq!(meta(kind, NAMED).unwrap().attack_id, None, "{kind:?}");
        }
    }

    #[test]
    fn name_and_modified_are_required() {
        // Given revoked objects (exempt from the ATT&CK id) lacking a name, with an empty one,
        // or lacking `modified`: then each is rejected for that field
        let revoked = r#""revoked":true"#;
        assert_eq!(
            meta(Kind::Technique, &format!(r#"{revoked},"modified":"m""#)),
            Err("missing \"name\"".into())
        );
        assert_eq!(
            meta(Kind::Technique, &format!(r#"{revoked},"name":"","modified":"m""#)),
            Err("missing \"name\"".into())
        );
        assert_eq!(
            meta(Kind::Technique, &format!(r#"{revoked},"name":"n""#)),
            Err("missing \"modified\"".into())
        );
    }

    #[test]
    fn wrongly_typed_shared_field_is_named() {
        // Given a revoked flag that is a string
        let err = meta(Kind::Tactic, &format!(r#"{NAMED},"revoked":"yes""#)).unwrap_err();
        // Then the reason names the field
        assert!(err.starts_with("revoked: invalid type: string \"yes\", expected a boolean"), "{err}");
    }

    #[test]
    fn tactic_shortname_is_checked_after_the_shared_fields() {
        // Given an active tactic with an id but no shortname
        let fields = format!(
            r#"{NAMED},"external_references":[{{"source_name":"mitre-attack","external_id":"TA1"}}]"#
        );
        assert_eq!(meta(Kind::Tactic, &fields), Err("x-mitre-tactic has no x_mitre_shortname".into()));
        // And a deprecated one is kept without it
        let withdrawn = format!(r#"{NAMED},"x_mitre_deprecated":true"#);
        let text = format!(r#"{{"type":"x-mitre-tactic","id":"{ID}",{withdrawn}}}"#);
        assert!(matches!(sdo::read(Kind::Tactic, ID, &text).unwrap().body, Body::Tactic(_)));
    }
}
