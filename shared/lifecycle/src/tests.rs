//! Tests: create, every command on an existing test, delete.

use crate::{ATTEMPTS, Error, Origin};
use chrono::Utc;
use domain::catalog::Technique;
use domain::content::TestTemplate;
use domain::ids::{AttackDomain, AttackId};
use domain::lifecycle::{
    Applied, Command, LifecycleError, NewTest, Record, TechniqueRef, apply, new_test_field_errors,
};
use domain::validation::{BlueResult, HistoryEntry, Member, Severity, Test, TestRule, TestState};
use domain::{FieldError, Role};
use platform::AppState;
use platform::outbox;
use std::collections::BTreeMap;
use store::{StoreError, Transaction};
use uuid::Uuid;

/// A new test as a client asks for it: the technique by id, the rest as given.
#[derive(Debug, Clone)]
pub struct Draft {
    pub title: String,
    /// As the client wrote it: checked here, so a malformed id is a field error like an unknown one.
    pub technique_id: String,
    pub domain: AttackDomain,
    pub procedure: String,
    pub platform: Option<String>,
    pub severity: Severity,
    pub target_host: Option<String>,
    pub assigned_red: Option<String>,
    pub assigned_blue: Option<String>,
    /// A test template's id: empty `title`, `technique_id`, `procedure`, `platform` and
    /// `cleanup` are filled from it.
    pub template_id: Option<String>,
    /// Values of the template's command arguments (others take their defaults).
    pub arguments: BTreeMap<String, String>,
    pub cleanup: Option<String>,
    pub campaign_id: Option<Uuid>,
    pub depends_on: Vec<Uuid>,
    /// A chosen id (a campaign run's clone is created under an id derived from its run, so a
    /// repeated run creates it once); a fresh one otherwise.
    pub id: Option<Uuid>,
}

/// The test, read consistently; `NotFound` when there is none.
pub async fn load(state: &AppState, id: Uuid) -> Result<Test, Error> {
    store::validation::get(&state.db, id)
        .await?
        .ok_or_else(|| Error::not_found(format!("test {id} not found")))
}

/// Creates a draft of an active technique of the catalog.
pub async fn create(state: &AppState, origin: &Origin, mut draft: Draft) -> Result<Test, Error> {
    let template = match draft.template_id.clone() {
        Some(id) => Some(from_template(state, &mut draft, &id).await?),
        None if !draft.arguments.is_empty() => {
            let e = FieldError::new(
                "arguments",
                "without_template",
                "arguments fill a template's command: give template_id",
            );
            return Err(LifecycleError::Invalid(vec![e]).into());
        }
        None => None,
    };
    // Field errors first, then what the store says of the technique and the assignees: all in
    // one answer.
    let mut errors = new_test_field_errors(
        &draft.title,
        &draft.procedure,
        &draft.platform,
        &draft.target_host,
        &draft.template_id,
    );
    let technique = match AttackId::parse(&draft.technique_id) {
        Ok(id) => technique(state, draft.domain, &id, &mut errors).await?,
        Err(e) => {
            errors.push(FieldError::new("technique_id", "invalid", e.to_string()));
            None
        }
    };
    let (assigned_red, assigned_blue) =
        resolve_assignees(state, &draft.assigned_red, &draft.assigned_blue, &mut errors).await?;
    let (Some(technique), true) = (technique, errors.is_empty()) else {
        return Err(LifecycleError::Invalid(errors).into());
    };
    let rules = mapped_rules(state, technique.attack_id.as_str()).await?;
    let new = NewTest {
        id: draft.id.unwrap_or_else(Uuid::new_v4),
        title: draft.title,
        technique,
        procedure: draft.procedure,
        platform: draft.platform,
        severity: draft.severity,
        target_host: draft.target_host,
        assigned_red,
        assigned_blue,
        template_id: template.as_ref().map(|t| t.id.to_string()),
        template_hash: template.as_ref().map(|t| t.content_hash.clone()),
        cleanup: draft.cleanup,
        rules,
        campaign_id: draft.campaign_id,
        depends_on: draft.depends_on,
    };
    let applied = apply(None, Command::Create(Box::new(new)), &origin.actor, Utc::now())?;
    let conflict = "the template was retired or deactivated meanwhile, or the test exists already";
    commit_new(state, origin, &applied, template.map(|t| t.id), conflict).await?;
    Ok(applied.test)
}

