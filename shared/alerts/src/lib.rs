//! Alert evaluation: for each enabled rule, observe what it watches ([`observe`]), evaluate and
//! decide with the pure rules of `domain::alerts`, and record the outcome. A firing (its event
//! and every recipient's notification) is written in the same transaction as the rule's next
//! state, conditional on the state's version: when two evaluations overlap, one records and the
//! other finds its condition failed and records nothing. A lease keeps scheduled runs apart on
//! top of that, and the job's outcome goes where `scheduler-status` reads it.

pub mod intel;
pub mod observe;
mod recipients;
pub mod secrets;
pub mod webhook;

use chrono::{DateTime, Utc};
use domain::alerts::{AlertEvent, AlertKind, AlertRule, Decision, Evaluation, RuleState, decide, evaluate};
use domain::ids::UserId;
use domain::sync::{JobStatus, RunStatus};
use domain::validation::Notification;
use platform::AppState;
use serde::Serialize;
use store::{StoreError, sync_runs};
use utoipa::ToSchema;
use uuid::Uuid;

/// The job's name in leases, run records and `scheduler-status`.
pub const JOB_NAME: &str = "alert-evaluation";
/// `detail-type` of an on-demand evaluation (`POST /system/jobs/alert-evaluation`).
pub const REQUESTED: &str = "AlertEvaluationRequested";
/// The notification kind of a firing.
pub const NOTIFICATION_KIND: &str = "alert_fired";
/// Notifications written in a firing's own transaction (the state, the event and up to ten
/// channel deliveries take at most 12 of DynamoDB's 100); further recipients are written right
/// after, each once.
const NOTIFY_IN_TX: usize = 85;

/// What one evaluation of a rule did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Fired,
    StillHolding,
    Clear,
    /// Another evaluation recorded this rule first; this one wrote nothing.
    Overlapped,
}

/// A dry run: would the rule fire now, and on what.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DryRun {
    #[serde(flatten)]
    pub evaluation: Evaluation,
    pub would_fire: bool,
    /// Why not, when it holds but would not fire.
    pub reason: Option<String>,
    pub recipients: u32,
}

/// Evaluates `rule` without recording anything.
pub async fn dry_run(state: &AppState, rule: &AlertRule, now: DateTime<Utc>) -> Result<DryRun, StoreError> {
    let st = store::alerts::state(&state.db, rule.id).await?;
    let obs = observe::observe(state, &rule.condition, now).await?;
    let evaluation = evaluate(&rule.condition, &obs, &st.baseline, now);
    let decision = decide(&st, evaluation.holds, rule.cooldown_minutes, now);
    let reason = match decision {
        Decision::StillHolding => {
            Some("it already fired for this condition and the cooldown has not passed".into())
        }
        _ if !rule.enabled => Some("the rule is disabled".into()),
        _ => None,
    };
    let recipients = recipients::resolve(state, rule).await?.len() as u32;
    Ok(DryRun { would_fire: decision == Decision::Fire && rule.enabled, evaluation, reason, recipients })
}

/// Evaluates one rule and records the outcome (see the module's doc).
pub async fn evaluate_rule(
    state: &AppState,
    rule: &AlertRule,
    now: DateTime<Utc>,
) -> Result<Outcome, StoreError> {
    let before = store::alerts::state(&state.db, rule.id).await?;
    let obs = observe::observe(state, &rule.condition, now).await?;
    let evaluation = evaluate(&rule.condition, &obs, &before.baseline, now);
    let decision = decide(&before, evaluation.holds, rule.cooldown_minutes, now);
    let mut next = RuleState {
        rule_id: rule.id,
        active: evaluation.holds,
        last_evaluated_at: Some(now),
        last_fired_at: before.last_fired_at,
        baseline: if matches!(rule.condition, AlertKind::CoverageRegressed {}) {
            observe::baseline(&obs)
        } else {
            Default::default()
        },
        version: before.version + 1,
    };
    let (outcome, fired) = match decision {
        Decision::Fire => {
            next.last_fired_at = Some(now);
            let users = recipients::resolve(state, rule).await?;
            let event = AlertEvent {
                id: Uuid::new_v4(),
                rule_id: rule.id,
                rule_name: rule.name.clone(),
                kind: rule.condition.name().into(),
                severity: rule.severity,
                fired_at: now,
                summary: evaluation.summary.clone(),
                matched: evaluation.matched.clone(),
                notified: users.len() as u32,
                channels: rule.channels.clone(),
            };
            let notifications: Vec<Notification> = users.iter().map(|u| notification(&event, *u)).collect();
            let deliveries: Vec<_> = rule.channels.iter().map(|c| webhook::pending(*c, &event)).collect();
            (Outcome::Fired, Some((event, notifications, deliveries)))
        }
        Decision::StillHolding => (Outcome::StillHolding, None),
        Decision::Clear => (Outcome::Clear, None),
    };
    let (in_tx, after) = match &fired {
        Some((_, n, _)) => n.split_at(n.len().min(NOTIFY_IN_TX)),
        None => (&[][..], &[][..]),
    };
    let recorded = store::alerts::record(
        &state.db,
        &before,
        &next,
        fired.as_ref().map(|(e, _, d)| (e, in_tx, d.as_slice())),
    )
    .await;
    match recorded {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => return Ok(Outcome::Overlapped),
        Err(e) => return Err(e),
    }
    for n in after {
        let mut tx = store::Transaction::new();
        store::notifications::write_new(&mut tx, &state.db, n)?;
        match tx.commit(&state.db, "notified").await {
            Ok(()) | Err(StoreError::Conflict(_)) => {}
            Err(e) => tracing::error!(error = %e, user = %n.user_id, "alert notification not written"),
        }
    }
    if let Some((event, _, deliveries)) = fired {
        tracing::info!(rule = %rule.id, event = %event.id, matched = event.matched.len(), "alert fired");
        webhook::deliver_event(state, &event, deliveries).await;
    }
    Ok(outcome)
}

