//! `GET /api/v1/metrics/operational`: MTTD, MTTR, detection efficacy, alert fidelity and
//! coverage velocity over a window (docs/METRICS.md). Reads are bounded by the window: the
//! tests validated in it (one index range, at most [`MAX_TESTS`]), the originals of its
//! retests and their remediation steps, and one coverage snapshot per week boundary.

use crate::domain_of;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Duration, Utc};
use domain::FieldError;
use domain::metrics::{Inputs, OperationalMetrics, compute, week_of};
use domain::validation::{StepStatus, Test};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use utoipa::IntoParams;
use web::{ApiError, AppQuery, AppState};

/// Most validated tests one request computes over (the most recent ones).
pub const MAX_TESTS: usize = 5000;
/// Longest window: a year and a day.
const MAX_DAYS: i64 = 366;
/// Window when none is given.
const DEFAULT_DAYS: i64 = 90;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OperationalQuery {
    /// Start of the window (RFC 3339); default 90 days before `to`.
    from: Option<DateTime<Utc>>,
    /// End of the window (RFC 3339); default now.
    to: Option<DateTime<Utc>>,
    /// Only tests of this tactic (shortname, e.g. `execution`).
    tactic: Option<String>,
    /// `red` or `blue`: only that team in the breakdowns.
    team: Option<String>,
    domain: Option<String>,
}

/// Operational metrics over the tests validated in the window, with weekly trends and
/// breakdowns by team and person.
#[utoipa::path(get, path = "/api/v1/metrics/operational", tag = "dashboard", params(OperationalQuery),
    responses((status = 200, body = OperationalMetrics), (status = 422, body = web::error::Problem)))]
pub async fn operational(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<OperationalQuery>,
) -> Result<Json<OperationalMetrics>, ApiError> {
    let domain = domain_of(&q.domain)?;
    let to = q.to.unwrap_or_else(Utc::now);
    let from = q.from.unwrap_or(to - Duration::days(DEFAULT_DAYS));
    let mut errors = Vec::new();
    if from >= to {
        errors.push(FieldError::new("from", "range", "`from` must be before `to`"));
    } else if to - from > Duration::days(MAX_DAYS) {
        errors.push(FieldError::new("from", "range", format!("the window is at most {MAX_DAYS} days")));
    }
    if q.team.as_deref().is_some_and(|t| t != "red" && t != "blue") {
        errors.push(FieldError::new("team", "unknown", "`red` or `blue`"));
    }
    let tactics = store::catalog::tactics(&state.db, domain).await?;
    if let Some(t) = &q.tactic
        && !tactics.iter().any(|x| &x.shortname == t)
    {
        errors.push(FieldError::new("tactic", "unknown", format!("no tactic `{t}`")));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }

    let (tests, capped) = store::validation::validated_between(&state.db, from, to, MAX_TESTS).await?;
    let tests: Vec<Test> = tests
        .into_iter()
        .filter(|t| t.domain == domain && t.validated_at.is_some_and(|v| v >= from && v <= to))
        .filter(|t| q.tactic.as_ref().is_none_or(|tac| t.tactics.contains(tac)))
        .collect();
    let (originals, remediation_done) = originals(&state, &tests).await?;
    let snapshots = snapshots(&state, domain, from, to, q.tactic.as_deref()).await?;
    let mut m = compute(&Inputs {
        from,
        to,
        tactic: q.tactic.clone(),
        tests: &tests,
        capped,
        originals: &originals,
        remediation_done: &remediation_done,
        snapshots: &snapshots,
    });
    if let Some(team) = &q.team {
        m.by_team.retain(|b| &b.team == team);
        m.by_person.retain(|b| &b.team == team);
    }
    Ok(Json(m))
}

/// The originals of the retests among `tests`, and when each original's remediation was done
/// (the last of its steps, when all are done).
async fn originals(
    state: &AppState,
    tests: &[Test],
) -> Result<(HashMap<uuid::Uuid, Test>, HashMap<uuid::Uuid, DateTime<Utc>>), ApiError> {
    let ids: BTreeSet<uuid::Uuid> = tests.iter().filter_map(|t| t.retest_of).collect();
    let mut originals = HashMap::new();
    let mut done = HashMap::new();
    for id in ids {
        let Some(t) = store::validation::get(&state.db, id).await? else { continue };
        let steps = store::remediation::list(&state.db, id).await?;
        if !steps.is_empty() && steps.iter().all(|s| s.status == StepStatus::Done) {
            done.insert(id, steps.iter().map(|s| s.updated_at).max().expect("steps are not empty"));
        }
        originals.insert(id, t);
    }
    Ok((originals, done))
}

/// The validated techniques of the last snapshot at or before each week boundary of the
/// window (and its end): one snapshot read per boundary, not one per day.
async fn snapshots(
    state: &AppState,
    domain: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tactic: Option<&str>,
) -> Result<Vec<(DateTime<Utc>, BTreeSet<String>)>, ApiError> {
    let metas = store::coverage::snapshots(&state.db, domain, Some(from - Duration::days(31))).await?;
    let mut boundaries = vec![from, to];
    let mut week = week_of(from) + Duration::days(7);
    while let Some(start) = week.and_hms_opt(0, 0, 0).map(|t| t.and_utc()).filter(|s| *s < to) {
        boundaries.push(start);
        week += Duration::days(7);
    }
    let mut wanted: Vec<_> = boundaries
        .iter()
        .filter_map(|b| metas.iter().rev().find(|m| m.taken_at <= *b))
        .map(|m| (m.taken_at, m.id))
        .collect();
    wanted.sort();
    wanted.dedup();
    let in_tactic: Option<BTreeSet<String>> = match tactic {
        Some(t) => Some(
            store::catalog::technique_index(&state.db, domain)
                .await?
                .techniques()
                .iter()
                .filter(|x| x.tactics.iter().any(|y| y == t))
                .map(|x| x.attack_id.clone())
                .collect(),
        ),
        None => None,
    };
    let mut out = Vec::new();
    for (at, id) in wanted {
        if let Some(s) = store::coverage::get_snapshot(&state.db, id).await? {
            let validated = s
                .techniques
                .into_iter()
                .filter(|(_, e)| e.status == domain::validation::Coverage::Validated)
                .map(|(t, _)| t)
                .filter(|t| in_tactic.as_ref().is_none_or(|set| set.contains(t)))
                .collect();
            out.push((at, validated));
        }
    }
    Ok(out)
}
