//! Runs of the ATT&CK sync and the status of scheduled jobs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Running,
    Succeeded,
    Failed,
}

/// What started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    Schedule,
    Manual,
    Upload,
}

/// Changes of one kind of object in a run. The categories are exclusive: a newly revoked object
/// counts as `revoked` only, a newly deprecated one as `deprecated` only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChangeCounts {
    pub added: u32,
    pub updated: u32,
    pub deprecated: u32,
    pub revoked: u32,
    /// Gone from MITRE's data; marked, not deleted.
    pub removed: u32,
    pub unchanged: u32,
    /// Could not be written.
    pub failed: u32,
}

impl ChangeCounts {
    pub fn add(&mut self, other: &ChangeCounts) {
        self.added += other.added;
        self.updated += other.updated;
        self.deprecated += other.deprecated;
        self.revoked += other.revoked;
        self.removed += other.removed;
        self.unchanged += other.unchanged;
        self.failed += other.failed;
    }
}

/// What the imported data held (independent of what changed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CatalogCounts {
    pub tactics: u32,
    /// Active techniques, sub-techniques included.
    pub techniques: u32,
    /// Active sub-techniques.
    pub subtechniques: u32,
    /// Active intrusion sets.
    pub threat_actors: u32,
    pub mitigations: u32,
    pub detection_strategies: u32,
    /// Revoked objects of the kinds above.
    pub revoked: u32,
    /// Deprecated (not revoked) objects of the kinds above.
    pub deprecated: u32,
}

/// User data moved from a revoked technique to its replacement by a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Repoint {
    pub from: String,
    pub to: String,
    /// The review mark was copied (the replacement had none).
    pub review_moved: bool,
    /// Custom actor mappings moved.
    pub mappings_moved: Vec<String>,
    /// Tests re-pointed (ids).
    #[serde(default)]
    pub tests_moved: Vec<Uuid>,
    pub reverted_at: Option<DateTime<Utc>>,
    pub reverted_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SyncRun {
    pub run_id: Uuid,
    pub status: RunStatus,
    pub trigger: Trigger,
    pub domain: String,
    /// `taxii`, `bundle_url` or `upload`, once known.
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub attack_version: Option<String>,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Changes summed over every kind.
    pub counts: ChangeCounts,
    /// Changes per kind (`technique`, `tactic`, `threat_actor`, `mitigation`, `detection_strategy`).
    pub by_kind: BTreeMap<String, ChangeCounts>,
    pub catalog: Option<CatalogCounts>,
    /// Why the TAXII server was not used, when the run fell back to the bundle URL.
    pub fallback_reason: Option<String>,
    pub error: Option<String>,
    pub repoints: Vec<Repoint>,
    pub requested_by: Option<String>,
}

/// Last outcome of a scheduled job, for the scheduler status page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct JobStatus {
    pub name: String,
    pub last_run_at: Option<DateTime<Utc>>,
    pub last_status: Option<RunStatus>,
    pub last_run_id: Option<Uuid>,
    pub last_error: Option<String>,
    /// When the job last succeeded; a schedule that ticks more often than the job is due
    /// (the hourly MITRE sync tick) compares against it.
    #[serde(default)]
    pub last_success_at: Option<DateTime<Utc>>,
}

/// An upload slot for an import file (an ATT&CK bundle) that the browser puts straight into
/// the bucket; completing it starts the import from the object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportUpload {
    pub id: Uuid,
    pub filename: String,
    pub size_bytes: u64,
    #[schema(value_type = String, pattern = "^[0-9a-f]{64}$")]
    pub sha256: crate::checksum::Sha256,
    pub s3_key: String,
    pub requested_by: String,
    pub created_at: DateTime<Utc>,
    /// Set once the upload was verified and its import started.
    pub run_id: Option<Uuid>,
}

/// Extensions an ATT&CK import may have (`.json`, or gzipped `.json.gz` / `.gz`).
pub const IMPORT_EXTENSIONS: &[&str] = &["json", "gz"];
/// Largest import upload (Enterprise ATT&CK is about 45 MB as JSON).
pub const MAX_IMPORT_BYTES: u64 = 200 * 1024 * 1024;
