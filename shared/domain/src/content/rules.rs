//! Detection rules (Sigma, Elastic, or written in the app) and what a test recorded of them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Where a rule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RuleOrigin {
    Sigma,
    Elastic,
    /// Written in the app.
    Custom,
}

impl RuleOrigin {
    pub const ALL: [RuleOrigin; 3] = [RuleOrigin::Sigma, RuleOrigin::Elastic, RuleOrigin::Custom];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleOrigin::Sigma => "sigma",
            RuleOrigin::Elastic => "elastic",
            RuleOrigin::Custom => "custom",
        }
    }

    pub fn source(self) -> Option<super::SourceKey> {
        match self {
            RuleOrigin::Sigma => Some(super::SourceKey::Sigma),
            RuleOrigin::Elastic => Some(super::SourceKey::Elastic),
            RuleOrigin::Custom => None,
        }
    }
}

/// What a rule says, as its source wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RuleContent {
    pub source: RuleOrigin,
    /// Stable across syncs: Sigma's `id`, Elastic's `rule_id`.
    pub source_id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// ATT&CK technique ids, upper case (`T1059.001`); empty for an unmapped rule.
    #[serde(default)]
    pub technique_ids: Vec<String>,
    /// Tactic short names (`persistence`), from tactic-only tags or the rule's threat mapping.
    #[serde(default)]
    pub tactics: Vec<String>,
    /// Sigma `level` or Elastic `severity` (`low`, `medium`, `high`, `critical`, `informational`).
    #[serde(default)]
    pub level: Option<String>,
    /// Sigma `status` (`stable`, `test`, `experimental`, `deprecated`, `unsupported`) or Elastic
    /// `maturity` (`production`, `development`, `deprecated`).
    #[serde(default)]
    pub status: Option<String>,
    /// Elastic `risk_score`.
    #[serde(default)]
    pub risk_score: Option<u32>,
    /// Elastic `type` (`query`, `eql`, `esql`, `machine_learning`, `threshold`, ...); Sigma rules
    /// have none.
    #[serde(default)]
    pub rule_type: Option<String>,
    /// Elastic `language` (`kuery`, `eql`, `esql`, `lucene`); `sigma` for Sigma rules.
    #[serde(default)]
    pub language: Option<String>,
    /// Elastic's query, or Sigma's `detection` block as YAML.
    #[serde(default)]
    pub query: Option<String>,
    /// Sigma `logsource` as `product/category/service` (absent parts empty); Elastic index
    /// patterns joined with `,`.
    #[serde(default)]
    pub logsource: Option<String>,
    /// Platforms in ATT&CK's vocabulary (`windows`, `linux`, `macos`, ...) where the rule says.
    #[serde(default)]
    pub platforms: Vec<String>,
    #[serde(default)]
    pub author: Option<String>,
    /// As the rule writes it (`2023/01/05`, `2023-01-05`).
    #[serde(default)]
    pub date: Option<String>,
    /// Sigma status `deprecated` or Elastic maturity `deprecated`.
    #[serde(default)]
    pub deprecated: bool,
    /// Elastic `building_block_type`.
    #[serde(default)]
    pub building_block: bool,
    #[serde(default)]
    pub references: Vec<String>,
    /// Tags or ids the rule names that are not techniques or tactics (`attack.g0020`,
    /// `detection.threat-hunting`), kept for filtering.
    #[serde(default)]
    pub other_tags: Vec<String>,
    /// The rule as written upstream (one document of a multi-document Sigma file).
    #[serde(default)]
    pub raw: String,
    #[serde(default)]
    pub upstream_path: Option<String>,
}

/// A rule as stored and served.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DetectionRule {
    pub id: Uuid,
    #[serde(flatten)]
    pub content: RuleContent,
    pub content_hash: String,
    /// The source no longer has it.
    pub retired: bool,
    /// Technique ids the catalog does not know or that are revoked.
    #[serde(default)]
    pub unknown_techniques: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub created_by: Option<String>,
    pub updated_by: Option<String>,
    pub run_id: Option<Uuid>,
}

const RULE_NAMESPACE: Uuid = Uuid::from_u128(0x3f0a_91c2_5d7b_4e61_8c3e_27d4_b9a0_e615);

impl DetectionRule {
    pub fn imported_id(origin: RuleOrigin, source_id: &str) -> Uuid {
        Uuid::new_v5(&RULE_NAMESPACE, format!("{}/{source_id}", origin.as_str()).as_bytes())
    }

    /// Whether the rule maps `technique` (or, for a parent, one of its sub-techniques).
    pub fn covers(&self, technique: &str) -> bool {
        super::names_technique(&self.content.technique_ids, technique)
    }
}

/// What the blue side recorded of one rule in a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleOutcome {
    Fired,
    NotFired,
    /// The rule could not apply (its log source is not collected, another platform).
    NotApplicable,
}
