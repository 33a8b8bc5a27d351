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

/// Whether `ids` name `technique`, or, for a parent technique, one of its sub-techniques
/// (`T1059` is covered by `T1059.001`, not by `T10590`).
pub fn names_technique(ids: &[String], technique: &str) -> bool {
    ids.iter().any(|t| {
        t == technique
            || (t.len() > technique.len()
                && t.starts_with(technique)
                && t.as_bytes()[technique.len()] == b'.')
    })
}
