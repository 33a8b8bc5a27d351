//! When a holding condition fires: once when it starts to hold, and again only after it cleared
//! or the rule's cooldown passed. The state per rule is written on its version, so of two
//! evaluations that overlap only one can record a firing.

use super::{AlertSeverity, Matched};
use crate::validation::Coverage;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// What the evaluations of one rule left behind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RuleState {
    pub rule_id: Uuid,
    /// The condition held at the last evaluation.
    pub active: bool,
    pub last_evaluated_at: Option<DateTime<Utc>>,
    pub last_fired_at: Option<DateTime<Utc>>,
    /// Coverage seen by the last evaluation (regression rules only).
    #[serde(default)]
    pub baseline: BTreeMap<String, Coverage>,
    /// 0 before the first evaluation; each write raises it by one.
    pub version: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// It starts to hold, or held past the cooldown: fire.
    Fire,
    /// It still holds, inside the cooldown: stay quiet.
    StillHolding,
    /// It does not hold.
    Clear,
}

/// The decision for a rule whose condition `holds` now, given its state.
pub fn decide(state: &RuleState, holds: bool, cooldown_minutes: u32, now: DateTime<Utc>) -> Decision {
    if !holds {
        return Decision::Clear;
    }
    if !state.active {
        return Decision::Fire;
    }
    match state.last_fired_at {
        Some(at) if now - at < Duration::minutes(i64::from(cooldown_minutes)) => Decision::StillHolding,
        _ => Decision::Fire,
    }
}

/// One firing of a rule, with what matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AlertEvent {
    pub id: Uuid,
    pub rule_id: Uuid,
    pub rule_name: String,
    pub kind: String,
    pub severity: AlertSeverity,
    pub fired_at: DateTime<Utc>,
    pub summary: String,
    pub matched: Vec<Matched>,
    /// Users notified in-app.
    pub notified: u32,
    /// Webhook channels the firing was handed to.
    pub channels: Vec<Uuid>,
}
