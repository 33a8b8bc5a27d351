//! Audit entries: who changed what, when, from where.

use crate::ids::UserId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// The acting user, absent for system actions (schedules, bootstrap).
    pub actor_id: Option<UserId>,
    pub actor_username: Option<String>,
    /// Dotted verb such as `user.create` or `auth.logout`.
    pub action: String,
    /// Kind of the changed entity (`user`, `test`, ...).
    pub target_type: String,
    pub target_id: Option<String>,
    pub ip: Option<String>,
    /// What changed, never secrets (password hashes are left out by the callers).
    #[schema(value_type = Object)]
    pub summary: serde_json::Value,
}
