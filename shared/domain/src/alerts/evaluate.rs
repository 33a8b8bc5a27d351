//! Whether a rule's condition holds on an observed state, and on what.

use super::AlertKind;
use crate::validation::{Coverage, TestState};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// A test as the stuck-tests kind sees it: when it entered its current state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedTest {
    pub id: Uuid,
    pub title: String,
    pub state: TestState,
    pub since: DateTime<Utc>,
}

/// A remediation step not yet done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenStep {
    pub id: Uuid,
    pub test_id: Uuid,
    pub title: String,
    pub due: NaiveDate,
}

/// A technique an ATT&CK sync added or changed, and when someone last reviewed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedTechnique {
    pub attack_id: String,
    pub changed_at: DateTime<Utc>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// A technique a tracked actor gained in the latest release, with our coverage of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorGain {
    pub actor: String,
    pub technique: String,
    pub status: Coverage,
}

/// What the job read for one rule. Only the part its kind needs is filled.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observation {
    /// The score the kind watches (organisation, tactic, actor, set); `None` when its subject
    /// is unknown (a deleted set, an actor gone from the catalog).
    pub score: Option<f64>,
    /// The watched tactic, actor or set as people name it (the summary's wording; the matched
    /// subject stays its id).
    pub subject_name: Option<String>,
    /// Every technique's coverage status.
    pub statuses: BTreeMap<String, Coverage>,
    /// Each technique's latest validation.
    pub latest_validated: BTreeMap<String, DateTime<Utc>>,
    pub queued: Vec<QueuedTest>,
    pub open_steps: Vec<OpenStep>,
    pub changed: Vec<ChangedTechnique>,
    pub gains: Vec<ActorGain>,
}

/// One thing a rule matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Matched {
    /// What matched: a technique id, a test or step id, `organisation`, a tactic.
    pub subject: String,
    pub detail: String,
}

/// The outcome of one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Evaluation {
    pub holds: bool,
    /// One line saying what holds (or why not).
    pub summary: String,
    pub matched: Vec<Matched>,
}

/// How far each status is from covered: a fall is a move to a higher rank.
fn rank(c: Coverage) -> u8 {
    match c {
        Coverage::Validated => 0,
        Coverage::Partial => 1,
        Coverage::InProgress | Coverage::NotCovered => 2,
    }
}

fn label(c: Coverage) -> &'static str {
    match c {
        Coverage::Validated => "validated",
        Coverage::Partial => "partial",
        Coverage::InProgress => "in_progress",
        Coverage::NotCovered => "not_covered",
    }
}

/// Most matches listed on one evaluation (the summary counts them all).
pub const MAX_MATCHED: usize = 100;

/// `one` and `many` are the noun phrase for one match and for several ("technique regressed",
/// "techniques regressed").
fn outcome(one: &str, many: &str, mut matched: Vec<Matched>) -> Evaluation {
    let n = matched.len();
    matched.truncate(MAX_MATCHED);
    Evaluation {
        holds: n > 0,
        summary: match n {
            0 => format!("no {many}"),
            1 => format!("1 {one}"),
            n => format!("{n} {many}"),
        },
        matched,
    }
}

fn score_below(subject: &str, name: Option<&str>, score: Option<f64>, threshold: f64) -> Evaluation {
    let named = name.unwrap_or(subject);
    match score {
        None => Evaluation {
            holds: false,
            summary: format!("{named}: unknown, nothing to score"),
            matched: vec![],
        },
        Some(s) => {
            let holds = s < threshold;
            Evaluation {
                holds,
                summary: format!(
                    "{named} score {s:.1} is {} the threshold {threshold:.1}",
                    if holds { "below" } else { "not below" }
                ),
                matched: if holds {
                    vec![Matched {
                        subject: subject.to_owned(),
                        detail: format!("score {s:.1} < {threshold:.1}"),
                    }]
                } else {
                    vec![]
                },
            }
        }
    }
}

fn days_text(n: i64) -> String {
    if n == 1 { "1 day".into() } else { format!("{n} days") }
}

