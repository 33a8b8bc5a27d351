//! In-app notifications.

use super::*;
use crate::ids::UserId;

/// An in-app notification for one user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Notification {
    pub id: Uuid,
    pub user_id: UserId,
    /// `action_required`, `test_validated`, `test_rejected`, `retest_created`,
    /// `evidence_uploaded`, `alert_fired`, `campaign_run`.
    pub kind: String,
    pub message: String,
    /// What it is about, for a link to it: a test, an alert rule (`alert_fired`), a campaign
    /// (`campaign_run`).
    pub test_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// Every kind of notification, as `Notification::kind` names them.
pub const NOTIFICATION_KINDS: [&str; 7] = [
    "action_required",
    "test_validated",
    "test_rejected",
    "retest_created",
    "evidence_uploaded",
    "alert_fired",
    "campaign_run",
];

/// What a user chose about their notifications: the kinds they muted are still kept, but not
/// listed or counted until unmuted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationPreferences {
    /// Kinds from `NOTIFICATION_KINDS`, each once.
    #[serde(default)]
    pub muted_kinds: Vec<String>,
}

impl NotificationPreferences {
    /// Field errors for unknown or repeated kinds.
    pub fn check(&self) -> Result<(), crate::DomainError> {
        let mut errors = Vec::new();
        for (i, kind) in self.muted_kinds.iter().enumerate() {
            let field = format!("muted_kinds[{i}]");
            if !NOTIFICATION_KINDS.contains(&kind.as_str()) {
                errors.push(crate::FieldError::new(
                    field,
                    "unknown",
                    format!("one of {}", NOTIFICATION_KINDS.join(", ")),
                ));
            } else if self.muted_kinds[..i].contains(kind) {
                errors.push(crate::FieldError::new(field, "duplicate", "each kind once"));
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(crate::DomainError::Validation(errors)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn muted_kinds_are_known_kinds_each_once() {
        let prefs = |kinds: &[&str]| NotificationPreferences {
            muted_kinds: kinds.iter().map(|k| k.to_string()).collect(),
        };
        assert!(prefs(&[]).check().is_ok());
        assert!(prefs(&["alert_fired", "campaign_run"]).check().is_ok());
        let codes = |p: NotificationPreferences| match p.check() {
            Err(crate::DomainError::Validation(e)) => {
                e.into_iter().map(|e| (e.field, e.code)).collect::<Vec<_>>()
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(
            codes(prefs(&["alert_fired", "nope"])),
            [("muted_kinds[1]".to_owned(), "unknown".to_owned())]
        );
        assert_eq!(
            codes(prefs(&["alert_fired", "alert_fired"])),
            [("muted_kinds[1]".to_owned(), "duplicate".to_owned())]
        );
    }
}
