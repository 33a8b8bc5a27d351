//! Remediation steps of a validated test with a detection gap.

use super::*;
use crate::ids::UserId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Open,
    InProgress,
    Done,
}

/// One remediation step of a validated test with a detection gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RemediationStep {
    pub id: Uuid,
    pub test_id: Uuid,
    pub title: String,
    pub description: String,
    /// Username of the owner, for display.
    pub owner: String,
    /// The owner's user id (absent on records from before ids were kept).
    #[serde(default)]
    pub owner_id: Option<UserId>,
    pub due_date: Option<chrono::NaiveDate>,
    pub status: StepStatus,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: u64,
}
