//! Campaigns: a set of tests in ordered phases with dependencies between them, started and
//! completed, built from a threat actor, and run again on a calendar schedule. Every change of a
//! test goes through the lifecycle service (its rules, history, audit and events); the campaign
//! item is written whole, conditional on the version read, with its own history entry.

mod actor;
mod error;
mod membership;
mod runs;

pub use actor::{FromActor, FromActorResult, from_threat_actor};
pub use error::Error;
pub use membership::{NewTest, TestChange, add_test, remove_test, update_test};
pub use runs::{Comparison, TechniqueComparison, compare, due, start_next_run, summarize, tests_of};

use chrono::{DateTime, NaiveDate, Utc};
use domain::FieldError;
use domain::campaign::{Campaign, CampaignEvent, CampaignStatus, Phase, Recurrence};
use lifecycle::Origin;
use platform::AppState;
use serde_json::json;
use store::{StoreError, Transaction, campaigns};
use uuid::Uuid;

/// Re-reads and re-decides a lost race this many times.
const ATTEMPTS: usize = 10;

/// A new campaign as a lead writes it.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub name: String,
    pub description: String,
    pub objective: String,
    pub threat_actor: Option<String>,
    /// Phase names in order (none: one phase, "Phase 1").
    pub phases: Vec<(String, String)>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub recurrence: Recurrence,
}

/// Changes to a campaign; `None` leaves a field.
#[derive(Debug, Clone, Default)]
pub struct Update {
    pub name: Option<String>,
    pub description: Option<String>,
    pub objective: Option<String>,
    /// The whole list: kept phases by id, new ones without.
    pub phases: Option<Vec<(Option<Uuid>, String, String)>>,
    pub start_date: Option<Option<NaiveDate>>,
    pub end_date: Option<Option<NaiveDate>>,
    pub recurrence: Option<Recurrence>,
}

fn check_fields(
    name: &str,
    description: &str,
    objective: &str,
    phases: &[(String, String)],
    dates: (Option<NaiveDate>, Option<NaiveDate>),
) -> Vec<FieldError> {
    use domain::validation::check_text;
    let mut errors = Vec::new();
    check_text("name", name, 200, true, &mut errors);
    check_text("description", description, 20_000, false, &mut errors);
    check_text("objective", objective, 5_000, false, &mut errors);
    if phases.len() > 30 {
        errors.push(FieldError::new("phases", "out_of_range", "at most 30 phases"));
    }
    for (i, (n, d)) in phases.iter().enumerate() {
        check_text(&format!("phases[{i}].name"), n, 200, true, &mut errors);
        check_text(&format!("phases[{i}].description"), d, 5_000, false, &mut errors);
    }
    if let (Some(start), Some(end)) = dates
        && end < start
    {
        errors.push(FieldError::new("end_date", "before_start", "the end date is before the start date"));
    }
    errors
}

pub(crate) fn event(
    c: &Campaign,
    origin: &Origin,
    action: &str,
    summary: serde_json::Value,
    at: DateTime<Utc>,
) -> CampaignEvent {
    CampaignEvent {
        id: Uuid::new_v4(),
        campaign_id: c.id,
        at,
        actor: origin.actor.username.clone(),
        action: action.into(),
        run: c.run,
        summary,
    }
}

/// Writes `after` (from `before`) with its history entry and the audit entry of `action`.
pub(crate) async fn commit(
    state: &AppState,
    origin: &Origin,
    before: Option<&Campaign>,
    after: &Campaign,
    action: &str,
    summary: serde_json::Value,
    tx: Transaction,
) -> Result<(), Error> {
    let e = event(after, origin, action, summary.clone(), after.updated_at);
    let audit = origin.audit(&format!("campaign.{action}"), "campaign", after.id, summary, after.updated_at);
    campaigns::commit(&state.db, before, after, &e, Some(&audit), tx).await?;
    Ok(())
}

pub async fn load(state: &AppState, id: Uuid) -> Result<Campaign, Error> {
    campaigns::get(&state.db, id).await?.ok_or_else(|| Error::NotFound(format!("no campaign {id}")))
}

