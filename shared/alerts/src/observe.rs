//! What each rule kind needs read from the store: one matrix or coverage read for the score and
//! coverage kinds, one bounded index query for the work kinds. Nothing reads every test.

use chrono::{DateTime, Duration, Utc};
use coverage::Filter;
use domain::alerts::{AlertKind, ChangedTechnique, Observation, OpenStep, QueuedTest};
use domain::catalog::DEFAULT_DOMAIN;
use domain::sync::RunStatus;
use domain::validation::Coverage;
use platform::AppState;
use store::StoreError;

/// Most items a work kind reads per evaluation (the oldest first, so the worst are seen).
pub const READ_LIMIT: usize = 500;

/// The score the filter watches and, for a tactic, the tactic's name.
async fn score(
    state: &AppState,
    filter: Filter,
    now: DateTime<Utc>,
) -> Result<(Option<f64>, Option<String>), StoreError> {
    let m = match coverage::load(state, DEFAULT_DOMAIN, &filter, now).await {
        Ok(m) => m,
        Err(StoreError::NotFound) => return Ok((None, None)),
        Err(e) => return Err(e),
    };
    let name = filter.tactic.as_ref().and_then(|_| m.tactics.first().map(|t| t.name.clone()));
    if m.cells().is_empty() {
        return Ok((None, name));
    }
    Ok((
        Some(match &filter.tactic {
            Some(_) => m.tactics.first().map_or(0.0, |t| t.score),
            None => m.org_score,
        }),
        name,
    ))
}

/// Reads what `kind` is evaluated on.
pub async fn observe(
    state: &AppState,
    kind: &AlertKind,
    now: DateTime<Utc>,
) -> Result<Observation, StoreError> {
    let mut obs = Observation::default();
    match kind {
        AlertKind::OrgScoreBelow { .. } => obs.score = score(state, Filter::default(), now).await?.0,
        AlertKind::TacticScoreBelow { tactic, .. } => {
            let filter = Filter { tactic: Some(tactic.clone()), ..Default::default() };
            (obs.score, obs.subject_name) = score(state, filter, now).await?;
        }
        AlertKind::ThreatActorScoreBelow { threat_actor, .. } => {
            let id = threat_actor.to_uppercase();
            let catalog = store::catalog_view::current(&state.db, DEFAULT_DOMAIN).await?;
            obs.subject_name = catalog.actors.get(&id).map(|a| format!("{} ({id})", a.name));
            let filter = Filter { threat_actor: Some(id), ..Default::default() };
            obs.score = score(state, filter, now).await?.0;
        }
        AlertKind::TechniqueSetScoreBelow { technique_set_id, .. } => {
            if let Some(set) = store::coverage::get_set(&state.db, *technique_set_id).await? {
                obs.subject_name = Some(format!("technique set \"{}\"", set.name));
                let filter =
                    Filter { only: Some(set.techniques.into_keys().collect()), ..Default::default() };
                obs.score = score(state, filter, now).await?.0;
            }
        }
        AlertKind::CoverageRegressed {} => {
            let coverage = store::technique_coverage::of_domain(&state.db, DEFAULT_DOMAIN).await?;
            obs.statuses = coverage.iter().map(|(t, c)| (t.clone(), c.status)).collect();
        }
        AlertKind::ValidationStale { .. } => {
            let coverage = store::technique_coverage::of_domain(&state.db, DEFAULT_DOMAIN).await?;
            obs.latest_validated = coverage
                .iter()
                .filter_map(|(t, c)| c.latest_validated_at.map(|at| (t.clone(), at)))
                .collect();
        }
        AlertKind::TestsStuck { state: s, .. } => {
            obs.queued = store::validation::queue(&state.db, *s, READ_LIMIT)
                .await?
                .into_iter()
                .map(|t| QueuedTest { id: t.id, title: t.title, state: t.state, since: t.updated_at })
                .collect();
        }
        AlertKind::RemediationOverdue { .. } => {
            obs.open_steps = store::remediation::due_before(&state.db, now.date_naive(), READ_LIMIT as i32)
                .await?
                .into_iter()
                .filter_map(|s| {
                    Some(OpenStep { id: s.id, test_id: s.test_id, title: s.title, due: s.due_date? })
                })
                .collect();
        }
        AlertKind::UnreviewedChanges { .. } => obs.changed = changed(state).await?,
        AlertKind::TrackedActorGap {} => obs.gains = crate::intel::gains(state).await?,
    }
    Ok(obs)
}

/// Techniques written from the catalog's current ATT&CK release, changed when the first
/// successful sync to that release finished, with their review marks.
async fn changed(state: &AppState) -> Result<Vec<ChangedTechnique>, StoreError> {
    let Some(catalog) = store::catalog::state(&state.db, DEFAULT_DOMAIN).await? else { return Ok(vec![]) };
    let Some(version) = catalog.attack_version else { return Ok(vec![]) };
    // The runs newest first: the earliest success at this release is when it arrived.
    let runs = store::sync_runs::list(&state.db, &store::PageRequest::first(100)).await?;
    let arrived = runs
        .items
        .iter()
        .filter(|r| {
            r.status == RunStatus::Succeeded
                && r.domain == DEFAULT_DOMAIN
                && r.attack_version.as_ref() == Some(&version)
        })
        .filter_map(|r| r.finished_at)
        .min()
        .unwrap_or(catalog.synced_at);
    let index = store::catalog::technique_index(&state.db, DEFAULT_DOMAIN).await?;
    Ok(index
        .techniques()
        .iter()
        .filter(|t| t.lifecycle.is_active() && !t.custom && t.attack_version.as_ref() == Some(&version))
        .map(|t| ChangedTechnique {
            attack_id: t.attack_id.clone(),
            changed_at: arrived,
            reviewed_at: index.reviews().get(&t.attack_id).filter(|r| r.reviewed).and_then(|r| r.reviewed_at),
        })
        .collect())
}

/// The baseline a regression rule keeps: every technique's status but the default.
pub fn baseline(obs: &Observation) -> std::collections::BTreeMap<String, Coverage> {
    obs.statuses.iter().filter(|(_, c)| **c != Coverage::NotCovered).map(|(t, c)| (t.clone(), *c)).collect()
}

/// How long a lease of the evaluation lasts before another run may take it over.
pub fn lease_span() -> Duration {
    Duration::minutes(15)
}
