//! Domain events: what the API publishes on the bus and the consumer reacts to.

use crate::validation::{StepStatus, TestState};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `detail-type` of an accepted workflow step (or a creation).
pub const TEST_TRANSITIONED: &str = "TestTransitioned";
/// `detail-type` of a remediation step change.
pub const REMEDIATION_CHANGED: &str = "RemediationChanged";
/// `detail-type` of a verified evidence upload.
pub const EVIDENCE_UPLOADED: &str = "EvidenceUploaded";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestTransitioned {
    pub test_id: Uuid,
    pub title: String,
    pub technique_id: String,
    pub domain: String,
    /// `create`, `start_execution`, `submit_red`, `submit_blue`, `vote`, `reopen`.
    pub action: String,
    pub from: TestState,
    pub to: TestState,
    pub actor: String,
    pub actor_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemediationChanged {
    pub test_id: Uuid,
    pub step_id: Uuid,
    pub step_version: u64,
    pub status: StepStatus,
    /// Every step of the test is done after this change.
    pub all_done: bool,
    pub actor: String,
}
