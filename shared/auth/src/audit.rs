//! Building audit entries from the acting user and request.

use crate::CurrentUser;
use chrono::Utc;
use domain::audit::AuditEntry;
use uuid::Uuid;
use web::client_ip::ClientIp;

/// An entry for `action` on `target_type`/`target_id` by `actor`, from `ip`.
pub fn entry(
    actor: Option<&CurrentUser>,
    ip: &ClientIp,
    action: &str,
    target_type: &str,
    target_id: Option<String>,
    summary: serde_json::Value,
) -> AuditEntry {
    AuditEntry {
        id: Uuid::new_v4(),
        at: Utc::now(),
        actor_id: actor.map(|a| a.id),
        actor_username: actor.map(|a| a.username.clone()),
        action: action.to_owned(),
        target_type: target_type.to_owned(),
        target_id,
        ip: Some(ip.0.clone()),
        summary,
    }
}
