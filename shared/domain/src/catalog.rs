//! The ATT&CK catalog as Aegis stores it: one record per tactic, technique, threat actor,
//! mitigation and detection strategy of a domain. Records with `custom: false` belong to MITRE
//! and are rewritten by the sync; `custom: true` records belong to the admins and the sync never
//! touches them. What users attach to a technique (the review flag, tests) lives in separate
//! records, so a sync cannot overwrite it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The domain every API call defaults to.
pub const DEFAULT_DOMAIN: &str = "enterprise-attack";

/// The ATT&CK domains the catalog holds (names of [`crate::ids::AttackDomain::ALL`]).
pub const DOMAINS: [&str; 3] = [
    crate::ids::AttackDomain::Enterprise.as_str(),
    crate::ids::AttackDomain::Mobile.as_str(),
    crate::ids::AttackDomain::Ics.as_str(),
];

/// MITRE's life-cycle flags of a catalog object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Lifecycle {
    /// Replaced by another object (`revoked_by`).
    #[serde(default)]
    pub revoked: bool,
    /// ATT&CK id of the replacement of a revoked object.
    #[serde(default)]
    pub revoked_by: Option<String>,
    /// `x_mitre_deprecated`: kept for history, no longer maintained.
    #[serde(default)]
    pub deprecated: bool,
    /// No longer in MITRE's data at all (kept because user data may refer to it).
    #[serde(default)]
    pub removed: bool,
}

impl Lifecycle {
    /// Neither revoked, deprecated nor removed.
    pub fn is_active(&self) -> bool {
        !self.revoked && !self.deprecated && !self.removed
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Tactic {
    /// `TA0001`.
    pub id: String,
    pub name: String,
    /// `initial-access`: what techniques' tactics refer to.
    pub shortname: String,
    pub description: String,
    pub url: Option<String>,
    /// Column in the matrix (0-based).
    pub order: u32,
    pub domain: String,
    #[serde(flatten)]
    pub lifecycle: Lifecycle,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Technique {
    /// `T1059` or `T1059.001`; custom techniques use an id outside MITRE's `T####` range.
    pub attack_id: String,
    pub name: String,
    pub description: String,
    /// Tactic shortnames.
    pub tactics: Vec<String>,
    pub platforms: Vec<String>,
    /// Data sources and components (`Process: Process Creation`), pre-v18 style.
    pub data_sources: Vec<String>,
    /// Detection guidance text.
    pub detection: Option<String>,
    pub url: Option<String>,
    pub is_subtechnique: bool,
    pub parent_id: Option<String>,
    /// Mitigations that mitigate this technique (ATT&CK ids).
    pub mitigation_ids: Vec<String>,
    /// Threat actors (intrusion sets) that use it, according to MITRE.
    pub actor_ids: Vec<String>,
    /// ATT&CK v18+ detection strategies that detect it.
    pub detection_strategy_ids: Vec<String>,
    pub domain: String,
    /// Created by an admin; never touched by the sync.
    pub custom: bool,
    #[serde(flatten)]
    pub lifecycle: Lifecycle,
    /// ATT&CK release this record was last written from.
    pub attack_version: Option<String>,
    pub modified: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ThreatActor {
    /// `G0016`.
    pub attack_id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub description: String,
    pub url: Option<String>,
    /// Techniques it uses according to MITRE (custom mappings are separate records).
    pub technique_ids: Vec<String>,
    pub domain: String,
    pub custom: bool,
    #[serde(flatten)]
    pub lifecycle: Lifecycle,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Mitigation {
    /// `M1038`.
    pub attack_id: String,
    pub name: String,
    pub description: String,
    pub url: Option<String>,
    pub technique_ids: Vec<String>,
    pub domain: String,
    #[serde(flatten)]
    pub lifecycle: Lifecycle,
}

/// An analytic of a detection strategy (ATT&CK v18+).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AnalyticRef {
    pub attack_id: String,
    pub name: String,
    pub platforms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DetectionStrategy {
    /// `DET0001`.
    pub attack_id: String,
    pub name: String,
    pub url: Option<String>,
    pub technique_ids: Vec<String>,
    pub analytics: Vec<AnalyticRef>,
    pub domain: String,
    #[serde(flatten)]
    pub lifecycle: Lifecycle,
}

/// A user's review mark on a technique (user data: the sync never writes it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Review {
    pub attack_id: String,
    pub reviewed: bool,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Set when the sync moved this mark here from a revoked technique.
    pub repointed_from: Option<String>,
}

/// An admin-made link "actor uses technique", on top of MITRE's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ActorMapping {
    pub actor_id: String,
    pub technique_id: String,
    pub added_by: Option<String>,
    pub added_at: DateTime<Utc>,
    /// Set when the sync moved this mapping here from a revoked technique.
    pub repointed_from: Option<String>,
}

/// True for ids in MITRE's technique range (`T1234`, `T1234.001`), which custom techniques may
/// not use.
pub fn is_mitre_technique_id(id: &str) -> bool {
    let b = id.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    match b.len() {
        5 => b[0] == b'T' && digits(&b[1..]),
        9 => b[0] == b'T' && digits(&b[1..5]) && b[5] == b'.' && digits(&b[6..]),
        _ => false,
    }
}

/// A custom id: 2-20 characters of upper-case letters, digits, `-` and `.`, starting with a
/// letter, and not in MITRE's ranges.
pub fn check_custom_id(id: &str) -> Result<(), &'static str> {
    let ok_chars = id.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '.');
    if !(2..=20).contains(&id.len()) || !ok_chars || !id.starts_with(|c: char| c.is_ascii_uppercase()) {
        return Err("2-20 characters: upper-case letters, digits, '-' or '.', starting with a letter");
    }
    if is_mitre_technique_id(id) || is_mitre_id_of(id, 'G') || is_mitre_id_of(id, 'M') {
        return Err("ids in MITRE's ranges (T####, G####, M####) are reserved for ATT&CK objects");
    }
    Ok(())
}

fn is_mitre_id_of(id: &str, prefix: char) -> bool {
    id.len() == 5 && id.starts_with(prefix) && id[1..].chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mitre_ranges_are_reserved_and_custom_ids_checked() {
        assert!(is_mitre_technique_id("T1059"));
        assert!(is_mitre_technique_id("T1059.001"));
        assert!(!is_mitre_technique_id("T105"));
        assert!(!is_mitre_technique_id("X1059"));
        assert!(check_custom_id("T1059").is_err());
        assert!(check_custom_id("G0016").is_err());
        assert!(check_custom_id("M1038").is_err());
        assert!(check_custom_id("CT-0001").is_ok());
        assert!(check_custom_id("ACME.42").is_ok());
        assert!(check_custom_id("lower").is_err());
        assert!(check_custom_id("1ABC").is_err());
        assert!(check_custom_id("A").is_err());
        assert!(check_custom_id("A/B").is_err());
    }

    #[test]
    fn lifecycle_active_only_without_flags() {
        assert!(Lifecycle::default().is_active());
        assert!(!Lifecycle { deprecated: true, ..Default::default() }.is_active());
        assert!(!Lifecycle { removed: true, ..Default::default() }.is_active());
    }
}
