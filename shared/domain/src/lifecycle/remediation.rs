//! Remediation steps of a validated test with a detection gap. A change that completes the last
//! open step says so (`completes`), and the lifecycle service creates the automatic retest in
//! the same transaction, conditional on every other step still being as read: of two owners
//! finishing the last two steps at once, exactly one sees both done.

use super::{Actor, LifecycleError, MAX_STEPS_PER_TEST, Record};
use crate::events::{DomainEvent, RemediationChanged};
use crate::validation::{Member, RemediationStep, StepStatus, Test, check_text};
use crate::{FieldError, Role};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStep {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    /// The owner (the service checks the user exists and is active).
    pub owner: Member,
    pub due_date: Option<NaiveDate>,
}

/// Fields of a step to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepEdit {
    pub status: Option<StepStatus>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub owner: Option<Member>,
    pub due_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepCommand {
    Create(NewStep),
    Update { step_id: Uuid, edit: StepEdit },
}

#[derive(Debug, Clone, PartialEq)]
pub struct StepApplied {
    pub step: RemediationStep,
    /// The step as read, for an update (its version is the write's condition).
    pub before: Option<RemediationStep>,
    /// Every step of the test is done after this change.
    pub all_done: bool,
    /// This change completed the last open step: the retest follows.
    pub completes: bool,
    pub record: Record,
    pub events: Vec<DomainEvent>,
}

const LEADS: [Role; 2] = [Role::RedLead, Role::BlueLead];

/// Whether every step is done (a test without steps has nothing to retest).
pub fn steps_all_done(steps: &[RemediationStep]) -> bool {
    !steps.is_empty() && steps.iter().all(|s| s.status == StepStatus::Done)
}

/// Applies a step command to the steps of `test`, as read together.
pub fn apply_step(
    test: &Test,
    steps: &[RemediationStep],
    command: StepCommand,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<StepApplied, LifecycleError> {
    let (step, before) = match command {
        StepCommand::Create(new) => (create(test, steps, new, actor, now)?, None),
        StepCommand::Update { step_id, edit } => {
            let Some(current) = steps.iter().find(|s| s.id == step_id) else {
                return Err(LifecycleError::NotFound(format!(
                    "no remediation step {step_id} on test {}",
                    test.id
                )));
            };
            (update(current, edit, actor, now)?, Some(current.clone()))
        }
    };
    let after: Vec<RemediationStep> =
        steps.iter().filter(|s| s.id != step.id).cloned().chain(std::iter::once(step.clone())).collect();
    let all_done = steps_all_done(&after);
    let was_done = before.as_ref().is_some_and(|b| b.status == StepStatus::Done);
    let completes = all_done && step.status == StepStatus::Done && !was_done;
    let record = Record {
        action: if before.is_some() { "remediation.update" } else { "remediation.create" },
        from: None,
        to: None,
        comment: None,
        summary: json!({ "step_id": step.id, "step": step.title, "owner": step.owner, "status": step.status }),
    };
    let events = vec![DomainEvent::RemediationChanged(RemediationChanged {
        test_id: test.id,
        step_id: step.id,
        step_version: step.version,
        status: step.status,
        all_done,
        actor: actor.username.clone(),
    })];
    Ok(StepApplied { step, before, all_done, completes, record, events })
}

fn create(
    test: &Test,
    steps: &[RemediationStep],
    new: NewStep,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<RemediationStep, LifecycleError> {
    if !actor.role.is_allowed(&LEADS) {
        return Err(LifecycleError::Forbidden("leads and admins plan remediation".into()));
    }
    if !test.has_gap() {
        return Err(LifecycleError::Conflict(
            "remediation applies to validated tests that were not fully detected".into(),
        ));
    }
    if steps.len() >= MAX_STEPS_PER_TEST {
        return Err(LifecycleError::Conflict(format!(
            "a test has at most {MAX_STEPS_PER_TEST} remediation steps"
        )));
    }
    let mut errors = Vec::new();
    check_text("title", &new.title, 200, true, &mut errors);
    check_text("description", &new.description, 20_000, false, &mut errors);
    LifecycleError::check(errors)?;
    Ok(RemediationStep {
        id: new.id,
        test_id: test.id,
        title: new.title.trim().to_owned(),
        description: new.description,
        owner: new.owner.username,
        owner_id: Some(new.owner.id),
        due_date: new.due_date,
        status: StepStatus::Open,
        created_by: actor.username.clone(),
        created_at: now,
        updated_at: now,
        version: 1,
    })
}

/// The owner changes their step; leads and admins change any and alone reassign.
fn update(
    current: &RemediationStep,
    edit: StepEdit,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<RemediationStep, LifecycleError> {
    let lead = actor.role.is_allowed(&LEADS);
    let owns = current.owner_id.map_or(current.owner == actor.username, |id| id == actor.id);
    if !lead && !owns {
        return Err(LifecycleError::Forbidden(
            "only the step's owner, leads and admins may change it".into(),
        ));
    }
    if edit.owner.as_ref().is_some_and(|o| Some(o.id) != current.owner_id) && !lead {
        return Err(LifecycleError::Forbidden("only leads and admins reassign steps".into()));
    }
    let mut next = current.clone();
    if let Some(s) = edit.status {
        next.status = s;
    }
    if let Some(t) = edit.title {
        next.title = t.trim().to_owned();
    }
    if let Some(d) = edit.description {
        next.description = d;
    }
    if let Some(o) = edit.owner {
        next.owner = o.username;
        next.owner_id = Some(o.id);
    }
    if edit.due_date.is_some() {
        next.due_date = edit.due_date;
    }
    let mut errors: Vec<FieldError> = Vec::new();
    check_text("title", &next.title, 200, true, &mut errors);
    check_text("description", &next.description, 20_000, false, &mut errors);
    LifecycleError::check(errors)?;
    next.version += 1;
    next.updated_at = now;
    Ok(next)
}
