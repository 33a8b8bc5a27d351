//! [`apply`]: one command on one test, every rule of the workflow in one place.

use super::{Actor, Command, LifecycleError, NewTest, RedSubmission, TechniqueRef, TestEdit, guard};
use crate::events::{DomainEvent, TestTransitioned};
use crate::validation::{
    Action, BlueResult, Decision, Member, Side, Test, TestRule, TestState, Vote, Votes, check_assignment,
    check_blue, check_text,
};
use crate::{FieldError, Role};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

/// What history and audit record of an accepted command.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// `create`, `update`, `assign`, a workflow step, `repoint` or `delete`.
    pub action: &'static str,
    pub from: Option<TestState>,
    pub to: Option<TestState>,
    pub comment: Option<String>,
    /// The audit entry's summary.
    pub summary: serde_json::Value,
}

/// An accepted command: the test after it (for `Delete`, the test removed), what to record and
/// the events it causes. `record` is `None` when the command changes nothing (a lead repeating
/// the vote already cast), so nothing is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub test: Test,
    pub record: Option<Record>,
    pub events: Vec<DomainEvent>,
}

/// How far in the future a client clock may be before a reported time is refused.
const CLOCK_SKEW_MINUTES: i64 = 5;

/// Applies `command` by `actor` at `now` to `test` (`None` only for `Create`). The version,
/// `updated_at` and `validated_at` of the result are set here; the store writes it conditionally
/// on the version read.
pub fn apply(
    test: Option<&Test>,
    command: Command,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Applied, LifecycleError> {
    let name = command.name();
    let current = match (test, command) {
        (None, Command::Create(new)) => return create(*new, actor, now),
        (Some(_), Command::Create(_)) => {
            return Err(LifecycleError::Conflict("the test exists already".into()));
        }
        (None, _) => return Err(LifecycleError::Conflict("there is no such test".into())),
        (Some(t), command) => (t, command),
    };
    let (test, command) = current;
    let mut next = test.clone();
    let comment = match command {
        Command::Create(_) => unreachable!("handled above"),
        Command::Edit(edit) => {
            edit_draft(&mut next, edit, actor)?;
            None
        }
        Command::Assign { red, blue } => {
            assign(&mut next, red, blue, actor)?;
            None
        }
        Command::StartExecution { comment } => {
            step(Action::StartExecution, test, actor, comment.as_deref())?;
            next.state = TestState::RedExecuting;
            claim(&mut next, Side::Red, actor);
            comment
        }
        Command::SubmitRed(red) => {
            step(Action::SubmitRed, test, actor, None)?;
            next.red = Some(red_result(red, now)?);
            next.state = TestState::BlueEvaluating;
            None
        }
        Command::SubmitBlue(blue, added) => {
            step(Action::SubmitBlue, test, actor, None)?;
            check_detection_times(test, &blue, now)?;
            attach_reported_rules(&mut next, &blue, added)?;
            next.blue = Some(blue);
            next.state = TestState::InReview;
            next.votes = Votes::default();
            claim(&mut next, Side::Blue, actor);
            None
        }
        Command::Vote { decision, comment, as_role } => {
            step(Action::Vote, test, actor, Some(&comment))?;
            if !cast_vote(&mut next, decision, &comment, as_role, actor, now)? {
                return Ok(Applied { test: test.clone(), record: None, events: Vec::new() });
            }
            Some(comment)
        }
        Command::Reopen { comment } => {
            step(Action::Reopen, test, actor, comment.as_deref())?;
            next.state = TestState::Draft;
            next.votes = Votes::default();
            next.round += 1;
            comment
        }
        Command::SetCampaign { campaign_id, depends_on } => {
            if !actor.is_system() && !actor.role.is_allowed(&[Role::RedLead, Role::BlueLead]) {
                return Err(LifecycleError::Forbidden("leads and admins organise campaigns".into()));
            }
            if next.campaign_id == campaign_id && next.depends_on == depends_on {
                return Ok(Applied { test: test.clone(), record: None, events: Vec::new() });
            }
            next.campaign_id = campaign_id;
            next.depends_on = depends_on;
            None
        }
        Command::Repoint { from, technique, comment } => {
            if !actor.is_system() && actor.role != Role::Admin {
                return Err(LifecycleError::Forbidden("tests are repointed by the sync or an admin".into()));
            }
            if test.technique_id != from {
                return Err(LifecycleError::Conflict(format!("the test is no longer on {from}")));
            }
            repoint(&mut next, technique);
            Some(comment)
        }
        Command::Delete => {
            if actor.role != Role::Admin {
                return Err(LifecycleError::Forbidden("only an admin deletes a test".into()));
            }
            let record = Record {
                action: name,
                from: Some(test.state),
                to: None,
                comment: None,
                summary: json!({ "title": test.title, "technique_id": test.technique_id }),
            };
            return Ok(Applied { test: test.clone(), record: Some(record), events: Vec::new() });
        }
    };
    next.version = test.version + 1;
    next.updated_at = now;
    if next.state == TestState::Validated && test.state != TestState::Validated {
        next.validated_at = Some(now);
    }
    let summary = summary(name, test, &next);
    let events = transition_event(name, Some(test.state), &next, actor).into_iter().collect();
    let record = Record { action: name, from: Some(test.state), to: Some(next.state), comment, summary };
    Ok(Applied { test: next, record: Some(record), events })
}

fn create(new: NewTest, actor: &Actor, now: DateTime<Utc>) -> Result<Applied, LifecycleError> {
    if !actor.role.is_allowed(&[Role::RedTech, Role::RedLead]) {
        return Err(LifecycleError::Forbidden("tests are created by the red team or an admin".into()));
    }
    LifecycleError::check(new_test_field_errors(
        &new.title,
        &new.procedure,
        &new.platform,
        &new.target_host,
        &new.template_id,
    ))?;
    if let Some(c) = &new.cleanup {
        let mut errors = Vec::new();
        check_text("cleanup", c, 50_000, false, &mut errors);
        LifecycleError::check(errors)?;
    }
    let mut test = Test {
        id: new.id,
        title: new.title.trim().to_owned(),
        technique_id: new.technique.attack_id.into(),
        technique_name: new.technique.name,
        tactics: new.technique.tactics,
        domain: new.technique.domain.as_str().to_owned(),
        procedure: new.procedure,
        platform: new.platform,
        severity: new.severity,
        target_host: new.target_host,
        state: TestState::Draft,
        created_by: actor.username.clone(),
        created_by_id: (!actor.is_system()).then_some(actor.id),
        assigned_red: None,
        assigned_blue: None,
        assigned_red_id: None,
        assigned_blue_id: None,
        red: None,
        blue: None,
        votes: Votes::default(),
        round: 1,
        retest_of: None,
        retests: Vec::new(),
        template_id: new.template_id,
        template_hash: new.template_hash,
        cleanup: new.cleanup,
        rules: new.rules,
        campaign_id: new.campaign_id,
        depends_on: new.depends_on,
        created_at: now,
        updated_at: now,
        validated_at: None,
        version: 1,
    };
    let record = Record {
        action: "create",
        from: None,
        to: Some(TestState::Draft),
        comment: None,
        summary: json!({ "title": test.title, "technique_id": test.technique_id }),
    };
    test.assign(&new.assigned_red, &new.assigned_blue);
    let events = transition_event("create", None, &test, actor).into_iter().collect();
    Ok(Applied { test, record: Some(record), events })
}

/// Each rule the blue side reports on once, every one either attached to the test or among
/// `added` (which then joins the test as not mapped).
fn attach_reported_rules(
    next: &mut Test,
    blue: &BlueResult,
    added: Vec<TestRule>,
) -> Result<(), LifecycleError> {
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, r) in blue.rule_outcomes.iter().enumerate() {
        let field = format!("rule_outcomes[{i}].rule_id");
        if !seen.insert(r.rule_id) {
            errors.push(FieldError::new(field, "duplicate", "each rule once"));
        } else if !next.rules.iter().chain(&added).any(|t| t.rule_id == r.rule_id) {
            errors.push(FieldError::new(field, "unknown", format!("no detection rule {}", r.rule_id)));
        }
    }
    LifecycleError::check(errors)?;
    for rule in added {
        if !next.rules.iter().any(|t| t.rule_id == rule.rule_id) {
            next.rules.push(TestRule { mapped: false, ..rule });
        }
    }
    Ok(())
}

