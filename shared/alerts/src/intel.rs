//! The intel scan: after every ATT&CK sync (and on an admin's request), what the new release
//! changed for each threat actor — techniques gained and lost — recorded once per release, and
//! for the actors the organisation tracks, with today's coverage of what they gained. Feeds the
//! `tracked_actor_gap` alert kind and the "what changed for our actors" view.

use chrono::{DateTime, Utc};
use domain::alerts::ActorGain;
use domain::catalog::{DEFAULT_DOMAIN, ThreatActor};
use domain::intel::{Baseline, Changes, diff};
use domain::sync::{JobStatus, RunStatus};
use domain::validation::Coverage;
use platform::AppState;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use store::{StoreError, sync_runs};
use utoipa::ToSchema;
use uuid::Uuid;

/// The job's name in `scheduler-status`.
pub const JOB_NAME: &str = "intel-scan";
pub use domain::intel::SCAN_REQUESTED as REQUESTED;

/// What one scan did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct ScanReport {
    pub run_id: Uuid,
    /// The release the catalog holds.
    pub release: Option<String>,
    /// The release the previous scan saw (`None` at the first scan: it only records a baseline).
    pub previous_release: Option<String>,
    /// The catalog's release is the one already scanned: nothing new was recorded.
    pub unchanged: bool,
    /// Actors whose techniques changed in the new release.
    pub actors_changed: u32,
}

/// Every current actor's MITRE-attributed techniques (custom mappings are the organisation's
/// own and not a release's change).
async fn actors(state: &AppState) -> Result<BTreeMap<String, (String, BTreeSet<String>)>, StoreError> {
    Ok(store::catalog::all::<ThreatActor>(&state.db, DEFAULT_DOMAIN)
        .await?
        .into_iter()
        .filter(|a| a.lifecycle.is_active())
        .map(|a| (a.attack_id, (a.name, a.technique_ids.into_iter().collect())))
        .collect())
}

/// Scans the catalog's release against the last one scanned and records what changed.
pub async fn scan(state: &AppState, run_id: Uuid, now: DateTime<Utc>) -> Result<ScanReport, StoreError> {
    let outcome = scan_release(state, run_id, now).await;
    let ok = outcome.is_ok();
    let previous = sync_runs::job_status(&state.db, JOB_NAME).await?;
    sync_runs::put_job_status(
        &state.db,
        &JobStatus {
            name: JOB_NAME.into(),
            last_run_at: Some(now),
            last_status: Some(if ok { RunStatus::Succeeded } else { RunStatus::Failed }),
            last_run_id: Some(run_id),
            last_error: outcome.as_ref().err().map(|e| e.to_string()),
            last_success_at: if ok { Some(now) } else { previous.and_then(|p| p.last_success_at) },
        },
    )
    .await?;
    outcome
}

async fn scan_release(state: &AppState, run_id: Uuid, now: DateTime<Utc>) -> Result<ScanReport, StoreError> {
    let release = store::catalog::state(&state.db, DEFAULT_DOMAIN).await?.and_then(|s| s.attack_version);
    let before = store::intel::baseline(&state.db).await?;
    let mut report = ScanReport {
        run_id,
        release: release.clone(),
        previous_release: before.as_ref().and_then(|b| b.release.clone()),
        ..Default::default()
    };
    if before.as_ref().is_some_and(|b| b.release == release) {
        report.unchanged = true;
        return Ok(report);
    }
    let now_actors = actors(state).await?;
    let changes = match &before {
        Some(b) => Changes {
            from_release: b.release.clone(),
            to_release: release.clone(),
            scanned_at: Some(now),
            actors: diff(b, &now_actors),
        },
        // The first scan has nothing to compare with: it records where the next one starts.
        None => {
            Changes { from_release: None, to_release: release.clone(), scanned_at: Some(now), actors: vec![] }
        }
    };
    report.actors_changed = changes.actors.len() as u32;
    let next = Baseline {
        release,
        scanned_at: Some(now),
        actors: now_actors.into_iter().map(|(id, (_, t))| (id, t)).collect(),
    };
    match store::intel::record(&state.db, before.as_ref(), &next, &changes).await {
        Ok(()) | Err(StoreError::Conflict(_)) => Ok(report),
        Err(e) => Err(e),
    }
}

