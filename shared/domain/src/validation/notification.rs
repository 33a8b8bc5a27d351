//! In-app notifications.

use super::*;

/// An in-app notification for one user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Notification {
    pub id: Uuid,
    pub user_id: Uuid,
    /// `action_required`, `test_validated`, `test_rejected`, `retest_created`, `evidence_uploaded`.
    pub kind: String,
    pub message: String,
    pub test_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}
