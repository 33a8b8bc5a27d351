//! `/api/v1/dashboard` and `/api/v1/metrics`: KPIs, the pipeline funnel, tactic breakdown, team
//! activity, validation rates, and the executive view (every role: viewers are its audience).

use crate::domain_of;
use crate::heatmap::{HeatmapQuery, matrix};
use axum::Json;
use axum::extract::State;
use chrono::{Duration, Utc};
use domain::catalog::ThreatActor;
use domain::validation::{Coverage, TestState};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use utoipa::{IntoParams, ToSchema};
use web::{ApiError, AppQuery, AppState};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DomainQuery {
    domain: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Kpis {
    techniques: u32,
    validated: u32,
    partial: u32,
    in_progress: u32,
    not_covered: u32,
    /// Validated share of the techniques, in percent.
    coverage_pct: f64,
    org_score: f64,
    /// Tests per workflow state.
    tests_by_state: BTreeMap<String, u64>,
    tests_total: u64,
    /// Median time to detect over the most recent validated tests that alerted, in seconds.
    mttd_secs: Option<f64>,
    /// How many validated tests that median is taken over.
    mttd_sample: u32,
    /// Recent validated tests left out because their detection precedes their execution.
    mttd_excluded: u32,
}

fn pct(part: u32, whole: u32) -> f64 {
    if whole == 0 { 0.0 } else { domain::scoring::round1(100.0 * part as f64 / whole as f64) }
}

/// How many of the most recently validated tests the mean time to detect averages.
const MTTD_SAMPLE: u32 = 200;

async fn kpis_of(state: &AppState, domain: Option<String>) -> Result<(Kpis, coverage::Matrix), ApiError> {
    let m = matrix(state, &HeatmapQuery { domain, ..Default::default() }).await?;
    let c = |k: &str| m.counts.get(k).copied().unwrap_or(0);
    let total = m.counts.values().sum();
    // From the counters the lifecycle keeps per technique, read with the matrix: no test is read.
    let by_state = m.tests_by_state.clone();
    // The mean time to detect of the latest validations (not the oldest): one bounded query.
    let recent = store::validation::recent(&state.db, TestState::Validated, MTTD_SAMPLE).await?;
    let mut ttd: Vec<i64> = recent.iter().filter_map(|t| t.time_to_detect_secs()).collect();
    let excluded = recent.iter().filter(|t| t.has_impossible_detection_time()).count() as u32;
    let k = Kpis {
        techniques: total,
        validated: c("validated"),
        partial: c("partial"),
        in_progress: c("in_progress"),
        not_covered: c("not_covered"),
        coverage_pct: pct(c("validated"), total),
        org_score: m.org_score,
        tests_total: by_state.values().sum(),
        tests_by_state: by_state,
        mttd_sample: ttd.len() as u32,
        mttd_secs: domain::metrics::median(&mut ttd),
        mttd_excluded: excluded,
    };
    Ok((k, m))
}

/// Headline numbers for the dashboard.
#[utoipa::path(get, path = "/api/v1/dashboard/kpis", tag = "dashboard", params(DomainQuery), responses((status = 200, body = Kpis)))]
pub async fn kpis(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<DomainQuery>,
) -> Result<Json<Kpis>, ApiError> {
    domain_of(&q.domain)?;
    Ok(Json(kpis_of(&state, q.domain).await?.0))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TacticMetrics {
    tactic: String,
    name: String,
    techniques: u32,
    validated: u32,
    partial: u32,
    score: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Activity {
    user: String,
    actions: u32,
    by_action: BTreeMap<String, u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Metrics {
    summary: Kpis,
    by_tactic: Vec<TacticMetrics>,
    /// Tests per workflow state, in workflow order.
    funnel: Vec<(String, u64)>,
    /// Accepted workflow steps per user over the last 30 days.
    team_activity: Vec<Activity>,
    /// Review outcomes over the last 30 days: votes to approve and to reject.
    validation_rates: BTreeMap<String, u32>,
}

/// Metrics: summary, by tactic, pipeline funnel, team activity, validation rates.
#[utoipa::path(get, path = "/api/v1/metrics", tag = "dashboard", params(DomainQuery), responses((status = 200, body = Metrics)))]
pub async fn metrics(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<DomainQuery>,
) -> Result<Json<Metrics>, ApiError> {
    domain_of(&q.domain)?;
    let (summary, m) = kpis_of(&state, q.domain).await?;
    let by_tactic = m
        .tactics
        .iter()
        .map(|col| {
            let cells: Vec<_> = col
                .techniques
                .iter()
                .flat_map(|c| std::iter::once(c).chain(c.subtechniques.iter()))
                .collect();
            TacticMetrics {
                tactic: col.shortname.clone(),
                name: col.name.clone(),
                techniques: cells.len() as u32,
                validated: cells.iter().filter(|c| c.status == Coverage::Validated).count() as u32,
                partial: cells.iter().filter(|c| c.status == Coverage::Partial).count() as u32,
                score: col.score,
            }
        })
        .collect();
    let funnel =
        TestState::ALL.iter().map(|s| (s.as_str().to_owned(), summary.tests_by_state[s.as_str()])).collect();
    // The audit log of the last 30 days, workflow steps only.
    let filter = store::audit::AuditFilter {
        target_type: Some("test".into()),
        from: Some(Utc::now() - Duration::days(30)),
        ..Default::default()
    };
    let mut activity: HashMap<String, Activity> = HashMap::new();
    let mut rates: BTreeMap<String, u32> = [("approve".to_owned(), 0), ("reject".to_owned(), 0)].into();
    let mut page = store::PageRequest::first(500);
    for _ in 0..20 {
        let p = store::audit::list(&state.db, &filter, &page).await?;
        for e in &p.items {
            let user = e.actor_username.clone().unwrap_or_else(|| "system".into());
            let a = activity.entry(user.clone()).or_insert(Activity {
                user,
                actions: 0,
                by_action: BTreeMap::new(),
            });
            a.actions += 1;
            *a.by_action.entry(e.action.trim_start_matches("test.").to_owned()).or_default() += 1;
            if e.action == "test.vote" {
                // The vote's outcome is the state it led to or left.
                let to = e.summary.get("to").and_then(|v| v.as_str()).unwrap_or("");
                *rates.entry(if to == "rejected" { "reject" } else { "approve" }.to_owned()).or_default() +=
                    1;
            }
        }
        match p.next_cursor {
            Some(c) => page = store::PageRequest::new(Some(500), Some(c)),
            None => break,
        }
    }
    let mut team_activity: Vec<Activity> = activity.into_values().collect();
    team_activity.sort_by(|a, b| b.actions.cmp(&a.actions).then(a.user.cmp(&b.user)));
    Ok(Json(Metrics { summary, by_tactic, funnel, team_activity, validation_rates: rates }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Gap {
    attack_id: String,
    name: String,
    status: Coverage,
    score: f64,
    /// Threat actors known to use it.
    actors: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Executive {
    org_score: f64,
    coverage_pct: f64,
    techniques: u32,
    validated: u32,
    tactics: Vec<(String, f64)>,
    /// The uncovered techniques most threat actors use, worst first.
    top_gaps: Vec<Gap>,
    /// Organisation score of each snapshot of the last 90 days.
    trend: Vec<(chrono::DateTime<Utc>, f64)>,
}

/// The executive view (every role): score, coverage, top gaps by threat relevance, trend.
#[utoipa::path(get, path = "/api/v1/dashboard/executive", tag = "dashboard", params(DomainQuery),
    responses((status = 200, body = Executive), (status = 403, body = web::error::Problem)))]
pub async fn executive(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<DomainQuery>,
) -> Result<Json<Executive>, ApiError> {
    let domain = domain_of(&q.domain)?;
    let m = matrix(&state, &HeatmapQuery { domain: q.domain.clone(), ..Default::default() }).await?;
    let mut used_by: HashMap<String, usize> = HashMap::new();
    for a in store::catalog::all::<ThreatActor>(&state.db, domain)
        .await?
        .into_iter()
        .filter(|a| a.lifecycle.is_active())
    {
        for t in a.technique_ids {
            *used_by.entry(t).or_default() += 1;
        }
    }
    let mut top_gaps: Vec<Gap> = m
        .cells()
        .into_iter()
        .filter(|(_, c)| matches!(c.status, Coverage::NotCovered | Coverage::Partial))
        .map(|(_, c)| Gap {
            attack_id: c.attack_id.clone(),
            name: c.name.clone(),
            status: c.status,
            score: c.score,
            actors: used_by.get(&c.attack_id).copied().unwrap_or(0),
        })
        .collect();
    top_gaps.sort_by(|a, b| {
        b.actors.cmp(&a.actors).then(a.score.total_cmp(&b.score)).then(a.attack_id.cmp(&b.attack_id))
    });
    top_gaps.truncate(10);
    let total: u32 = m.counts.values().sum();
    let validated = m.counts.get("validated").copied().unwrap_or(0);
    let trend = store::coverage::snapshots(&state.db, domain, Some(Utc::now() - Duration::days(90)))
        .await?
        .into_iter()
        .map(|s| (s.taken_at, s.org_score))
        .collect();
    Ok(Json(Executive {
        org_score: m.org_score,
        coverage_pct: pct(validated, total),
        techniques: total,
        validated,
        tactics: m.tactics.iter().map(|t| (t.shortname.clone(), t.score)).collect(),
        top_gaps,
        trend,
    }))
}
