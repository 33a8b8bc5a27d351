//! The parsed catalog: plain records, no STIX plumbing left in them.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::canonical::FieldDigests;

/// The ATT&CK domain of a bundle (the one type the platform names domains by).
pub use domain::ids::AttackDomain as Domain;

/// Which STIX serialisation the bundle used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum StixVersion {
    /// STIX 2.0 (mitre/cti): no `spec_version` on objects, no `x-mitre-collection`.
    #[serde(rename = "2.0")]
    V2_0,
    /// STIX 2.1 (mitre-attack/attack-stix-data).
    #[serde(rename = "2.1")]
    V2_1,
}

/// Counts of what the bundle contained.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ParseStats {
    /// Elements of `objects`.
    pub objects: usize,
    /// Elements of `objects` per STIX `type`.
    pub by_type: BTreeMap<String, usize>,
    /// Objects of a type this importer does not model (malware, tool, campaign, identity,
    /// marking-definition, x-mitre-asset, ...): counted and skipped.
    pub skipped_unknown: usize,
    /// `relationship` objects.
    pub relationships: usize,
    /// Relationships whose `source_ref` or `target_ref` is not in the bundle (ignored).
    pub relationships_unresolved: usize,
    /// `uses` / `mitigates` / `detects` / `subtechnique-of` relationships that are themselves
    /// `revoked` or `x_mitre_deprecated` and therefore not turned into links (see crate docs).
    pub relationships_withdrawn: usize,
}

/// An `x-mitre-matrix`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Matrix {
    pub stix_id: String,
    /// External id of the matrix, which is the domain name (`enterprise-attack`, ...). Both Mobile
    /// matrices share `mobile-attack`.
    pub attack_id: Option<String>,
    pub name: String,
    /// STIX ids of the tactics, in column order.
    pub tactic_refs: Vec<String>,
    pub revoked: bool,
    pub deprecated: bool,
}

/// An `x-mitre-tactic`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tactic {
    pub stix_id: String,
    /// `TA0001` ...
    pub attack_id: Option<String>,
    pub name: String,
    pub description: String,
    /// `x_mitre_shortname` (`initial-access`): what techniques' `kill_chain_phases` refer to.
    pub shortname: String,
    pub url: Option<String>,
    /// Whether some matrix lists this tactic in its `tactic_refs`.
    pub in_matrix: bool,
    pub revoked: bool,
    /// STIX id of the target of this object's `revoked-by` relationship.
    pub revoked_by_ref: Option<String>,
    /// ATT&CK id of that target.
    pub revoked_by: Option<String>,
    pub deprecated: bool,
    pub modified: String,
    pub version: Option<String>,
    pub domains: Vec<String>,
    /// Hex SHA-256 of the canonical JSON of the whole object (see [`crate::canonical`]).
    pub content_hash: String,
    #[serde(skip)]
    pub fields: FieldDigests,
}

/// An `attack-pattern` (technique or sub-technique).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Technique {
    pub stix_id: String,
    /// `T1059` / `T1059.001`. Only revoked or deprecated objects may lack it.
    pub attack_id: Option<String>,
    pub name: String,
    pub description: String,
    /// Tactic shortnames from `kill_chain_phases` whose kill chain is an ATT&CK one
    /// (`mitre-attack`, `mitre-mobile-attack`, `mitre-ics-attack`), in file order.
    pub tactics: Vec<String>,
    pub platforms: Vec<String>,
    /// `x_mitre_data_sources` (`"Process: Process Creation"`); empty in 18.1 for most techniques.
    pub data_sources: Vec<String>,
    /// `x_mitre_detection` text.
    pub detection: Option<String>,
    pub url: Option<String>,
    pub is_subtechnique: bool,
    /// Parent technique's ATT&CK id, from the id prefix (`T1059.001` -> `T1059`); falls back to the
    /// `subtechnique-of` target when the id has no `.NNN` suffix.
    pub parent_id: Option<String>,
    /// Parent technique's STIX id, from the `subtechnique-of` relationship, else looked up by
    /// `parent_id`.
    pub parent_ref: Option<String>,
    pub revoked: bool,
    pub revoked_by_ref: Option<String>,
    pub revoked_by: Option<String>,
    pub deprecated: bool,
    pub modified: String,
    pub version: Option<String>,
    pub domains: Vec<String>,
    pub content_hash: String,
    #[serde(skip)]
    pub fields: FieldDigests,
}