/// Creates a planned campaign (leads and admins).
pub async fn create(state: &AppState, origin: &Origin, draft: Draft) -> Result<Campaign, Error> {
    let phases =
        if draft.phases.is_empty() { vec![("Phase 1".to_owned(), String::new())] } else { draft.phases };
    let errors = check_fields(
        &draft.name,
        &draft.description,
        &draft.objective,
        &phases,
        (draft.start_date, draft.end_date),
    );
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let now = Utc::now();
    let campaign = Campaign {
        id: Uuid::new_v4(),
        name: draft.name.trim().to_owned(),
        description: draft.description,
        objective: draft.objective,
        threat_actor: draft.threat_actor,
        owner: origin.actor.username.clone(),
        owner_id: (!origin.actor.is_system()).then_some(origin.actor.id),
        phases: phases
            .into_iter()
            .map(|(name, description)| Phase {
                id: Uuid::new_v4(),
                name: name.trim().to_owned(),
                description,
            })
            .collect(),
        tests: Vec::new(),
        start_date: draft.start_date,
        end_date: draft.end_date,
        status: CampaignStatus::Planned,
        recurrence: draft.recurrence,
        next_run_at: None,
        run: 1,
        run_started_at: None,
        completion: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    commit(state, origin, None, &campaign, "create", json!({ "name": campaign.name }), Transaction::new())
        .await?;
    Ok(campaign)
}

/// Applies `change` to the current campaign, re-read and re-decided when another change wins.
pub(crate) async fn change<F>(
    state: &AppState,
    origin: &Origin,
    id: Uuid,
    action: &str,
    mut change: F,
) -> Result<Campaign, Error>
where
    F: FnMut(&mut Campaign) -> Result<serde_json::Value, Error>,
{
    for _ in 0..ATTEMPTS {
        let before = load(state, id).await?;
        let mut after = before.clone();
        let summary = change(&mut after)?;
        if after == before {
            return Ok(before);
        }
        after.version = before.version + 1;
        after.updated_at = Utc::now();
        match commit(state, origin, Some(&before), &after, action, summary, Transaction::new()).await {
            Ok(()) => return Ok(after),
            Err(Error::Store(StoreError::Conflict(_))) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(Error::Busy("the campaign is changing too fast; try again".into()))
}

/// Changes name, texts, phases, dates or recurrence. A phase that still holds tests cannot go.
pub async fn update(state: &AppState, origin: &Origin, id: Uuid, u: Update) -> Result<Campaign, Error> {
    change(state, origin, id, "update", |c| {
        if matches!(c.status, CampaignStatus::Completed | CampaignStatus::Cancelled) {
            return Err(Error::Conflict(format!("the campaign is {}", status_name(c.status))));
        }
        if let Some(v) = &u.name {
            c.name = v.trim().to_owned();
        }
        if let Some(v) = &u.description {
            c.description = v.clone();
        }
        if let Some(v) = &u.objective {
            c.objective = v.clone();
        }
        if let Some(v) = u.start_date {
            c.start_date = v;
        }
        if let Some(v) = u.end_date {
            c.end_date = v;
        }
        if let Some(r) = u.recurrence {
            c.recurrence = r;
            // An active campaign's next run follows the new recurrence from its current run.
            c.next_run_at = match c.status {
                CampaignStatus::Active => c.run_started_at.and_then(|at| r.next(at)),
                _ => None,
            };
        }
        if let Some(phases) = &u.phases {
            let mut next = Vec::new();
            for (i, (id, name, description)) in phases.iter().enumerate() {
                let id = match id {
                    Some(id) if c.phases.iter().any(|p| p.id == *id) => *id,
                    Some(id) => {
                        return Err(Error::Invalid(vec![FieldError::new(
                            format!("phases[{i}].id"),
                            "unknown",
                            format!("no phase {id}"),
                        )]));
                    }
                    None => Uuid::new_v4(),
                };
                next.push(Phase { id, name: name.trim().to_owned(), description: description.clone() });
            }
            if next.is_empty() {
                return Err(Error::Invalid(vec![FieldError::new(
                    "phases",
                    "required",
                    "at least one phase",
                )]));
            }
            if let Some(t) = c.tests.iter().find(|t| !next.iter().any(|p| p.id == t.phase_id)) {
                return Err(Error::Invalid(vec![FieldError::new(
                    "phases",
                    "not_empty",
                    format!("a removed phase still holds \"{}\"; move its tests first", t.title),
                )]));
            }
            c.phases = next;
        }
        let phases: Vec<(String, String)> =
            c.phases.iter().map(|p| (p.name.clone(), p.description.clone())).collect();
        let errors = check_fields(&c.name, &c.description, &c.objective, &phases, (c.start_date, c.end_date));
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        Ok(json!({ "name": c.name, "recurrence": c.recurrence, "phases": c.phases.len() }))
    })
    .await
}

pub fn status_name(s: CampaignStatus) -> &'static str {
    match s {
        CampaignStatus::Planned => "planned",
        CampaignStatus::Active => "active",
        CampaignStatus::Completed => "completed",
        CampaignStatus::Cancelled => "cancelled",
    }
}

/// planned → active: the first run starts now; a recurring campaign's next run is scheduled.
pub async fn start(state: &AppState, origin: &Origin, id: Uuid) -> Result<Campaign, Error> {
    change(state, origin, id, "start", |c| {
        if c.status != CampaignStatus::Planned {
            return Err(Error::Conflict(format!(
                "only a planned campaign starts; this one is {}",
                status_name(c.status)
            )));
        }
        if c.tests.is_empty() {
            return Err(Error::Conflict("add tests before starting the campaign".into()));
        }
        let now = Utc::now();
        c.status = CampaignStatus::Active;
        c.run_started_at = Some(now);
        c.next_run_at = c.recurrence.next(now);
        Ok(json!({ "run": c.run, "next_run_at": c.next_run_at }))
    })
    .await
}

/// active → completed, with the coverage of its techniques now recorded (and kept as the
/// summary of its last run).
pub async fn complete(state: &AppState, origin: &Origin, id: Uuid) -> Result<Campaign, Error> {
    for _ in 0..ATTEMPTS {
        let before = load(state, id).await?;
        if before.status != CampaignStatus::Active {
            return Err(Error::Conflict(format!(
                "only an active campaign completes; this one is {}",
                status_name(before.status)
            )));
        }
        let now = Utc::now();
        let mut summary = summarize(state, &before).await?;
        summary.ended_at = Some(now);
        let mut after = before.clone();
        after.status = CampaignStatus::Completed;
        after.completion = Some(summary.clone());
        after.next_run_at = None;
        after.version += 1;
        after.updated_at = now;
        let mut tx = Transaction::new();
        campaigns::write_run(&mut tx, &state.db, id, &summary)?;
        let record = json!({ "run": summary.run, "coverage_pct": summary.coverage_pct, "techniques": summary.techniques.len() });
        match commit(state, origin, Some(&before), &after, "complete", record, tx).await {
            Ok(()) => return Ok(after),
            Err(Error::Store(StoreError::Conflict(_))) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(Error::Busy("the campaign is changing too fast; try again".into()))
}

/// planned or active → cancelled (its tests stay as they are).
pub async fn cancel(state: &AppState, origin: &Origin, id: Uuid) -> Result<Campaign, Error> {
    change(state, origin, id, "cancel", |c| {
        if !matches!(c.status, CampaignStatus::Planned | CampaignStatus::Active) {
            return Err(Error::Conflict(format!("the campaign is already {}", status_name(c.status))));
        }
        c.status = CampaignStatus::Cancelled;
        c.next_run_at = None;
        Ok(json!({}))
    })
    .await
}

/// Deletes a planned campaign; its tests leave it and stay.
pub async fn delete(state: &AppState, origin: &Origin, id: Uuid) -> Result<(), Error> {
    let c = load(state, id).await?;
    if c.status != CampaignStatus::Planned {
        return Err(Error::Conflict(
            "only a planned campaign is deleted; complete or cancel the others".into(),
        ));
    }
    for t in &c.tests {
        let leave = domain::lifecycle::Command::SetCampaign { campaign_id: None, depends_on: Vec::new() };
        match lifecycle::run(state, origin, t.test_id, leave).await {
            Ok(_) => {}
            Err(lifecycle::Error::Refused(domain::lifecycle::LifecycleError::NotFound(_))) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let audit = origin.audit("campaign.delete", "campaign", id, json!({ "name": c.name }), Utc::now());
    campaigns::delete(&state.db, &c, &audit).await?;
    Ok(())
}