/// What is wrong with a new test's own fields (the service adds what needs the store: the
/// technique and the assignees).
pub fn new_test_field_errors(
    title: &str,
    procedure: &str,
    platform: &Option<String>,
    target_host: &Option<String>,
    template_id: &Option<String>,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    check_fields(title, procedure, platform, target_host, &mut errors);
    if let Some(t) = template_id {
        check_text("template_id", t, 200, true, &mut errors);
    }
    errors
}

/// A workflow step's guard plus its optional comment's length.
fn step(action: Action, test: &Test, actor: &Actor, comment: Option<&str>) -> Result<(), LifecycleError> {
    guard(action, test, actor)?;
    let mut errors = Vec::new();
    if let Some(c) = comment {
        check_text("comment", c, 5000, false, &mut errors);
    }
    LifecycleError::check(errors)
}

/// A tech who starts unassigned work takes it.
fn claim(test: &mut Test, side: Side, actor: &Actor) {
    let tech = match side {
        Side::Red => Role::RedTech,
        Side::Blue => Role::BlueTech,
    };
    if test.assignee(side).is_none() && actor.role == tech {
        let me = Some(Member { id: actor.id, username: actor.username.clone() });
        match side {
            Side::Red => test.assign(&me, &None),
            Side::Blue => test.assign(&None, &me),
        }
    }
}

