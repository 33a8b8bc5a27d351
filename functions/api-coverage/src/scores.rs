//! `/api/v1/scores`: organisation, tactic, technique and threat-actor scores, and the weights.

use crate::domain_of;
use crate::heatmap::{HeatmapQuery, matrix};
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use chrono::Utc;
use domain::catalog::{Technique, ThreatActor};
use domain::scoring::{self, Components, Weights};
use domain::validation::Coverage;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use web::client_ip::ClientIp;
use web::{ApiError, AppJson, AppPath, AppQuery, AppState};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DomainQuery {
    domain: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TacticScore {
    id: String,
    name: String,
    shortname: String,
    score: f64,
    techniques: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Scores {
    org_score: f64,
    weights: Weights,
    tactics: Vec<TacticScore>,
}

/// The organisation's score (mean of the tactics) and each tactic's (mean of its techniques).
#[utoipa::path(get, path = "/api/v1/scores", tag = "scores", params(DomainQuery), responses((status = 200, body = Scores)))]
pub async fn scores(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<DomainQuery>,
) -> Result<Json<Scores>, ApiError> {
    let m = matrix(&state, &HeatmapQuery { domain: q.domain, ..Default::default() }).await?;
    let tactics = m
        .tactics
        .iter()
        .map(|t| TacticScore {
            id: t.id.clone(),
            name: t.name.clone(),
            shortname: t.shortname.clone(),
            score: t.score,
            techniques: t.techniques.iter().map(|c| 1 + c.subtechniques.len()).sum(),
        })
        .collect();
    Ok(Json(Scores { org_score: m.org_score, weights: m.weights, tactics }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TechniqueScore {
    attack_id: String,
    name: String,
    status: Coverage,
    score: f64,
    components: Components,
    weights: Weights,
}

/// One technique's score with its components.
#[utoipa::path(get, path = "/api/v1/scores/techniques/{id}", tag = "scores", params(("id" = String, Path), DomainQuery),
    responses((status = 200, body = TechniqueScore), (status = 404, body = web::error::Problem)))]
pub async fn technique_score(
    State(state): State<AppState>,
    AppPath(id): AppPath<String>,
    AppQuery(q): AppQuery<DomainQuery>,
) -> Result<Json<TechniqueScore>, ApiError> {
    let domain = domain_of(&q.domain)?;
    let t = store::catalog::get::<Technique>(&state.db, domain, &id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("technique {id} not found")))?;
    // One strongly consistent read of this technique's coverage, not the whole index.
    let cov = store::technique_coverage::get(&state.db, domain, &id).await?;
    let cov = cov.as_ref();
    let weights = coverage::matrix::weights(&state).await?;
    let d3fend = coverage::d3fend::shares(&state.db, domain).await?;
    let components =
        scoring::components(cov, t.platforms.len(), d3fend.get(&t.attack_id).copied(), Utc::now());
    Ok(Json(TechniqueScore {
        attack_id: t.attack_id,
        name: t.name,
        status: cov.map_or(Coverage::NotCovered, |c| c.status),
        score: scoring::score(&components, &weights),
        components,
        weights,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActorScore {
    attack_id: String,
    name: String,
    /// Mean score of the techniques it uses.
    score: f64,
    techniques: usize,
    validated: u32,
    /// Validated share of its techniques, in percent.
    coverage_pct: f64,
}

/// How well the organisation covers one threat actor's techniques.
#[utoipa::path(get, path = "/api/v1/scores/threat-actors/{id}", tag = "scores", params(("id" = String, Path), DomainQuery),
    responses((status = 200, body = ActorScore), (status = 404, body = web::error::Problem)))]
pub async fn actor_score(
    State(state): State<AppState>,
    AppPath(id): AppPath<String>,
    AppQuery(q): AppQuery<DomainQuery>,
) -> Result<Json<ActorScore>, ApiError> {
    let domain = domain_of(&q.domain)?;
    let actor = store::catalog::get::<ThreatActor>(&state.db, domain, &id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("threat actor {id} not found")))?;
    let m = matrix(
        &state,
        &HeatmapQuery { domain: q.domain, threat_actor: Some(id.clone()), ..Default::default() },
    )
    .await?;
    let cells = m.cells();
    let validated = m.counts.get("validated").copied().unwrap_or(0);
    Ok(Json(ActorScore {
        attack_id: actor.attack_id,
        name: actor.name,
        score: scoring::mean(cells.iter().map(|(_, c)| c.score)),
        techniques: cells.len(),
        validated,
        coverage_pct: if cells.is_empty() {
            0.0
        } else {
            scoring::round1(100.0 * validated as f64 / cells.len() as f64)
        },
    }))
}

/// The scoring weights in force.
#[utoipa::path(get, path = "/api/v1/scores/config", tag = "scores", responses((status = 200, body = Weights)))]
pub async fn get_config(State(state): State<AppState>) -> Result<Json<Weights>, ApiError> {
    Ok(Json(coverage::matrix::weights(&state).await?))
}

/// Changes the scoring weights at runtime (admin); every score follows at once.
#[utoipa::path(put, path = "/api/v1/scores/config", tag = "scores", request_body = Weights,
    responses((status = 200, body = Weights), (status = 422, body = web::error::Problem)))]
pub async fn put_config(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(w): AppJson<Weights>,
) -> Result<Json<Weights>, ApiError> {
    w.check()?;
    let before = coverage::matrix::weights(&state).await?;
    let audit = auth::audit::entry(
        Some(&user),
        &ip,
        "scores.config",
        "scoring",
        None,
        json!({ "from": before, "to": w }),
    );
    store::coverage::put_weights(&state.db, &w, &audit).await?;
    Ok(Json(w))
}
