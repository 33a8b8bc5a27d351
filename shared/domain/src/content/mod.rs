//! The content library: the upstream projects Aegis imports offensive and defensive content
//! from (data sources and their runs) and the test templates made from that content.

pub mod rules;
pub mod sources;
pub mod templates;

pub use rules::{DetectionRule, RuleContent, RuleOrigin, RuleOutcome};
pub use sources::{
    DataSource, MAX_RUN_ERRORS, SourceCounts, SourceKey, SourceKind, SourceRun, SourceRunError, SyncSchedule,
};
pub use templates::{TemplateArgument, TemplateContent, TemplateOrigin, TestTemplate};
