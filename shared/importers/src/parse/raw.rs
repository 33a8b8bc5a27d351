//! STIX-shaped records: the fields we read, as serde sees them in the file. Fields not listed
//! are skipped without type checks.

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// The first look at every element, borrowed from its text: enough to validate and dispatch it.
#[derive(Deserialize)]
pub(super) struct Head<'a> {
    #[serde(rename = "type", borrow, default)]
    pub(super) ty: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) spec_version: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
pub(super) struct ExternalRef {
    pub(super) source_name: String,
    pub(super) external_id: Option<String>,
    pub(super) url: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct KillChainPhase {
    pub(super) kill_chain_name: String,
    pub(super) phase_name: String,
}

#[derive(Deserialize)]
pub(super) struct LogSourceRef {
    pub(super) x_mitre_data_component_ref: Option<String>,
}

/// The fields we read from any modelled SDO: the union over the kinds, each kind uses some.
/// One struct for all kinds keeps the type checks independent of the kind (an `aliases` that is
/// not an array is rejected on a technique too); [`super::sdo`] splits it into the shared
/// metadata and the fields of the object's kind right after.
#[derive(Deserialize)]
pub(super) struct RawSdo {
    pub(super) name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) modified: Option<String>,
    pub(super) revoked: Option<bool>,
    pub(super) x_mitre_deprecated: Option<bool>,
    pub(super) x_mitre_version: Option<String>,
    #[serde(default)]
    pub(super) external_references: Vec<ExternalRef>,
    #[serde(default)]
    pub(super) kill_chain_phases: Vec<KillChainPhase>,
    #[serde(default)]
    pub(super) x_mitre_platforms: Vec<String>,
    #[serde(default)]
    pub(super) x_mitre_data_sources: Vec<String>,
    pub(super) x_mitre_detection: Option<String>,
    pub(super) x_mitre_is_subtechnique: Option<bool>,
    #[serde(default)]
    pub(super) aliases: Vec<String>,
    pub(super) x_mitre_shortname: Option<String>,
    #[serde(default)]
    pub(super) tactic_refs: Vec<String>,
    #[serde(default)]
    pub(super) x_mitre_domains: Vec<String>,
    #[serde(default)]
    pub(super) x_mitre_analytic_refs: Vec<String>,
    pub(super) x_mitre_data_source_ref: Option<String>,
    #[serde(default)]
    pub(super) x_mitre_log_source_references: Vec<LogSourceRef>,
}

#[derive(Deserialize)]
pub(super) struct RawCollection {
    pub(super) x_mitre_version: Option<String>,
    pub(super) x_mitre_attack_spec_version: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct RawRelationship {
    pub(super) relationship_type: String,
    pub(super) source_ref: String,
    pub(super) target_ref: String,
    pub(super) revoked: Option<bool>,
    pub(super) x_mitre_deprecated: Option<bool>,
}

/// Deserializes one object's text into a typed record. On failure the object is read a second
/// time with `serde_path_to_error` (slower, so only then) to report "field.path: message".
pub(super) fn typed<T: DeserializeOwned>(raw: &str) -> Result<T, String> {
    serde_json::from_str(raw).map_err(|_| {
        let mut de = serde_json::Deserializer::from_str(raw);
        match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Ok(_) => "invalid object".to_owned(),
            Err(e) => {
                let path = e.path().to_string();
                let inner = e.into_inner();
                // serde_json's position is relative to the object's own text; leave it out.
                let msg = inner.to_string();
                let msg = match msg.rfind(" at line ") {
                    Some(i) if inner.line() > 0 => msg[..i].to_owned(),
                    _ => msg,
                };
                if path.is_empty() || path == "." { msg } else { format!("{path}: {msg}") }
            }
        }
    })
}