/// Evaluates `kind` on `obs` at `now`. `baseline` is the coverage the previous evaluation saw
/// (regressions only; an empty one, the first evaluation, sees none).
pub fn evaluate(
    kind: &AlertKind,
    obs: &Observation,
    baseline: &BTreeMap<String, Coverage>,
    now: DateTime<Utc>,
) -> Evaluation {
    match kind {
        AlertKind::OrgScoreBelow { threshold } => score_below("organisation", None, obs.score, *threshold),
        AlertKind::TacticScoreBelow { tactic, threshold } => {
            score_below(tactic, obs.subject_name.as_deref(), obs.score, *threshold)
        }
        AlertKind::ThreatActorScoreBelow { threat_actor, threshold } => {
            score_below(threat_actor, obs.subject_name.as_deref(), obs.score, *threshold)
        }
        AlertKind::TechniqueSetScoreBelow { technique_set_id, threshold } => {
            score_below(&technique_set_id.to_string(), obs.subject_name.as_deref(), obs.score, *threshold)
        }
        AlertKind::CoverageRegressed {} => {
            let matched = baseline
                .iter()
                .filter_map(|(t, before)| {
                    let now = obs.statuses.get(t).copied().unwrap_or(Coverage::NotCovered);
                    (rank(now) > rank(*before)).then(|| Matched {
                        subject: t.clone(),
                        detail: format!("{} → {}", label(*before), label(now)),
                    })
                })
                .collect();
            outcome("technique regressed", "techniques regressed", matched)
        }
        AlertKind::TestsStuck { state, days } => {
            let limit = now - Duration::days(i64::from(*days));
            let matched = obs
                .queued
                .iter()
                .filter(|t| t.state == *state && t.since < limit)
                .map(|t| Matched {
                    subject: t.id.to_string(),
                    detail: format!(
                        "{} in {} for {}",
                        t.title,
                        state.label(),
                        days_text((now - t.since).num_days())
                    ),
                })
                .collect();
            let longer = format!("in {} longer than {}", state.label(), days_text(i64::from(*days)));
            outcome(&format!("test {longer}"), &format!("tests {longer}"), matched)
        }
        AlertKind::RemediationOverdue { grace_days } => {
            let today = now.date_naive();
            let matched = obs
                .open_steps
                .iter()
                .filter(|s| (today - s.due).num_days() > i64::from(*grace_days))
                .map(|s| Matched {
                    subject: s.id.to_string(),
                    detail: format!("{} (test {}) due {}", s.title, s.test_id, s.due),
                })
                .collect();
            outcome("remediation step overdue", "remediation steps overdue", matched)
        }
        AlertKind::ValidationStale { days } => {
            let limit = now - Duration::days(i64::from(*days));
            let matched = obs
                .latest_validated
                .iter()
                .filter(|(_, at)| **at < limit)
                .map(|(t, at)| Matched {
                    subject: t.clone(),
                    detail: format!("last validated {}", at.date_naive()),
                })
                .collect();
            let stale = format!("not validated for {}", days_text(i64::from(*days)));
            outcome(&format!("technique {stale}"), &format!("techniques {stale}"), matched)
        }
        AlertKind::UnreviewedChanges { days } => {
            let limit = now - Duration::days(i64::from(*days));
            let matched = obs
                .changed
                .iter()
                .filter(|c| c.changed_at < limit && c.reviewed_at.is_none_or(|r| r < c.changed_at))
                .map(|c| Matched {
                    subject: c.attack_id.clone(),
                    detail: format!("changed {} and not reviewed since", c.changed_at.date_naive()),
                })
                .collect();
            let after = format!("unreviewed after {}", days_text(i64::from(*days)));
            outcome(&format!("changed technique {after}"), &format!("changed techniques {after}"), matched)
        }
        AlertKind::TrackedActorGap {} => {
            let matched = obs
                .gains
                .iter()
                .filter(|g| g.status != Coverage::Validated)
                .map(|g| Matched {
                    subject: g.technique.clone(),
                    detail: format!("{} now uses it; coverage {}", g.actor, label(g.status)),
                })
                .collect();
            outcome(
                "new technique of a tracked actor not covered",
                "new techniques of tracked actors not covered",
                matched,
            )
        }
    }
}
