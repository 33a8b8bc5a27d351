//! `/api/v1/snapshots`: coverage at points in time, compared and charted.

use crate::domain_of;
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use coverage::snapshot::{Change, GroupChange, compare_groups};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::pagination::{ListResponse, PageParams};
use web::{ApiError, AppPath, AppQuery, AppState};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DomainQuery {
    domain: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SnapshotSummary {
    id: Uuid,
    domain: String,
    taken_at: DateTime<Utc>,
    trigger: String,
    taken_by: Option<String>,
    org_score: f64,
    counts: BTreeMap<String, u32>,
}

fn summary(s: &store::coverage::SnapshotMeta) -> SnapshotSummary {
    SnapshotSummary {
        id: s.id,
        domain: s.domain.clone(),
        taken_at: s.taken_at,
        trigger: s.trigger.clone(),
        taken_by: s.taken_by.clone(),
        org_score: s.org_score,
        counts: s.counts.clone(),
    }
}

/// Takes a snapshot now (leads, admin).
#[utoipa::path(post, path = "/api/v1/snapshots", tag = "snapshots", params(DomainQuery),
    responses((status = 201, body = SnapshotSummary)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppQuery(q): AppQuery<DomainQuery>,
) -> Result<(StatusCode, Json<SnapshotSummary>), ApiError> {
    let domain = domain_of(&q.domain)?;
    // The entry gets the snapshot's id and score and is written with it.
    let audit = auth::audit::entry(Some(&user), &ip, "snapshot.create", "snapshot", None, json!({}));
    let s =
        coverage::snapshot::take(&state, domain, "manual", Some(user.username.clone()), Some(audit)).await?;
    Ok((StatusCode::CREATED, Json(summary(&s.meta))))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    domain: Option<String>,
    /// Page size, 1-500 (default 50).
    limit: Option<u32>,
    /// Opaque cursor from a previous page's `next_cursor`.
    cursor: Option<String>,
}

/// Snapshots, newest first, paginated.
#[utoipa::path(get, path = "/api/v1/snapshots", tag = "snapshots", params(ListQuery),
    responses((status = 200, body = ListResponse<SnapshotSummary>), (status = 400, body = web::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<ListQuery>,
) -> Result<Json<ListResponse<SnapshotSummary>>, ApiError> {
    let page = PageParams { limit: q.limit, cursor: q.cursor }.page()?;
    let page = store::coverage::snapshot_page(&state.db, domain_of(&q.domain)?, &page).await?;
    Ok(Json(ListResponse::from_page(page, |s| summary(&s))))
}

async fn load(state: &AppState, id: Uuid) -> Result<store::coverage::Snapshot, ApiError> {
    store::coverage::get_snapshot(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("snapshot {id} not found")))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TechniqueAt {
    status: domain::validation::Coverage,
    score: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SnapshotDetail {
    #[serde(flatten)]
    summary: SnapshotSummary,
    /// ATT&CK id → status and score at the time.
    techniques: BTreeMap<String, TechniqueAt>,
}

/// One snapshot with every technique's status and score.
#[utoipa::path(get, path = "/api/v1/snapshots/{id}", tag = "snapshots", params(("id" = Uuid, Path)),
    responses((status = 200, body = SnapshotDetail), (status = 404, body = web::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<SnapshotDetail>, ApiError> {
    let s = load(&state, id).await?;
    Ok(Json(SnapshotDetail {
        summary: summary(&s.meta),
        techniques: s
            .techniques
            .into_iter()
            .map(|(id, e)| (id, TechniqueAt { status: e.status, score: e.score }))
            .collect(),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CompareQuery {
    from: Uuid,
    to: Uuid,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Comparison {
    from: SnapshotSummary,
    to: SnapshotSummary,
    org_score_delta: f64,
    /// Techniques whose status or score changed, biggest change first.
    changes: Vec<Change>,
    /// Each tactic side by side, in matrix order.
    by_tactic: Vec<GroupChange>,
    /// Threat actors side by side: tracked ones first, then the biggest score changes (at most
    /// [`ACTORS_COMPARED`]).
    by_actor: Vec<GroupChange>,
}

/// Threat actors listed in a comparison.
const ACTORS_COMPARED: usize = 50;

/// What changed between two snapshots.
#[utoipa::path(get, path = "/api/v1/snapshots/compare", tag = "snapshots", params(CompareQuery),
    responses((status = 200, body = Comparison), (status = 404, body = web::error::Problem)))]
pub async fn compare(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<CompareQuery>,
) -> Result<Json<Comparison>, ApiError> {
    let (a, b) = (load(&state, q.from).await?, load(&state, q.to).await?);
    if a.meta.domain != b.meta.domain {
        return Err(ApiError::BadRequest("the snapshots are of different ATT&CK domains".into()));
    }
    let index = store::catalog::technique_index(&state.db, &a.meta.domain).await?;
    let tactics: Vec<(String, String, Vec<String>)> = index
        .view
        .tactics
        .iter()
        .map(|t| {
            let members = index
                .techniques()
                .iter()
                .filter(|x| x.tactics.contains(&t.shortname))
                .map(|x| x.attack_id.clone())
                .collect();
            (t.shortname.clone(), t.name.clone(), members)
        })
        .collect();
    let tracked = store::intel::tracked(&state.db).await?;
    let actors: Vec<(String, String, Vec<String>)> =
        store::catalog::all::<domain::catalog::ThreatActor>(&state.db, &a.meta.domain)
            .await?
            .into_iter()
            .filter(|x| x.lifecycle.is_active())
            .map(|x| (x.attack_id, x.name, x.technique_ids))
            .collect();
    let mut by_actor = compare_groups(&a, &b, &actors);
    by_actor.sort_by(|p, q| {
        tracked
            .contains(&q.key)
            .cmp(&tracked.contains(&p.key))
            .then(q.score_delta.abs().total_cmp(&p.score_delta.abs()))
            .then(p.key.cmp(&q.key))
    });
    by_actor.truncate(ACTORS_COMPARED);
    Ok(Json(Comparison {
        org_score_delta: domain::scoring::round1(b.meta.org_score - a.meta.org_score),
        changes: coverage::snapshot::compare(&a, &b),
        by_tactic: compare_groups(&a, &b, &tactics),
        by_actor,
        from: summary(&a.meta),
        to: summary(&b.meta),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TrendQuery {
    domain: Option<String>,
    /// How far back, in days (default 90, at most 3650).
    days: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrendPoint {
    taken_at: DateTime<Utc>,
    org_score: f64,
    validated: u32,
    partial: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Trend {
    points: Vec<TrendPoint>,
}

/// The organisation score and coverage over time, oldest first.
#[utoipa::path(get, path = "/api/v1/snapshots/trend", tag = "snapshots", params(TrendQuery), responses((status = 200, body = Trend)))]
pub async fn trend(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<TrendQuery>,
) -> Result<Json<Trend>, ApiError> {
    let days = q.days.unwrap_or(90).clamp(1, 3650);
    let since = Utc::now() - Duration::days(days as i64);
    let points = store::coverage::snapshots(&state.db, domain_of(&q.domain)?, Some(since))
        .await?
        .into_iter()
        .map(|s| TrendPoint {
            taken_at: s.taken_at,
            org_score: s.org_score,
            validated: s.counts.get("validated").copied().unwrap_or(0),
            partial: s.counts.get("partial").copied().unwrap_or(0),
        })
        .collect();
    Ok(Json(Trend { points }))
}