fn check_fields(
    title: &str,
    procedure: &str,
    platform: &Option<String>,
    host: &Option<String>,
    errors: &mut Vec<FieldError>,
) {
    check_text("title", title, 200, true, errors);
    check_text("procedure", procedure, 50_000, false, errors);
    if let Some(p) = platform {
        check_text("platform", p, 100, true, errors);
    }
    if let Some(h) = host {
        check_text("target_host", h, 255, true, errors);
    }
}

/// Drafts are edited by the red team (a tech only on work assigned to them or unassigned);
/// naming an assignee where the side has another is reassignment, the leads' command.
fn edit_draft(next: &mut Test, edit: TestEdit, actor: &Actor) -> Result<(), LifecycleError> {
    if !actor.role.is_allowed(&[Role::RedTech, Role::RedLead]) {
        return Err(LifecycleError::Forbidden("drafts are edited by the red team or an admin".into()));
    }
    check_assignment(Side::Red, actor, next)?;
    if next.state != TestState::Draft {
        return Err(LifecycleError::Conflict(format!(
            "only drafts can be edited; the test is {}",
            next.state.as_str()
        )));
    }
    // Naming someone else where a side already has an assignee.
    let reassigns = |new: &Option<Member>, side: Side| {
        new.as_ref().is_some_and(|m| {
            next.assignee(side).is_some_and(|(id, name)| id.map_or(name != m.username, |id| id != m.id))
        })
    };
    if actor.role == Role::RedTech
        && (reassigns(&edit.assigned_red, Side::Red) || reassigns(&edit.assigned_blue, Side::Blue))
    {
        return Err(LifecycleError::Forbidden("a lead or an admin reassigns a test".into()));
    }
    let mut errors = Vec::new();
    check_fields(
        edit.title.as_deref().unwrap_or("x"),
        edit.procedure.as_deref().unwrap_or(""),
        &edit.platform,
        &edit.target_host,
        &mut errors,
    );
    LifecycleError::check(errors)?;
    if let Some(v) = edit.title {
        next.title = v.trim().to_owned();
    }
    if let Some(v) = edit.procedure {
        next.procedure = v;
    }
    if edit.platform.is_some() {
        next.platform = edit.platform;
    }
    if let Some(v) = edit.severity {
        next.severity = v;
    }
    if edit.target_host.is_some() {
        next.target_host = edit.target_host;
    }
    next.assign(&edit.assigned_red, &edit.assigned_blue);
    Ok(())
}

/// Each side is assigned by its own lead (or an admin), until the verdict.
fn assign(
    next: &mut Test,
    red: Option<Member>,
    blue: Option<Member>,
    actor: &Actor,
) -> Result<(), LifecycleError> {
    let may = |side_lead: Role| actor.role == side_lead || actor.role == Role::Admin;
    if !actor.role.is_allowed(&[Role::RedLead, Role::BlueLead])
        || (red.is_some() && !may(Role::RedLead))
        || (blue.is_some() && !may(Role::BlueLead))
    {
        return Err(LifecycleError::Forbidden("each side is assigned by its own lead (or an admin)".into()));
    }
    if red.is_none() && blue.is_none() {
        return Err(LifecycleError::invalid("assigned_red", "required", "name a red or a blue assignee"));
    }
    if next.state == TestState::Validated {
        return Err(LifecycleError::Conflict("a validated test is not reassigned".into()));
    }
    next.assign(&red, &blue);
    Ok(())
}

