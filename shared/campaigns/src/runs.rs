//! Runs of a campaign: the summary of a run (per technique, how far its tests got and what was
//! detected), the recurring job's next run (fresh drafts cloned from the campaign's definition,
//! created once however often the job runs), and the comparison of a run with the one before.

use crate::{ATTEMPTS, Error, commit, load};
use chrono::{DateTime, Utc};
use domain::campaign::{Campaign, CampaignStatus, CampaignTest, RunSummary, TechniqueOutcome, Trend, trend};
use domain::validation::{Detection, Notification, Test, TestState};
use futures::stream::{self, StreamExt};
use lifecycle::Origin;
use platform::AppState;
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use store::{StoreError, Transaction, campaigns};
use utoipa::ToSchema;
use uuid::Uuid;

/// The tests of the campaign's current run (deleted ones left out).
pub async fn tests_of(state: &AppState, c: &Campaign) -> Result<Vec<Test>, Error> {
    let ids: Vec<Uuid> = c.tests.iter().map(|t| t.test_id).collect();
    let db = &state.db;
    let found: Vec<Result<Option<Test>, StoreError>> = stream::iter(ids)
        .map(|id| async move { store::validation::get(db, id).await })
        .buffered(16)
        .collect()
        .await;
    let mut out = Vec::new();
    for t in found {
        if let Some(t) = t? {
            out.push(t);
        }
    }
    Ok(out)
}

fn progress(state: TestState) -> u8 {
    match state {
        TestState::Draft => 0,
        TestState::RedExecuting => 1,
        TestState::BlueEvaluating => 2,
        TestState::InReview | TestState::Rejected => 3,
        TestState::Validated => 4,
    }
}

/// Per technique, the furthest state and the best validated detection; coverage is the share
/// of techniques validated with at least a logged detection.
pub fn outcomes(tests: &[Test]) -> (Vec<TechniqueOutcome>, f64) {
    let mut by: BTreeMap<&str, TechniqueOutcome> = BTreeMap::new();
    for t in tests {
        let detection = (t.state == TestState::Validated).then(|| t.detection());
        let entry = by.entry(&t.technique_id).or_insert(TechniqueOutcome {
            technique_id: t.technique_id.clone(),
            state: t.state,
            detection,
        });
        if progress(t.state) > progress(entry.state) {
            entry.state = t.state;
        }
        if detection > entry.detection {
            entry.detection = detection;
        }
    }
    let list: Vec<TechniqueOutcome> = by.into_values().collect();
    let covered = list.iter().filter(|o| o.detection.is_some_and(|d| d >= Detection::Logged)).count();
    let pct = if list.is_empty() {
        0.0
    } else {
        domain::scoring::round1(100.0 * covered as f64 / list.len() as f64)
    };
    (list, pct)
}

/// The current run as it stands.
pub async fn summarize(state: &AppState, c: &Campaign) -> Result<RunSummary, Error> {
    let tests = tests_of(state, c).await?;
    let (techniques, coverage_pct) = outcomes(&tests);
    Ok(RunSummary {
        run: c.run,
        started_at: c.run_started_at.unwrap_or(c.created_at),
        ended_at: None,
        techniques,
        coverage_pct,
    })
}

/// Active recurring campaigns whose next run is due at `now`.
pub async fn due(state: &AppState, now: DateTime<Utc>) -> Result<Vec<Campaign>, Error> {
    Ok(campaigns::all(&state.db)
        .await?
        .into_iter()
        .filter(|c| c.status == CampaignStatus::Active && c.next_run_at.is_some_and(|at| at <= now))
        .collect())
}

/// The id of run `run`'s clone of definition entry `index`: the same on every attempt.
fn clone_id(campaign: Uuid, run: u32, index: usize) -> Uuid {
    Uuid::new_v5(&campaign, format!("run-{run}-test-{index}").as_bytes())
}