/// An `intrusion-set` (group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntrusionSet {
    pub stix_id: String,
    /// `G0007` ...
    pub attack_id: Option<String>,
    pub name: String,
    pub aliases: Vec<String>,
    pub description: String,
    pub url: Option<String>,
    /// STIX ids of attack-patterns this group `uses` (sorted, unique).
    pub technique_refs: Vec<String>,
    /// ATT&CK ids of those attack-patterns (sorted, unique).
    pub technique_ids: Vec<String>,
    pub revoked: bool,
    pub revoked_by_ref: Option<String>,
    pub revoked_by: Option<String>,
    pub deprecated: bool,
    pub modified: String,
    pub version: Option<String>,
    pub domains: Vec<String>,
    pub content_hash: String,
    #[serde(skip)]
    pub fields: FieldDigests,
}

/// A `course-of-action` (mitigation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mitigation {
    pub stix_id: String,
    /// `M1036` ...
    pub attack_id: Option<String>,
    pub name: String,
    pub description: String,
    pub url: Option<String>,
    /// STIX ids of attack-patterns this mitigation `mitigates` (sorted, unique).
    pub technique_refs: Vec<String>,
    /// ATT&CK ids of those attack-patterns (sorted, unique).
    pub technique_ids: Vec<String>,
    pub revoked: bool,
    pub revoked_by_ref: Option<String>,
    pub revoked_by: Option<String>,
    pub deprecated: bool,
    pub modified: String,
    pub version: Option<String>,
    pub domains: Vec<String>,
    pub content_hash: String,
    #[serde(skip)]
    pub fields: FieldDigests,
}

/// An `x-mitre-detection-strategy` (ATT&CK v18+).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DetectionStrategy {
    pub stix_id: String,
    /// `DET0001` ...
    pub attack_id: Option<String>,
    pub name: String,
    pub url: Option<String>,
    /// `x_mitre_analytic_refs`: STIX ids of its analytics, in file order.
    pub analytic_refs: Vec<String>,
    /// ATT&CK ids (`AN0001`) of those analytics that are in the bundle, in the same order.
    pub analytic_ids: Vec<String>,
    /// STIX ids of attack-patterns this strategy `detects` (sorted, unique).
    pub technique_refs: Vec<String>,
    /// ATT&CK ids of those attack-patterns (sorted, unique).
    pub technique_ids: Vec<String>,
    pub revoked: bool,
    pub revoked_by_ref: Option<String>,
    pub revoked_by: Option<String>,
    pub deprecated: bool,
    pub modified: String,
    pub version: Option<String>,
    pub domains: Vec<String>,
    pub content_hash: String,
    #[serde(skip)]
    pub fields: FieldDigests,
}

/// An `x-mitre-analytic` (ATT&CK v18+).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analytic {
    pub stix_id: String,
    /// `AN0001` ...
    pub attack_id: Option<String>,
    pub name: String,
    pub description: String,
    pub url: Option<String>,
    pub platforms: Vec<String>,
    /// Distinct `x_mitre_data_component_ref`s of its `x_mitre_log_source_references`, in order.
    pub data_component_refs: Vec<String>,
    pub revoked: bool,
    pub revoked_by_ref: Option<String>,
    pub revoked_by: Option<String>,
    pub deprecated: bool,
    pub modified: String,
    pub version: Option<String>,
    pub domains: Vec<String>,
    pub content_hash: String,
    #[serde(skip)]
    pub fields: FieldDigests,
}

