//! Building audit entries from the acting user and request (and the API token it used).

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
    mut summary: serde_json::Value,
) -> AuditEntry {
    // What was done with an API token says which one.
    if let (Some(grant), Some(fields)) = (actor.and_then(|a| a.api_token), summary.as_object_mut()) {
        fields.insert("api_token_id".into(), grant.id.to_string().into());
    }
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
