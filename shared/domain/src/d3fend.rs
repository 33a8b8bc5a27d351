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

/// What D3FEND says of one defensive technique: the technique and the ATT&CK techniques it
/// counters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct D3fendContent {
    pub technique: DefensiveTechnique,
    /// Links whose `d3fend_id` is this technique's.
    pub counters: Vec<CounterLink>,
    /// The distinct ATT&CK ids of `counters`, sorted.
    pub attack_ids: Vec<String>,
}

impl D3fendContent {
    pub fn new(technique: DefensiveTechnique, counters: Vec<CounterLink>) -> Self {
        let mut attack_ids: Vec<String> = counters.iter().map(|l| l.attack_id.clone()).collect();
        attack_ids.sort();
        attack_ids.dedup();
        D3fendContent { technique, counters, attack_ids }
    }
}

/// A defensive technique as stored and served (imported by the `d3fend` source's sync).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Countermeasure {
    pub id: uuid::Uuid,
    #[serde(flatten)]
    pub content: D3fendContent,
    pub content_hash: String,
    /// D3FEND no longer has it.
    pub retired: bool,
    /// Countered ATT&CK ids the catalog does not have as current techniques.
    #[serde(default)]
    pub unknown_techniques: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub run_id: Option<uuid::Uuid>,
}

const D3FEND_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x9b1e_4d27_0c55_4a8f_b3e2_61f0_7d94_a2c8);

impl Countermeasure {
    pub fn imported_id(d3fend_id: &str) -> uuid::Uuid {
        uuid::Uuid::new_v5(&D3FEND_NAMESPACE, d3fend_id.as_bytes())
    }

    /// Whether it counters `attack_id` exactly.
    pub fn counters(&self, attack_id: &str) -> bool {
        self.content.attack_ids.binary_search_by(|a| a.as_str().cmp(attack_id)).is_ok()
    }
}

/// The D3FEND score component of a technique: the share (0-100) of the countermeasures that
/// counter it which are deployed; `None` when D3FEND names none for it (the component then does
/// not count, and the other weights share its part).
pub fn deployed_share(relevant: usize, deployed: usize) -> Option<f64> {
    (relevant > 0).then(|| 100.0 * deployed.min(relevant) as f64 / relevant as f64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_share_is_of_relevant_countermeasures_and_absent_without_any() {
        assert_eq!(super::deployed_share(0, 0), None);
        assert_eq!(super::deployed_share(4, 1), Some(25.0));
        assert_eq!(super::deployed_share(2, 2), Some(100.0));
    }
}