/// A recipient's notification of a firing: its id derived from the event and the user, so the
/// same firing can never notify the same user twice.
fn notification(event: &AlertEvent, user: UserId) -> Notification {
    Notification {
        id: Uuid::new_v5(&event.id, user.as_uuid().as_bytes()),
        user_id: user,
        kind: NOTIFICATION_KIND.into(),
        message: format!("[{:?}] {}: {}", event.severity, event.rule_name, event.summary)
            .to_lowercase_first(),
        test_id: None,
        rule_id: Some(event.rule_id),
        campaign_id: None,
        created_at: event.fired_at,
        read: false,
    }
}

trait LowerFirst {
    fn to_lowercase_first(self) -> String;
}
impl LowerFirst for String {
    /// `[High] ...` reads `[high] ...`, as severities are written elsewhere.
    fn to_lowercase_first(self) -> String {
        match self.find(']') {
            Some(end) => format!("{}{}", self[..end].to_lowercase(), &self[end..]),
            None => self,
        }
    }
}

/// What one run of the evaluation did.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Report {
    pub run_id: Uuid,
    pub evaluated: u32,
    pub fired: u32,
    pub overlapped: u32,
    /// Rules whose evaluation failed, with why (the next run tries again).
    pub failed: Vec<(Uuid, String)>,
    /// Another run held the lease: this one evaluated nothing.
    pub skipped: bool,
    /// Webhook deliveries an earlier run left pending, sent again.
    pub redelivered: u32,
}

/// Evaluates every enabled rule under the job's lease and records the job's outcome.
pub async fn run(state: &AppState, run_id: Uuid, now: DateTime<Utc>) -> Result<Report, StoreError> {
    let mut report = Report { run_id, ..Default::default() };
    let holder = run_id.to_string();
    if sync_runs::acquire_lease(&state.db, JOB_NAME, &holder, Utc::now() + observe::lease_span())
        .await?
        .is_err()
    {
        report.skipped = true;
        return Ok(report);
    }
    let mut outcome = evaluate_all(state, now, &mut report).await;
    if outcome.is_ok() {
        outcome = webhook::sweep(state, now).await.map(|n| report.redelivered = n);
    }
    sync_runs::release_lease(&state.db, JOB_NAME, &holder).await?;
    let previous = sync_runs::job_status(&state.db, JOB_NAME).await?;
    let ok = outcome.is_ok() && report.failed.is_empty();
    let status = JobStatus {
        name: JOB_NAME.into(),
        last_run_at: Some(now),
        last_status: Some(if ok { RunStatus::Succeeded } else { RunStatus::Failed }),
        last_run_id: Some(run_id),
        last_error: match &outcome {
            Err(e) => Some(e.to_string()),
            Ok(()) => report.failed.first().map(|(id, why)| format!("rule {id}: {why}")),
        },
        last_success_at: if ok { Some(now) } else { previous.and_then(|p| p.last_success_at) },
    };
    sync_runs::put_job_status(&state.db, &status).await?;
    outcome.map(|()| report)
}

/// Every enabled rule, one after the other; a rule that fails does not stop the others.
pub async fn evaluate_all(
    state: &AppState,
    now: DateTime<Utc>,
    report: &mut Report,
) -> Result<(), StoreError> {
    for rule in store::alerts::all_rules(&state.db).await?.into_iter().filter(|r| r.enabled) {
        report.evaluated += 1;
        match evaluate_rule(state, &rule, now).await {
            Ok(Outcome::Fired) => report.fired += 1,
            Ok(Outcome::Overlapped) => report.overlapped += 1,
            Ok(_) => {}
            Err(e) => {
                tracing::error!(rule = %rule.id, error = %e, "alert rule evaluation failed");
                report.failed.push((rule.id, e.to_string()));
            }
        }
    }
    Ok(())
}

/// Whether a webhook channel exists (rules may only name existing ones).
pub async fn channel_exists(state: &AppState, id: Uuid) -> Result<bool, StoreError> {
    Ok(store::alert_channels::get(&state.db, id).await?.is_some())
}