/// The techniques tracked actors gained in the latest scanned release, with today's coverage.
pub async fn gains(state: &AppState) -> Result<Vec<ActorGain>, StoreError> {
    let tracked = store::intel::tracked(&state.db).await?;
    if tracked.is_empty() {
        return Ok(Vec::new());
    }
    let changes = store::intel::changes(&state.db).await?;
    let coverage = store::technique_coverage::of_domain(&state.db, DEFAULT_DOMAIN).await?;
    Ok(changes
        .actors
        .iter()
        .filter(|a| tracked.contains(&a.actor))
        .flat_map(|a| {
            a.gained.iter().map(|t| ActorGain {
                actor: a.actor.clone(),
                technique: t.clone(),
                status: coverage.get(t).map_or(Coverage::NotCovered, |c| c.status),
            })
        })
        .collect())
}

/// A technique in the intel view, with its name and our coverage of it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TechniqueChange {
    pub technique: String,
    pub name: Option<String>,
    pub status: Coverage,
}

/// One actor's changes in the intel view.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActorChangeView {
    pub actor: String,
    pub name: String,
    pub tracked: bool,
    pub gained: Vec<TechniqueChange>,
    pub lost: Vec<TechniqueChange>,
    /// Gained techniques we have not validated.
    pub uncovered_gains: u32,
}

/// What the latest release changed for threat actors, tracked ones first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IntelChanges {
    pub from_release: Option<String>,
    pub to_release: Option<String>,
    pub scanned_at: Option<DateTime<Utc>>,
    pub tracked: Vec<String>,
    pub actors: Vec<ActorChangeView>,
}

/// The view behind `GET /intel/changes`.
pub async fn view(state: &AppState, tracked_only: bool) -> Result<IntelChanges, StoreError> {
    let changes = store::intel::changes(&state.db).await?;
    let tracked = store::intel::tracked(&state.db).await?;
    let index = store::catalog::technique_index(&state.db, DEFAULT_DOMAIN).await?;
    let names: BTreeMap<&str, &str> =
        index.techniques().iter().map(|t| (t.attack_id.as_str(), t.name.as_str())).collect();
    let describe = |ids: &[String]| -> Vec<TechniqueChange> {
        ids.iter()
            .map(|t| TechniqueChange {
                technique: t.clone(),
                name: names.get(t.as_str()).map(|n| n.to_string()),
                status: index.coverage.get(t).map_or(Coverage::NotCovered, |c| c.status),
            })
            .collect()
    };
    let mut actors: Vec<ActorChangeView> = changes
        .actors
        .iter()
        .filter(|a| !tracked_only || tracked.contains(&a.actor))
        .map(|a| {
            let gained = describe(&a.gained);
            let uncovered_gains = gained.iter().filter(|g| g.status != Coverage::Validated).count() as u32;
            ActorChangeView {
                actor: a.actor.clone(),
                name: a.name.clone(),
                tracked: tracked.contains(&a.actor),
                lost: describe(&a.lost),
                gained,
                uncovered_gains,
            }
        })
        .collect();
    actors.sort_by(|a, b| {
        b.tracked.cmp(&a.tracked).then(b.uncovered_gains.cmp(&a.uncovered_gains)).then(a.actor.cmp(&b.actor))
    });
    Ok(IntelChanges {
        from_release: changes.from_release,
        to_release: changes.to_release,
        scanned_at: changes.scanned_at,
        tracked: tracked.into_iter().collect(),
        actors,
    })
}
