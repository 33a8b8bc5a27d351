//! Compliance frameworks (NIST SP 800-53 rev. 5, CIS Controls v8 or any other) mapped to ATT&CK.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A framework's control (`AC-2`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Control {
    pub control_id: String,
    pub name: String,
    /// The control family (`AC`, or a CIS control's number).
    pub family: Option<String>,
    pub description: Option<String>,
}

/// One control → ATT&CK technique mapping.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
pub struct ControlMapping {
    pub control_id: String,
    pub technique_id: String,
    /// `mitigates`, `protects`, `detects`, ... as the mapping says.
    pub mapping_type: Option<String>,
}

/// A framework as imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Framework {
    /// `nist-800-53-rev5`, or a slug of an imported framework's name.
    pub id: String,
    pub name: String,
    pub version: Option<String>,
    /// The ATT&CK version the mapping was written for.
    pub attack_version: Option<String>,
    pub controls: u32,
    pub mappings: u32,
    /// Mappings to revoked techniques moved to their replacement on import.
    #[serde(default)]
    pub repointed: Vec<(String, String)>,
    /// Mapped technique ids the catalog does not know (kept out of the gap analysis).
    #[serde(default)]
    pub unresolved: Vec<String>,
    pub imported_at: DateTime<Utc>,
    pub imported_by: Option<String>,
}

/// A refused line of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RowError {
    /// 1-based, counting the header.
    pub row: usize,
    pub reason: String,
}
