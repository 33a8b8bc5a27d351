//! An alert rule as a lead writes it: kind with typed parameters, severity, recipients,
//! channels, cooldown.

use crate::ids::UserId;
use crate::validation::TestState;
use crate::{FieldError, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertSeverity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

/// What a rule watches, with its parameters (`{"kind": "tactic_score_below", "tactic":
/// "execution", "threshold": 40}`). Scores are 0–100; day counts are whole days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AlertKind {
    /// The organisation score fell below `threshold`.
    OrgScoreBelow { threshold: f64 },
    /// A tactic's score (shortname or `TA####`) fell below `threshold`.
    TacticScoreBelow { tactic: String, threshold: f64 },
    /// The score over a threat actor's techniques fell below `threshold`.
    ThreatActorScoreBelow { threat_actor: String, threshold: f64 },
    /// The score over an imported technique set fell below `threshold`.
    TechniqueSetScoreBelow { technique_set_id: Uuid, threshold: f64 },
    /// A technique's coverage status fell since the previous evaluation.
    CoverageRegressed {},
    /// Tests have stayed in `state` longer than `days`.
    TestsStuck { state: TestState, days: u32 },
    /// Remediation steps not done more than `grace_days` after their due date.
    RemediationOverdue {
        #[serde(default)]
        grace_days: u32,
    },
    /// Techniques whose latest validation is older than `days`.
    ValidationStale { days: u32 },
    /// Techniques added or changed by an ATT&CK sync and not reviewed `days` after it.
    UnreviewedChanges { days: u32 },
    /// A tracked threat actor gained techniques (since the previous ATT&CK release) that we
    /// do not cover (intel scan).
    TrackedActorGap {},
}

impl AlertKind {
    pub fn name(&self) -> &'static str {
        match self {
            AlertKind::OrgScoreBelow { .. } => "org_score_below",
            AlertKind::TacticScoreBelow { .. } => "tactic_score_below",
            AlertKind::ThreatActorScoreBelow { .. } => "threat_actor_score_below",
            AlertKind::TechniqueSetScoreBelow { .. } => "technique_set_score_below",
            AlertKind::CoverageRegressed {} => "coverage_regressed",
            AlertKind::TestsStuck { .. } => "tests_stuck",
            AlertKind::RemediationOverdue { .. } => "remediation_overdue",
            AlertKind::ValidationStale { .. } => "validation_stale",
            AlertKind::UnreviewedChanges { .. } => "unreviewed_changes",
            AlertKind::TrackedActorGap {} => "tracked_actor_gap",
        }
    }

    /// Every broken parameter rule, named by its field (`condition.threshold`, ...).
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let threshold = |t: f64, errors: &mut Vec<FieldError>| {
            if !(0.0..=100.0).contains(&t) || t.is_nan() {
                errors.push(FieldError::new("condition.threshold", "range", "a score threshold is 0 to 100"));
            }
        };
        let days = |d: u32, field: &str, errors: &mut Vec<FieldError>| {
            if !(1..=3650).contains(&d) {
                errors.push(FieldError::new(format!("condition.{field}"), "range", "1 to 3650 days"));
            }
        };
        match self {
            AlertKind::OrgScoreBelow { threshold: t } => threshold(*t, &mut errors),
            AlertKind::TacticScoreBelow { tactic, threshold: t } => {
                threshold(*t, &mut errors);
                if tactic.trim().is_empty() {
                    errors.push(FieldError::new("condition.tactic", "required", "name a tactic"));
                }
            }
            AlertKind::ThreatActorScoreBelow { threat_actor, threshold: t } => {
                threshold(*t, &mut errors);
                if threat_actor.trim().is_empty() {
                    errors.push(FieldError::new("condition.threat_actor", "required", "name a threat actor"));
                }
            }
            AlertKind::TechniqueSetScoreBelow { threshold: t, .. } => threshold(*t, &mut errors),
            AlertKind::TestsStuck { state, days: d } => {
                days(*d, "days", &mut errors);
                if matches!(state, TestState::Validated) {
                    errors.push(FieldError::new("condition.state", "final", "validated is where tests end"));
                }
            }
            AlertKind::RemediationOverdue { grace_days } if *grace_days > 3650 => {
                errors.push(FieldError::new("condition.grace_days", "range", "0 to 3650 days"))
            }
            AlertKind::ValidationStale { days: d } | AlertKind::UnreviewedChanges { days: d } => {
                days(*d, "days", &mut errors)
            }
            _ => {}
        }
        errors
    }
}

/// Who gets the in-app notification of a firing: everyone holding one of `roles`, and `users`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Recipients {
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub users: Vec<UserId>,
}

/// Longest cooldown: 90 days.
pub const MAX_COOLDOWN_MINUTES: u32 = 90 * 24 * 60;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AlertRule {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub enabled: bool,
    /// What it watches: `{"kind": "...", <its parameters>}`.
    pub condition: AlertKind,
    pub severity: AlertSeverity,
    pub recipients: Recipients,
    /// Webhook channels (`/alert-channels`) the firing is also sent to.
    pub channels: Vec<Uuid>,
    /// A condition that keeps holding fires again only after this long.
    pub cooldown_minutes: u32,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: u64,
}

impl AlertRule {
    /// Every broken rule of the whole definition (kind parameters included).
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = self.condition.check();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            errors.push(FieldError::new("name", "length", "1 to 200 characters"));
        }
        if self.description.chars().count() > 2000 {
            errors.push(FieldError::new("description", "length", "at most 2000 characters"));
        }
        if self.cooldown_minutes > MAX_COOLDOWN_MINUTES {
            errors.push(FieldError::new("cooldown_minutes", "range", "at most 90 days (129600 minutes)"));
        }
        if self.recipients.roles.is_empty() && self.recipients.users.is_empty() && self.channels.is_empty() {
            errors.push(FieldError::new("recipients", "required", "name roles, users or channels to tell"));
        }
        if self.recipients.users.len() > 50 || self.channels.len() > 10 {
            errors.push(FieldError::new("recipients", "too_many", "at most 50 users and 10 channels"));
        }
        errors
    }
}
