//! Who gives a command and from where: the actor for the rules, the address for the audit log.

use chrono::{DateTime, Utc};
use domain::audit::AuditEntry;
use domain::lifecycle::Actor;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Origin {
    pub actor: Actor,
    /// The client's address, for the audit entry (none for the system).
    pub ip: Option<String>,
}

impl Origin {
    pub fn new(actor: Actor, ip: Option<String>) -> Self {
        Self { actor, ip }
    }

    pub fn system() -> Self {
        Self { actor: Actor::system(), ip: None }
    }

    /// The audit entry of `action` on `target_id` by this origin.
    pub fn audit(
        &self,
        action: &str,
        target_type: &str,
        target_id: Uuid,
        summary: serde_json::Value,
        at: DateTime<Utc>,
    ) -> AuditEntry {
        let system = self.actor.is_system();
        AuditEntry {
            id: Uuid::new_v4(),
            at,
            actor_id: (!system).then_some(self.actor.id),
            actor_username: Some(self.actor.username.clone()),
            action: action.to_owned(),
            target_type: target_type.to_owned(),
            target_id: Some(target_id.to_string()),
            ip: self.ip.clone(),
            summary,
        }
    }
}