/// An `x-mitre-data-source` (all deprecated since v18).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataSource {
    pub stix_id: String,
    /// `DS0009` ...
    pub attack_id: Option<String>,
    pub name: String,
    pub revoked: bool,
    pub revoked_by_ref: Option<String>,
    pub revoked_by: Option<String>,
    pub deprecated: bool,
    pub modified: String,
    pub content_hash: String,
    #[serde(skip)]
    pub fields: FieldDigests,
}

/// An `x-mitre-data-component`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataComponent {
    pub stix_id: String,
    /// `DC0001` ... (only from v18 on; earlier components have no ATT&CK id).
    pub attack_id: Option<String>,
    pub name: String,
    /// `x_mitre_data_source_ref` (most components lost it in v18).
    pub data_source_ref: Option<String>,
    pub revoked: bool,
    pub revoked_by_ref: Option<String>,
    pub revoked_by: Option<String>,
    pub deprecated: bool,
    pub modified: String,
    pub content_hash: String,
    #[serde(skip)]
    pub fields: FieldDigests,
}

/// Everything the importer keeps from one ATT&CK bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catalog {
    pub domain: Domain,
    /// `x_mitre_version` of the `x-mitre-collection` (`"18.1"`); `None` for STIX 2.0 files,
    /// which have no collection object.
    pub attack_version: Option<String>,
    /// `x_mitre_attack_spec_version` of the collection (`"3.3.0"`).
    pub attack_spec_version: Option<String>,
    pub stix_version: StixVersion,
    pub bundle_id: Option<String>,
    /// Matrices: active ones first, then revoked/deprecated ones, each group in file order.
    pub matrices: Vec<Matrix>,
    /// In matrix order: the matrices' `tactic_refs` concatenated (in the order of
    /// [`Catalog::matrices`], first occurrence wins), then tactics no matrix lists, sorted by
    /// ATT&CK id.
    pub tactics: Vec<Tactic>,
    /// Sorted by ATT&CK id, then STIX id (as are all following lists).
    pub techniques: Vec<Technique>,
    pub intrusion_sets: Vec<IntrusionSet>,
    pub mitigations: Vec<Mitigation>,
    pub detection_strategies: Vec<DetectionStrategy>,
    pub analytics: Vec<Analytic>,
    pub data_sources: Vec<DataSource>,
    pub data_components: Vec<DataComponent>,
    pub stats: ParseStats,
    /// Inconsistencies that did not stop the import (a matrix naming a missing tactic, a
    /// sub-technique whose `subtechnique-of` target disagrees with its id, ...).
    pub warnings: Vec<String>,
}

impl Catalog {
    /// The technique (or sub-technique) with this ATT&CK id, revoked or not.
    pub fn technique(&self, attack_id: &str) -> Option<&Technique> {
        self.techniques.iter().find(|t| t.attack_id.as_deref() == Some(attack_id))
    }

    /// The technique with this STIX id.
    pub fn technique_by_ref(&self, stix_id: &str) -> Option<&Technique> {
        self.techniques.iter().find(|t| t.stix_id == stix_id)
    }

    /// The technique that currently stands for `attack_id`: the technique itself if it is not
    /// revoked, else the end of its `revoked-by` chain (ATT&CK has chains, e.g. Enterprise
    /// `T1150` -> `T1547.011` (itself revoked) -> `T1647`). `None` if the id is unknown or the
    /// chain ends at an object that is not in the bundle. The result may be deprecated.
    pub fn current_technique(&self, attack_id: &str) -> Option<&Technique> {
        let mut t = self.technique(attack_id)?;
        // A chain can be at most as long as there are techniques; this also stops cycles.
        for _ in 0..=self.techniques.len() {
            if !t.revoked {
                return Some(t);
            }
            t = self.technique_by_ref(t.revoked_by_ref.as_deref()?)?;
        }
        None
    }