/// Applies `command` to test `id`: re-read and re-decided when another change wins the race.
pub async fn run(state: &AppState, origin: &Origin, id: Uuid, command: Command) -> Result<Test, Error> {
    for _ in 0..ATTEMPTS {
        let current = load(state, id).await?;
        let applied = apply(Some(&current), command.clone(), &origin.actor, Utc::now())?;
        if applied.record.is_none() {
            return Ok(current);
        }
        let mut tx = Transaction::new();
        if matches!(command, Command::StartExecution { .. }) && !current.depends_on.is_empty() {
            let (blocking, met) = dependencies(state, &current).await?;
            if !blocking.is_empty() {
                let names: Vec<String> = blocking
                    .iter()
                    .map(|t| format!("{} ({}, {})", t.title, t.id, t.state.as_str()))
                    .collect();
                let why = format!(
                    "waits for its campaign dependencies to reach blue_evaluating: {}",
                    names.join(", ")
                );
                return Err(LifecycleError::Conflict(why).into());
            }
            // A dependency reopened meanwhile fails the start like any lost race.
            for dep in met {
                store::validation::check_state_in(&mut tx, &state.db, dep, &domain::campaign::MET_STATES)?;
            }
        }
        match commit_with(
            state,
            origin,
            Some(&current),
            &applied,
            tx,
            "the test or its dependencies changed meanwhile",
        )
        .await
        {
            Ok(()) => return Ok(applied.test),
            Err(Error::Store(StoreError::Conflict(_))) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(Error::Busy("the test is changing too fast; try again".into()))
}

/// The dependencies of `test` that have not reached `blue_evaluating` (a deleted one no longer
/// blocks).
pub async fn blockers(state: &AppState, test: &Test) -> Result<Vec<Test>, Error> {
    Ok(dependencies(state, test).await?.0)
}

/// (the dependencies still blocking, the ids of those far enough).
async fn dependencies(state: &AppState, test: &Test) -> Result<(Vec<Test>, Vec<Uuid>), Error> {
    let (mut blocking, mut met) = (Vec::new(), Vec::new());
    for dep in &test.depends_on {
        match store::validation::get(&state.db, *dep).await? {
            Some(t) if domain::campaign::dependency_met(t.state) => met.push(t.id),
            Some(t) => blocking.push(t),
            None => {}
        }
    }
    Ok((blocking, met))
}

/// At most this many mapped rules are attached to a new test (the blue side may add others).
const MAX_ATTACHED_RULES: usize = 200;

/// The current, not deprecated detection rules mapped to `technique` or to its parent (a rule
/// for T1059 applies to a test of T1059.001), by source and title.
async fn mapped_rules(state: &AppState, technique: &str) -> Result<Vec<TestRule>, Error> {
    let view = store::rules::view(&state.db).await?;
    let parent = technique.split_once('.').map(|(p, _)| p);
    Ok(view
        .entries
        .iter()
        .filter(|r| !r.retired && !r.content.deprecated)
        .filter(|r| r.content.technique_ids.iter().any(|t| t == technique || Some(t.as_str()) == parent))
        .take(MAX_ATTACHED_RULES)
        .map(|r| TestRule {
            rule_id: r.id,
            title: r.content.title.clone(),
            source: r.content.source,
            mapped: true,
        })
        .collect())
}

/// The rules a blue result reports on, as the test would attach them (those the rule catalog
/// does not have are left out, and the domain refuses them unless the test has them).
pub async fn reported_rules(state: &AppState, blue: &BlueResult) -> Result<Vec<TestRule>, Error> {
    if blue.rule_outcomes.is_empty() {
        return Ok(Vec::new());
    }
    let view = store::rules::view(&state.db).await?;
    Ok(blue
        .rule_outcomes
        .iter()
        .filter_map(|r| view.get(r.rule_id))
        .map(|r| TestRule {
            rule_id: r.id,
            title: r.content.title.clone(),
            source: r.content.source,
            mapped: false,
        })
        .collect())
}

/// Fills what the draft leaves empty from the template `id` (active and current); the
/// procedure is its command with the arguments resolved.
async fn from_template(state: &AppState, draft: &mut Draft, id: &str) -> Result<TestTemplate, Error> {
    let invalid = |code: &str, message: String| {
        Error::from(LifecycleError::Invalid(vec![FieldError::new("template_id", code, message)]))
    };
    let uuid =
        Uuid::parse_str(id.trim()).map_err(|_| invalid("invalid", "a test template id (UUID)".into()))?;
    let template = store::templates::get(&state.db, uuid)
        .await?
        .ok_or_else(|| invalid("unknown", format!("no test template {uuid}")))?;
    if template.retired || !template.active {
        let why = if template.retired { "retired by its source" } else { "deactivated" };
        return Err(invalid("unavailable", format!("the template is {why}")));
    }
    let unknown: Vec<&String> = draft
        .arguments
        .keys()
        .filter(|k| !template.content.arguments.iter().any(|a| &a.name == *k))
        .collect();
    if !unknown.is_empty() {
        let names: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
        let e = FieldError::new(
            "arguments",
            "unknown",
            format!("the template has no argument {}", names.join(", ")),
        );
        return Err(LifecycleError::Invalid(vec![e]).into());
    }
    if draft.technique_id.trim().is_empty() {
        draft.technique_id = template.content.technique_ids.first().cloned().unwrap_or_default();
    } else if !template
        .content
        .technique_ids
        .iter()
        .any(|t| t.eq_ignore_ascii_case(draft.technique_id.trim()))
    {
        let e = FieldError::new(
            "technique_id",
            "not_in_template",
            format!("the template is for {}", template.content.technique_ids.join(", ")),
        );
        return Err(LifecycleError::Invalid(vec![e]).into());
    }
    if draft.title.trim().is_empty() {
        draft.title = template.content.name.chars().take(200).collect();
    }
    if draft.procedure.trim().is_empty() {
        draft.procedure = template.resolved_command(&draft.arguments).unwrap_or_default();
    }
    if draft.platform.is_none() {
        draft.platform = template.content.platforms.first().cloned();
    }
    if draft.cleanup.is_none() {
        draft.cleanup = template.resolved_cleanup(&draft.arguments);
    }
    Ok(template)
}

/// Writes a new test like [`commit`], counting it on its template, which must still be
/// usable, in the same transaction.
async fn commit_new(
    state: &AppState,
    origin: &Origin,
    applied: &Applied,
    template: Option<Uuid>,
    conflict: &str,
) -> Result<(), Error> {
    let mut tx = Transaction::new();
    if let Some(id) = template {
        store::templates::count_use(&mut tx, &state.db, id)?;
    }
    commit_with(state, origin, None, applied, tx, conflict).await
}

/// Writes an applied command: the test with its coverage counters, history, audit and outbox in
/// one transaction (with whatever `tx` already holds); then publishes the events.
async fn commit_with(
    state: &AppState,
    origin: &Origin,
    before: Option<&Test>,
    applied: &Applied,
    mut tx: Transaction,
    conflict: &str,
) -> Result<(), Error> {
    let Some(record) = &applied.record else { return Ok(()) };
    let now = applied.test.updated_at;
    store::validation::write_test(&mut tx, &state.db, before, &applied.test)?;
    store::validation::write_history(&mut tx, &state.db, &history(&applied.test, record, origin))?;
    let audit = origin.audit(
        &format!("test.{}", record.action),
        "test",
        applied.test.id,
        record.summary.clone(),
        now,
    );
    store::audit::write(&mut tx, &state.db, &audit)?;
    let events = outbox::entries(&applied.events, now);
    outbox::write(&mut tx, &state.db, &events)?;
    tx.commit(&state.db, conflict).await?;
    outbox::deliver(state, &events).await;
    Ok(())
}

pub(crate) fn history(test: &Test, record: &Record, origin: &Origin) -> HistoryEntry {
    HistoryEntry {
        id: Uuid::new_v4(),
        test_id: test.id,
        at: test.updated_at,
        actor: origin.actor.username.clone(),
        action: record.action.into(),
        from: record.from,
        to: record.to,
        comment: record.comment.clone(),
    }
}

/// Deletes a test (admin): one transaction removes it at the version read with its audit entry
/// and coverage counters; its history, evidence and remediation items follow, and the evidence
/// objects go after the commit (a failure leaves an orphan object, never a record pointing at
/// nothing).
pub async fn delete(state: &AppState, origin: &Origin, id: Uuid) -> Result<(), Error> {
    delete_in(state, origin, id, &TestState::ALL).await
}

/// Deletes a test only while it is in one of `states` (bulk deletion takes drafts only: a
/// multi-select must not take results with it). The delete is conditional on the version read,
/// so the state checked is the state deleted.
pub async fn delete_in(
    state: &AppState,
    origin: &Origin,
    id: Uuid,
    states: &[TestState],
) -> Result<(), Error> {
    for _ in 0..ATTEMPTS {
        let current = load(state, id).await?;
        if !states.contains(&current.state) {
            return Err(LifecycleError::Conflict(format!(
                "the test is {}; only {} tests are deleted here",
                current.state.as_str(),
                states.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" or ")
            ))
            .into());
        }
        let applied = apply(Some(&current), Command::Delete, &origin.actor, Utc::now())?;
        let Some(record) = &applied.record else { return Ok(()) };
        let audit = origin.audit("test.delete", "test", id, record.summary.clone(), Utc::now());
        match store::validation::delete(&state.db, &current, &audit).await {
            Ok(items) => {
                let keys: Vec<String> = items
                    .iter()
                    .filter_map(|i| i.get("s3_key").and_then(|v| v.as_s().ok()).cloned())
                    .collect();
                store::objects::delete_all(&state.s3, &state.config.evidence_bucket, &keys).await;
                return Ok(());
            }
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Busy("the test is changing too fast; try again".into()))
}

/// The technique a new test is about: it must exist and be neither revoked nor deprecated.
async fn technique(
    state: &AppState,
    domain: AttackDomain,
    attack_id: &AttackId,
    errors: &mut Vec<FieldError>,
) -> Result<Option<TechniqueRef>, Error> {
    match store::catalog::get::<Technique>(&state.db, domain.as_str(), attack_id.as_str()).await? {
        None => {
            errors.push(FieldError::new(
                "technique_id",
                "unknown",
                format!("no technique {attack_id} in {domain}"),
            ));
            Ok(None)
        }
        Some(t) if !t.lifecycle.is_active() => {
            let instead = t.lifecycle.revoked_by.as_ref().map(|r| format!("; use {r}")).unwrap_or_default();
            errors.push(FieldError::new(
                "technique_id",
                "retired",
                format!("{} is revoked or deprecated{instead}", t.attack_id),
            ));
            Ok(None)
        }
        Some(t) => {
            Ok(Some(TechniqueRef { attack_id: attack_id.clone(), name: t.name, tactics: t.tactics, domain }))
        }
    }
}

/// The users named as assignees, each an active member of that side's team (422 otherwise).
pub async fn assignees(
    state: &AppState,
    red: &Option<String>,
    blue: &Option<String>,
) -> Result<(Option<Member>, Option<Member>), Error> {
    let mut errors = Vec::new();
    let resolved = resolve_assignees(state, red, blue, &mut errors).await?;
    LifecycleError::check(errors)?;
    Ok(resolved)
}

async fn resolve_assignees(
    state: &AppState,
    red: &Option<String>,
    blue: &Option<String>,
    errors: &mut Vec<FieldError>,
) -> Result<(Option<Member>, Option<Member>), Error> {
    let red = resolve(state, "assigned_red", red, &[Role::RedTech, Role::RedLead], errors).await?;
    let blue = resolve(state, "assigned_blue", blue, &[Role::BlueTech, Role::BlueLead], errors).await?;
    Ok((red, blue))
}

/// An active user of one of `roles`, by name (`errors` says why not).
pub(crate) async fn resolve(
    state: &AppState,
    field: &str,
    who: &Option<String>,
    roles: &[Role],
    errors: &mut Vec<FieldError>,
) -> Result<Option<Member>, Error> {
    let Some(name) = who else { return Ok(None) };
    match store::users::get_by_username(&state.db, name).await? {
        Some(u) if u.is_active && u.role.is_allowed(roles) => {
            Ok(Some(Member { id: u.id, username: u.username.to_string() }))
        }
        Some(_) => {
            errors.push(FieldError::new(field, "role", format!("{name} is not an active {}", roles[0])));
            Ok(None)
        }
        None => {
            errors.push(FieldError::new(field, "unknown", format!("no user {name}")));
            Ok(None)
        }
    }
}