/// Starts the next run of a due campaign: the current run's summary is kept, a fresh draft is
/// created for each test of the definition (same technique, template, phase, assignees,
/// dependencies mapped onto the clones) and the next run is scheduled by the recurrence. Safe to
/// run twice: the campaign moves on only if it is still at the run read, and clones carry ids
/// derived from the run, so a repeated attempt finds them instead of creating more. Returns
/// `None` when the campaign was not due (or another attempt already moved it on).
pub async fn start_next_run(
    state: &AppState,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Campaign>, Error> {
    let origin = Origin::new(domain::lifecycle::Actor::process("campaigns"), None);
    for _ in 0..ATTEMPTS {
        let before = load(state, id).await?;
        let Some(due_at) =
            before.next_run_at.filter(|at| *at <= now && before.status == CampaignStatus::Active)
        else {
            return Ok(None);
        };
        let next_run = before.run + 1;
        // Clones first (idempotent), so a campaign that moved on always has its run's tests.
        let mut mapping: HashMap<Uuid, Uuid> = HashMap::new();
        for (i, t) in before.tests.iter().enumerate() {
            mapping.insert(t.test_id, clone_id(id, next_run, i));
        }
        let mut cloned = Vec::new();
        for (i, t) in before.tests.iter().enumerate() {
            let new_id = mapping[&t.test_id];
            let depends_on: Vec<Uuid> = t.depends_on.iter().filter_map(|d| mapping.get(d).copied()).collect();
            let test = clone_test(state, &origin, id, t, new_id, depends_on.clone()).await?;
            cloned.push(CampaignTest {
                test_id: test.id,
                depends_on,
                title: test.title.clone(),
                ..before.tests[i].clone()
            });
        }
        let mut summary = crate::summarize(state, &before).await?;
        summary.ended_at = Some(now);
        let mut after = before.clone();
        after.tests = cloned;
        after.run = next_run;
        after.run_started_at = Some(now);
        // From the due time, not from now: a late job does not drift the calendar.
        after.next_run_at = after
            .recurrence
            .next(due_at)
            .map(|n| if n <= now { after.recurrence.next(now).unwrap_or(n) } else { n });
        after.version = before.version + 1;
        after.updated_at = now;
        let mut tx = Transaction::new();
        campaigns::write_run(&mut tx, &state.db, id, &summary)?;
        let record = json!({ "run": next_run, "previous_coverage_pct": summary.coverage_pct, "tests": after.tests.len(), "next_run_at": after.next_run_at });
        match commit(state, &origin, Some(&before), &after, "run", record, tx).await {
            Ok(()) => {
                notify_run(state, &after).await;
                return Ok(Some(after));
            }
            // Another attempt moved the campaign on (the run summary exists) or changed it.
            Err(Error::Store(StoreError::Conflict(_))) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(Error::Busy("the campaign kept changing while its next run started".into()))
}

async fn clone_test(
    state: &AppState,
    origin: &Origin,
    campaign: Uuid,
    t: &CampaignTest,
    id: Uuid,
    depends_on: Vec<Uuid>,
) -> Result<Test, Error> {
    if let Some(existing) = store::validation::get(&state.db, id).await? {
        return Ok(existing);
    }
    let original = store::validation::get(&state.db, t.test_id).await?;
    let usable_template = match t.template_id {
        Some(tid) => {
            store::templates::get(&state.db, tid).await?.filter(|x| x.active && !x.retired).map(|x| x.id)
        }
        None => None,
    };
    let draft = lifecycle::Draft {
        title: t.title.clone(),
        technique_id: t.technique_id.clone(),
        domain: domain::ids::AttackDomain::Enterprise,
        // Without its template (retired since), the procedure is the one written last run.
        procedure: if usable_template.is_some() {
            String::new()
        } else {
            original.as_ref().map(|o| o.procedure.clone()).unwrap_or_default()
        },
        platform: original.as_ref().and_then(|o| o.platform.clone()),
        severity: original.as_ref().map(|o| o.severity).unwrap_or(domain::validation::Severity::Medium),
        target_host: original.as_ref().and_then(|o| o.target_host.clone()),
        assigned_red: t.assigned_red.clone(),
        assigned_blue: t.assigned_blue.clone(),
        template_id: usable_template.map(|u| u.to_string()),
        arguments: BTreeMap::new(),
        cleanup: original.as_ref().and_then(|o| o.cleanup.clone()),
        campaign_id: Some(campaign),
        depends_on,
        id: Some(id),
    };
    match lifecycle::create(state, origin, draft).await {
        Ok(test) => Ok(test),
        // Created by a concurrent attempt between the read and the write.
        Err(lifecycle::Error::Store(StoreError::Conflict(_))) => {
            store::validation::get(&state.db, id).await?.ok_or_else(|| Error::Busy("a clone vanished".into()))
        }
        Err(e) => Err(e.into()),
    }
}

/// Tells the assignees of the new run's tests (once per user and run).
async fn notify_run(state: &AppState, c: &Campaign) {
    let mut users: Vec<String> =
        c.tests.iter().flat_map(|t| [t.assigned_red.clone(), t.assigned_blue.clone()]).flatten().collect();
    users.sort();
    users.dedup();
    for username in users {
        let Ok(Some(user)) = store::users::get_by_username(&state.db, &username).await else { continue };
        let n = Notification {
            id: Uuid::new_v5(&c.id, format!("run-{}-{}", c.run, user.id).as_bytes()),
            user_id: user.id,
            kind: "campaign_run".into(),
            message: format!("Run {} of campaign \"{}\" started: your tests are ready.", c.run, c.name),
            test_id: None,
            rule_id: None,
            campaign_id: Some(c.id),
            created_at: Utc::now(),
            read: false,
        };
        if let Err(e) = store::notifications::put_once(&state.db, &n).await {
            tracing::warn!(error = %e, "could not notify of a campaign run");
        }
    }
}

/// A technique's outcome in the current run against the run before.
#[derive(Debug, Serialize, ToSchema)]
pub struct TechniqueComparison {
    pub technique_id: String,
    pub previous: Option<TechniqueOutcome>,
    pub current: TechniqueOutcome,
    pub trend: Trend,
}

/// Named apart in the API document: the snapshots have a `Comparison` of their own.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = RunComparison)]
pub struct Comparison {
    pub run: u32,
    pub previous_run: Option<u32>,
    pub techniques: Vec<TechniqueComparison>,
    /// Coverage of every finished run, then the current one: the campaign's trend.
    pub coverage_by_run: Vec<(u32, f64)>,
}

/// The current run (or the completed one) against the previous run, per technique.
pub async fn compare(state: &AppState, c: &Campaign) -> Result<Comparison, Error> {
    let finished = campaigns::runs(&state.db, c.id).await?;
    let current = match &c.completion {
        Some(done) => done.clone(),
        None => crate::summarize(state, c).await?,
    };
    let previous = finished.iter().filter(|r| r.run < current.run).max_by_key(|r| r.run);
    let before: HashMap<&str, &TechniqueOutcome> = previous
        .map(|p| p.techniques.iter().map(|o| (o.technique_id.as_str(), o)).collect())
        .unwrap_or_default();
    let techniques = current
        .techniques
        .iter()
        .map(|o| TechniqueComparison {
            technique_id: o.technique_id.clone(),
            previous: before.get(o.technique_id.as_str()).map(|p| (*p).clone()),
            current: o.clone(),
            trend: trend(before.get(o.technique_id.as_str()).copied(), o),
        })
        .collect();
    let mut coverage_by_run: Vec<(u32, f64)> =
        finished.iter().filter(|r| r.run < current.run).map(|r| (r.run, r.coverage_pct)).collect();
    coverage_by_run.push((current.run, current.coverage_pct));
    Ok(Comparison { run: current.run, previous_run: previous.map(|p| p.run), techniques, coverage_by_run })
}