    /// The tactic with this shortname (`defense-evasion`).
    pub fn tactic_by_shortname(&self, shortname: &str) -> Option<&Tactic> {
        self.tactics.iter().find(|t| t.shortname == shortname)
    }

    /// The intrusion set with this ATT&CK id.
    pub fn intrusion_set(&self, attack_id: &str) -> Option<&IntrusionSet> {
        self.intrusion_sets.iter().find(|t| t.attack_id.as_deref() == Some(attack_id))
    }

    /// The mitigation with this ATT&CK id.
    pub fn mitigation(&self, attack_id: &str) -> Option<&Mitigation> {
        self.mitigations.iter().find(|t| t.attack_id.as_deref() == Some(attack_id))
    }

    /// The detection strategy with this ATT&CK id.
    pub fn detection_strategy(&self, attack_id: &str) -> Option<&DetectionStrategy> {
        self.detection_strategies.iter().find(|t| t.attack_id.as_deref() == Some(attack_id))
    }

    /// The analytic with this ATT&CK id.
    pub fn analytic(&self, attack_id: &str) -> Option<&Analytic> {
        self.analytics.iter().find(|t| t.attack_id.as_deref() == Some(attack_id))
    }
}

/// Uniform read access to the entity kinds the diff covers.
pub trait Entity {
    /// Human name of the kind ("technique").
    const KIND: &'static str;
    fn stix_id(&self) -> &str;
    fn attack_id(&self) -> Option<&str>;
    fn name(&self) -> &str;
    fn revoked(&self) -> bool;
    fn deprecated(&self) -> bool;
    fn revoked_by_ref(&self) -> Option<&str>;
    fn revoked_by(&self) -> Option<&str>;
    fn content_hash(&self) -> &str;
    fn fields(&self) -> &FieldDigests;
    /// STIX ids this entity is linked to through relationships or refs that are *not* part of
    /// its own JSON (`uses`, `mitigates`, `detects`, `subtechnique-of`, `revoked-by`). A change
    /// here is invisible to `content_hash`.
    fn links(&self) -> Vec<&str>;
}

macro_rules! entity {
    ($ty:ty, $kind:literal, |$e:ident| $links:expr) => {
        impl Entity for $ty {
            const KIND: &'static str = $kind;
            fn stix_id(&self) -> &str {
                &self.stix_id
            }
            fn attack_id(&self) -> Option<&str> {
                self.attack_id.as_deref()
            }
            fn name(&self) -> &str {
                &self.name
            }
            fn revoked(&self) -> bool {
                self.revoked
            }
            fn deprecated(&self) -> bool {
                self.deprecated
            }
            fn revoked_by_ref(&self) -> Option<&str> {
                self.revoked_by_ref.as_deref()
            }
            fn revoked_by(&self) -> Option<&str> {
                self.revoked_by.as_deref()
            }
            fn content_hash(&self) -> &str {
                &self.content_hash
            }
            fn fields(&self) -> &FieldDigests {
                &self.fields
            }
            fn links(&self) -> Vec<&str> {
                let $e = self;
                let mut v: Vec<&str> = $links;
                v.extend($e.revoked_by_ref.as_deref());
                v
            }
        }
    };
}

entity!(Tactic, "tactic", |_e| Vec::new());
entity!(Technique, "technique", |e| e.parent_ref.as_deref().into_iter().collect());
entity!(IntrusionSet, "intrusion set", |e| e.technique_refs.iter().map(String::as_str).collect());
entity!(Mitigation, "mitigation", |e| e.technique_refs.iter().map(String::as_str).collect());
entity!(DetectionStrategy, "detection strategy", |e| e.technique_refs.iter().map(String::as_str).collect());
entity!(Analytic, "analytic", |_e| Vec::new());
entity!(DataSource, "data source", |_e| Vec::new());
entity!(DataComponent, "data component", |_e| Vec::new());
