//! Reports over the tests and their export jobs. A report small enough is answered in the
//! request; a larger one is a job: recorded, built page by page by the report job into the
//! bucket, and downloaded through a presigned link once done.

use crate::ids::{AttackDomain, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The reports that read tests (the coverage ones read the matrix and are always small).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReportKind {
    TestResults,
    Remediation,
}

impl ReportKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            ReportKind::TestResults => "test-results",
            ReportKind::Remediation => "remediation",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    #[default]
    Json,
    Csv,
}

impl ReportFormat {
    pub const fn content_type(self) -> &'static str {
        match self {
            ReportFormat::Json => "application/json",
            ReportFormat::Csv => "text/csv; charset=utf-8",
        }
    }

    pub const fn extension(self) -> &'static str {
        match self {
            ReportFormat::Json => "json",
            ReportFormat::Csv => "csv",
        }
    }
}

/// What a report covers: its kind, format, domain and the tests' creation-time range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportSpec {
    pub kind: ReportKind,
    #[serde(default)]
    pub format: ReportFormat,
    #[serde(default)]
    pub domain: AttackDomain,
    /// Tests created at or after.
    #[serde(default)]
    pub from: Option<DateTime<Utc>>,
    /// Tests created at or before.
    #[serde(default)]
    pub to: Option<DateTime<Utc>>,
}

impl ReportSpec {
    /// The name the file is saved as (`aegis-test-results.csv`).
    pub fn filename(&self) -> String {
        format!("aegis-{}.{}", self.kind.as_str(), self.format.extension())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportJobStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl ReportJobStatus {
    /// A job the report job may (still or again) run: a retry after a crash finds it running.
    pub fn runnable(self) -> bool {
        !matches!(self, ReportJobStatus::Done)
    }
}

/// One export job and its outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportJob {
    pub id: Uuid,
    pub spec: ReportSpec,
    pub status: ReportJobStatus,
    pub requested_by_id: UserId,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    #[serde(default)]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub finished_at: Option<DateTime<Utc>>,
    /// Runs started (an invocation retried after a failure counts again).
    #[serde(default)]
    pub attempts: u32,
    /// Rows written (tests, or remediation steps).
    #[serde(default)]
    pub rows: Option<u64>,
    #[serde(default)]
    pub bytes: Option<u64>,
    /// Where the finished file is in the bucket.
    #[serde(default)]
    pub object_key: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
}

impl ReportJob {
    pub fn new(
        id: Uuid,
        spec: ReportSpec,
        requested_by_id: UserId,
        requested_by: String,
        now: DateTime<Utc>,
    ) -> Self {
        ReportJob {
            id,
            spec,
            status: ReportJobStatus::Queued,
            requested_by_id,
            requested_by,
            requested_at: now,
            started_at: None,
            finished_at: None,
            attempts: 0,
            rows: None,
            bytes: None,
            object_key: None,
            error: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_wire_forms() {
        let spec = ReportSpec {
            kind: ReportKind::TestResults,
            format: ReportFormat::Csv,
            domain: AttackDomain::Enterprise,
            from: None,
            to: None,
        };
        assert_eq!(spec.filename(), "aegis-test-results.csv");
        let json = serde_json::to_value(&spec).unwrap();
        assert_eq!(json["kind"], "test-results");
        assert_eq!(json["format"], "csv");
        assert_eq!(json["domain"], "enterprise-attack");
        let back: ReportSpec = serde_json::from_value(serde_json::json!({ "kind": "remediation" })).unwrap();
        assert_eq!(back.format, ReportFormat::Json);
        assert_eq!(back.domain, AttackDomain::Enterprise);
        assert_eq!(ReportSpec { kind: ReportKind::Remediation, ..back }.filename(), "aegis-remediation.json");
        assert!(ReportJobStatus::Running.runnable() && ReportJobStatus::Failed.runnable());
        assert!(!ReportJobStatus::Done.runnable());
    }
}
