//! Domain events: what the lifecycle emits with each accepted change (kept in the outbox of the
//! same transaction), what the bus carries and the consumer reacts to.

use crate::ids::UserId;
use crate::validation::{Side, StepStatus, TestState};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `detail-type` of an accepted workflow step (or a creation).
pub const TEST_TRANSITIONED: &str = "TestTransitioned";
/// `detail-type` of an automatic retest created when a remediation completed.
pub const RETEST_CREATED: &str = "RetestCreated";
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
    /// `None` for a creation.
    pub from: Option<TestState>,
    pub to: TestState,
    pub actor: String,
    pub actor_id: UserId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetestCreated {
    pub retest_id: Uuid,
    /// The first test of the chain.
    pub original_id: Uuid,
    /// The test whose remediation completed.
    pub remediated_id: Uuid,
    pub title: String,
    pub technique_id: String,
    pub assigned_red: Option<String>,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceUploaded {
    pub test_id: Uuid,
    pub evidence_id: Uuid,
    pub side: Side,
    pub filename: String,
    pub actor: String,
}

/// Every event of the lifecycle, each with its own `detail-type` on the bus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainEvent {
    TestTransitioned(TestTransitioned),
    RetestCreated(RetestCreated),
    RemediationChanged(RemediationChanged),
    EvidenceUploaded(EvidenceUploaded),
}

impl DomainEvent {
    pub fn detail_type(&self) -> &'static str {
        match self {
            DomainEvent::TestTransitioned(_) => TEST_TRANSITIONED,
            DomainEvent::RetestCreated(_) => RETEST_CREATED,
            DomainEvent::RemediationChanged(_) => REMEDIATION_CHANGED,
            DomainEvent::EvidenceUploaded(_) => EVIDENCE_UPLOADED,
        }
    }

    pub fn detail(&self) -> serde_json::Value {
        let value = match self {
            DomainEvent::TestTransitioned(e) => serde_json::to_value(e),
            DomainEvent::RetestCreated(e) => serde_json::to_value(e),
            DomainEvent::RemediationChanged(e) => serde_json::to_value(e),
            DomainEvent::EvidenceUploaded(e) => serde_json::to_value(e),
        };
        // Plain structs of strings, ids and enums always serialise.
        value.unwrap_or(serde_json::Value::Null)
    }

    /// Reads an event back from its `detail-type` and `detail`; `None` for other detail types.
    pub fn parse(detail_type: &str, detail: serde_json::Value) -> Option<Result<Self, serde_json::Error>> {
        let parsed = match detail_type {
            TEST_TRANSITIONED => serde_json::from_value(detail).map(DomainEvent::TestTransitioned),
            RETEST_CREATED => serde_json::from_value(detail).map(DomainEvent::RetestCreated),
            REMEDIATION_CHANGED => serde_json::from_value(detail).map(DomainEvent::RemediationChanged),
            EVIDENCE_UPLOADED => serde_json::from_value(detail).map(DomainEvent::EvidenceUploaded),
            _ => return None,
        };
        Some(parsed)
    }
}