fn red_result(
    red: RedSubmission,
    now: DateTime<Utc>,
) -> Result<crate::validation::RedResult, LifecycleError> {
    let mut errors = Vec::new();
    check_text("notes", &red.notes, 20_000, false, &mut errors);
    if red.succeeded && !red.executed {
        errors.push(FieldError::new(
            "succeeded",
            "inconsistent",
            "an attack that did not run cannot have succeeded",
        ));
    }
    if red.executed_at.is_some_and(|t| t > now + Duration::minutes(CLOCK_SKEW_MINUTES)) {
        errors.push(FieldError::new("executed_at", "future", "must not be in the future"));
    }
    LifecycleError::check(errors)?;
    Ok(crate::validation::RedResult {
        executed: red.executed,
        succeeded: red.succeeded,
        executed_at: red.executed_at.or(red.executed.then_some(now)),
        notes: red.notes,
    })
}

/// Layers named once, and no detection before the attack ran or after now: a negative time to
/// detect is a recording error, never a result.
fn check_detection_times(test: &Test, blue: &BlueResult, now: DateTime<Utc>) -> Result<(), LifecycleError> {
    check_blue(blue)?;
    let executed = test.red.as_ref().and_then(|r| r.executed_at);
    let mut errors = Vec::new();
    for (i, o) in blue.outcomes.iter().enumerate() {
        let Some(at) = o.detected_at else { continue };
        if executed.is_some_and(|e| at < e) {
            errors.push(FieldError::new(
                format!("outcomes[{i}].detected_at"),
                "before_execution",
                "a detection cannot precede the execution it detected",
            ));
        }
        if at > now + Duration::minutes(CLOCK_SKEW_MINUTES) {
            errors.push(FieldError::new(
                format!("outcomes[{i}].detected_at"),
                "future",
                "must not be in the future",
            ));
        }
    }
    LifecycleError::check(errors)
}

/// Records a lead's vote; `false` when the same vote was already cast (nothing to write).
fn cast_vote(
    next: &mut Test,
    decision: Decision,
    comment: &str,
    as_role: Option<Role>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<bool, LifecycleError> {
    let lead = match (actor.role, as_role) {
        (Role::Admin, Some(r @ (Role::RedLead | Role::BlueLead))) => r,
        (Role::Admin, _) => {
            return Err(LifecycleError::invalid(
                "as_role",
                "required",
                "an admin votes as red_lead or blue_lead",
            ));
        }
        (r, None) => r,
        (r, Some(asked)) if asked == r => r,
        (_, Some(_)) => return Err(LifecycleError::Forbidden("leads vote as themselves".into())),
    };
    if decision == Decision::Reject && comment.trim().is_empty() {
        return Err(LifecycleError::invalid("comment", "required", "say why the test is rejected"));
    }
    let slot = next.votes.slot(lead);
    match slot {
        Some(v) if v.decision == decision => return Ok(false),
        Some(_) => {
            return Err(LifecycleError::Conflict(format!("{lead} has already voted on this review round")));
        }
        None => {}
    }
    *slot = Some(Vote { decision, comment: comment.to_owned(), by: actor.username.clone(), at: now });
    next.state = next.votes.outcome();
    Ok(true)
}

fn repoint(next: &mut Test, technique: TechniqueRef) {
    next.technique_id = technique.attack_id.into();
    next.technique_name = technique.name;
    next.tactics = technique.tactics;
}

fn summary(action: &str, before: &Test, after: &Test) -> serde_json::Value {
    match action {
        "assign" | "update" => json!({
            "title": after.title,
            "assigned_red": { "from": before.assigned_red, "to": after.assigned_red },
            "assigned_blue": { "from": before.assigned_blue, "to": after.assigned_blue },
        }),
        "repoint" => json!({ "from": before.technique_id, "to": after.technique_id }),
        "campaign" => json!({
            "campaign_id": { "from": before.campaign_id, "to": after.campaign_id },
            "depends_on": after.depends_on,
        }),
        _ => json!({ "from": before.state, "to": after.state }),
    }
}

/// Creations and state changes are announced (whoever must act next is notified).
fn transition_event(
    action: &str,
    from: Option<TestState>,
    test: &Test,
    actor: &Actor,
) -> Option<DomainEvent> {
    (from != Some(test.state)).then(|| {
        DomainEvent::TestTransitioned(TestTransitioned {
            test_id: test.id,
            title: test.title.clone(),
            technique_id: test.technique_id.clone(),
            domain: test.domain.clone(),
            action: action.to_owned(),
            from,
            to: test.state,
            actor: actor.username.clone(),
            actor_id: actor.id,
        })
    })
}
