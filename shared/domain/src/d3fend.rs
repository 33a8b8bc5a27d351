//! MITRE D3FEND: defensive techniques and the ATT&CK techniques they counter, inferred through
//! the digital artifacts both relate to.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A D3FEND defensive technique (`D3-AA`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DefensiveTechnique {
    /// `D3-AA`.
    pub id: String,
    pub name: String,
    /// The ontology class (`AgentAuthentication`).
    pub class: String,
    /// `Model`, `Harden`, `Detect`, `Isolate`, `Deceive`, `Evict` or `Restore`.
    pub tactic: Option<String>,
    pub definition: Option<String>,
    /// Parent defensive techniques' ids.
    #[serde(default)]
    pub parents: Vec<String>,
    /// `(relation, artifact class)` pairs, e.g. `("analyzes", "ProcessImage")`.
    #[serde(default)]
    pub artifacts: Vec<(String, String)>,
}

/// One ATT&CK technique → countermeasure link and the artifact it goes through.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
pub struct CounterLink {
    pub attack_id: String,
    pub d3fend_id: String,
    /// The digital artifact both relate to (the ATT&CK technique's, or an ancestor of it).
    pub artifact: String,
    /// How the ATT&CK technique relates to it (`accesses`, `may-modify`, ...).
    pub attack_relation: String,
    /// How the countermeasure relates to it (`analyzes`, `isolates`, ...).
    pub d3fend_relation: String,
}

/// Whether an organisation has a countermeasure in place (leads and admins say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Deployment {
    pub d3fend_id: String,
    pub deployed: bool,
    pub notes: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<String>,
}
