//! The heatmap, Navigator layer export and import, gap exports and imported technique sets.

use crate::domain_of;
use auth::CurrentUser;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use coverage::matrix::status_name;
use coverage::{Filter, Matrix};
use domain::validation::Coverage;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, HashSet};
use store::coverage::TechniqueSet;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::{ApiError, AppPath, AppQuery, AppState};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HeatmapQuery {
    pub(crate) domain: Option<String>,
    /// Only techniques for this platform.
    pub(crate) platform: Option<String>,
    /// Only techniques this threat actor uses (ATT&CK id, e.g. G0016).
    pub(crate) threat_actor: Option<String>,
    /// One tactic (shortname or id).
    pub(crate) tactic: Option<String>,
    pub(crate) status: Option<Coverage>,
    /// Only the techniques of an imported technique set.
    pub(crate) technique_set: Option<Uuid>,
}

pub(crate) async fn matrix(state: &AppState, q: &HeatmapQuery) -> Result<Matrix, ApiError> {
    let domain = domain_of(&q.domain)?;
    let only = match q.technique_set {
        None => None,
        Some(id) => {
            let set = store::coverage::get_set(&state.db, id)
                .await?
                .ok_or_else(|| ApiError::NotFound(format!("technique set {id} not found")))?;
            Some(set.techniques.into_keys().collect::<HashSet<_>>())
        }
    };
    let filter = Filter {
        platform: q.platform.clone(),
        threat_actor: q.threat_actor.clone(),
        tactic: q.tactic.clone(),
        status: q.status,
        only,
    };
    coverage::load(state, domain, &filter, Utc::now()).await.map_err(|e| match e {
        store::StoreError::NotFound => ApiError::NotFound(format!(
            "threat actor {} not found",
            q.threat_actor.clone().unwrap_or_default()
        )),
        other => other.into(),
    })
}

/// The ATT&CK matrix by tactic in matrix order, each technique (sub-techniques nested) with its
/// coverage status, score, colour and test counts.
#[utoipa::path(get, path = "/api/v1/heatmap", tag = "heatmap", params(HeatmapQuery),
    responses((status = 200, body = Matrix), (status = 404, body = web::error::Problem)))]
pub async fn heatmap(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<HeatmapQuery>,
) -> Result<Json<Matrix>, ApiError> {
    Ok(Json(matrix(&state, &q).await?))
}

fn attachment(content_type: &str, filename: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        body,
    )
        .into_response()
}

/// The heatmap (same filters) as an ATT&CK Navigator layer, format 4.5.
#[utoipa::path(get, path = "/api/v1/heatmap/navigator-layer", tag = "heatmap", params(HeatmapQuery),
    responses((status = 200, description = "Navigator layer JSON", content_type = "application/json")))]
pub async fn export_layer(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<HeatmapQuery>,
) -> Result<Response, ApiError> {
    let m = matrix(&state, &q).await?;
    let platforms: Vec<String> = q.platform.iter().cloned().collect();
    let layer = coverage::layer::export(
        &m,
        "Aegis coverage",
        &format!("Validated coverage, org score {}", m.org_score),
        &platforms,
    );
    Ok(attachment(
        "application/json",
        "aegis-coverage-layer.json",
        serde_json::to_vec_pretty(&layer).map_err(ApiError::internal)?,
    ))
}

/// Validated results as a DeTT&CT technique administration file (YAML, format 1.2): detection and
/// visibility scores per technique from its latest validated detection (docs/SCORING.md).
#[utoipa::path(get, path = "/api/v1/heatmap/dettect", tag = "heatmap",
    responses((status = 200, description = "DeTT&CT technique administration YAML", content_type = "application/x-yaml")))]
pub async fn export_dettect(State(state): State<AppState>) -> Result<Response, ApiError> {
    let domain = domain::catalog::DEFAULT_DOMAIN;
    let index = store::catalog::technique_index(&state.db, domain).await?;
    let rules = store::rules::view(&state.db).await?;
    let titles = rules.entries.iter().map(|r| (r.id.to_string(), r.content.title.clone())).collect();
    let current: Vec<domain::catalog::Technique> =
        index.techniques().iter().filter(|t| t.lifecycle.is_active()).cloned().collect();
    let file =
        coverage::dettect::build("Aegis validated coverage", domain, &current, &index.coverage, &titles);
    let yaml = yaml_serde::to_string(&file).map_err(ApiError::internal)?;
    Ok(attachment("application/x-yaml", "aegis-techniques-administration.yaml", yaml.into_bytes()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct GapQuery {
    domain: Option<String>,
    platform: Option<String>,
    threat_actor: Option<String>,
    /// One tactic (shortname or id).
    tactic: Option<String>,
    /// Only the techniques of an imported technique set: the gaps against an actor profile.
    technique_set: Option<Uuid>,
    /// `layer` (default) or `csv`.
    format: Option<String>,
}

/// Only the gaps: techniques not covered or only partially (logged), as a layer or CSV.
#[utoipa::path(get, path = "/api/v1/heatmap/gaps", tag = "heatmap", params(GapQuery),
    responses((status = 200, description = "Navigator layer or CSV")))]
pub async fn gaps(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<GapQuery>,
) -> Result<Response, ApiError> {
    let base = HeatmapQuery {
        domain: q.domain,
        platform: q.platform.clone(),
        threat_actor: q.threat_actor,
        tactic: q.tactic,
        technique_set: q.technique_set,
        ..Default::default()
    };
    let mut m = matrix(&state, &base).await?;
    let gap = |s: Coverage| matches!(s, Coverage::NotCovered | Coverage::Partial);
    for col in &mut m.tactics {
        for t in &mut col.techniques {
            t.subtechniques.retain(|s| gap(s.status));
        }
        col.techniques.retain(|t| gap(t.status) || !t.subtechniques.is_empty());
    }
    match q.format.as_deref().unwrap_or("layer") {
        "layer" => {
            let platforms: Vec<String> = q.platform.iter().cloned().collect();
            let mut layer = coverage::layer::export(
                &m,
                "Aegis coverage gaps",
                "Techniques not covered or only partially covered",
                &platforms,
            );
            // Parents kept only to hold gap sub-techniques are not gaps themselves.
            let is_gap = |t: &serde_json::Value| {
                let status = &t["metadata"][0]["value"];
                status == "not_covered" || status == "partial"
            };
            if let Some(list) = layer["techniques"].as_array_mut() {
                list.retain(is_gap);
            }
            Ok(attachment(
                "application/json",
                "aegis-gaps-layer.json",
                serde_json::to_vec_pretty(&layer).map_err(ApiError::internal)?,
            ))
        }
        "csv" => {
            let rows = m.cells().into_iter().filter(|(_, c)| gap(c.status)).map(|(col, c)| {
                vec![
                    c.attack_id.clone(),
                    c.name.clone(),
                    col.name.clone(),
                    status_name(c.status).into(),
                    c.score.to_string(),
                    c.tests_total.to_string(),
                ]
            });
            let body = coverage::csv_out::write(
                &["technique_id", "name", "tactic", "status", "score", "tests"],
                rows,
            )
            .map_err(ApiError::internal)?;
            Ok(attachment("text/csv; charset=utf-8", "aegis-gaps.csv", body))
        }
        other => Err(ApiError::BadRequest(format!("format `{other}`: use layer or csv"))),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SetCoverage {
    id: Uuid,
    name: String,
    description: String,
    domain: String,
    created_by: String,
    created_at: chrono::DateTime<Utc>,
    /// Techniques of the set found in the catalog.
    techniques: usize,
    /// Ids of the layer that the catalog does not know.
    unknown: Vec<String>,
    /// Of the set's techniques, how many are in each coverage status.
    counts: BTreeMap<String, u32>,
    /// Validated share of the set, in percent.
    coverage_pct: f64,
    /// Mean score of the set's techniques.
    score: f64,
}

/// The set's coverage, read off the unfiltered matrix of its domain, so that listing many sets
/// costs one catalog read per domain.
fn coverage_of(full: &Matrix, set: TechniqueSet) -> SetCoverage {
    let cells: Vec<&coverage::TechniqueCell> = full
        .cells()
        .into_iter()
        .map(|(_, c)| c)
        .filter(|c| set.techniques.contains_key(&c.attack_id))
        .collect();
    let mut counts = coverage::matrix::zero_counts();
    for c in &cells {
        *counts.entry(status_name(c.status).to_string()).or_default() += 1;
    }
    let validated = f64::from(counts["validated"]);
    let n = cells.len();
    SetCoverage {
        id: set.id,
        name: set.name,
        description: set.description,
        domain: set.domain,
        created_by: set.created_by,
        created_at: set.created_at,
        techniques: n,
        unknown: set.unknown,
        counts,
        coverage_pct: if n == 0 { 0.0 } else { domain::scoring::round1(100.0 * validated / n as f64) },
        score: domain::scoring::mean(cells.iter().map(|c| c.score)),
    }
}

async fn full_matrix(state: &AppState, domain: &str) -> Result<Matrix, ApiError> {
    Ok(coverage::load(state, domain, &Filter::default(), Utc::now()).await?)
}

/// Imports a Navigator layer (any 4.x, or legacy 3.0) as a named technique set, e.g. a threat
/// actor's profile, to compare coverage against (leads, admin).
#[utoipa::path(post, path = "/api/v1/heatmap/navigator-layer", tag = "heatmap",
    request_body(content = String, description = "Navigator layer JSON", content_type = "application/json"),
    responses((status = 201, body = SetCoverage), (status = 422, body = web::error::Problem)))]
pub async fn import_layer(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    body: Bytes,
) -> Result<(StatusCode, Json<SetCoverage>), ApiError> {
    let imported = coverage::layer::import(&body)
        .map_err(|why| ApiError::Validation(vec![domain::FieldError::new("body", "invalid_layer", why)]))?;
    let known: HashSet<String> =
        store::catalog::all::<domain::catalog::Technique>(&state.db, &imported.domain)
            .await?
            .into_iter()
            .map(|t| t.attack_id)
            .collect();
    let (techniques, unknown): (BTreeMap<_, _>, BTreeMap<_, _>) =
        imported.techniques.into_iter().partition(|(id, _)| known.contains(id));
    if techniques.is_empty() {
        // A set matching nothing would only ever show an empty matrix: most likely the layer is
        // of another domain or the catalog is not synced yet.
        let some: Vec<&str> = unknown.keys().take(5).map(String::as_str).collect();
        return Err(ApiError::Validation(vec![domain::FieldError::new(
            "techniques",
            "no_known_techniques",
            format!(
                "none of the layer's {} techniques is in the {} catalog (e.g. {})",
                unknown.len(),
                imported.domain,
                some.join(", ")
            ),
        )]));
    }
    let set = TechniqueSet {
        id: Uuid::new_v4(),
        name: imported.name.chars().take(200).collect(),
        description: imported.description.chars().take(2000).collect(),
        domain: imported.domain,
        techniques,
        unknown: unknown.into_keys().collect(),
        created_by: user.username.clone(),
        created_at: Utc::now(),
    };
    let audit = auth::audit::entry(
        Some(&user),
        &ip,
        "technique_set.import",
        "technique_set",
        Some(set.id.to_string()),
        json!({ "name": set.name, "techniques": set.techniques.len() }),
    );
    store::coverage::put_set(&state.db, &set, &audit).await?;
    let full = full_matrix(&state, &set.domain).await?;
    Ok((StatusCode::CREATED, Json(coverage_of(&full, set))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SetList {
    items: Vec<SetCoverage>,
}

/// Imported technique sets with their coverage, newest first.
#[utoipa::path(get, path = "/api/v1/technique-sets", tag = "heatmap", responses((status = 200, body = SetList)))]
pub async fn list_sets(State(state): State<AppState>) -> Result<Json<SetList>, ApiError> {
    let mut matrices: BTreeMap<String, Matrix> = BTreeMap::new();
    let mut items = Vec::new();
    for set in store::coverage::list_sets(&state.db).await? {
        if !matrices.contains_key(&set.domain) {
            matrices.insert(set.domain.clone(), full_matrix(&state, &set.domain).await?);
        }
        items.push(coverage_of(&matrices[&set.domain], set));
    }
    Ok(Json(SetList { items }))
}

/// One technique set with its coverage.
#[utoipa::path(get, path = "/api/v1/technique-sets/{id}", tag = "heatmap", params(("id" = Uuid, Path)),
    responses((status = 200, body = SetCoverage), (status = 404, body = web::error::Problem)))]
pub async fn get_set(
    State(state): State<AppState>,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<SetCoverage>, ApiError> {
    let set = store::coverage::get_set(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("technique set {id} not found")))?;
    let full = full_matrix(&state, &set.domain).await?;
    Ok(Json(coverage_of(&full, set)))
}

/// Deletes a technique set (admin).
#[utoipa::path(delete, path = "/api/v1/technique-sets/{id}", tag = "heatmap", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = web::error::Problem)))]
pub async fn delete_set(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    let audit = auth::audit::entry(
        Some(&user),
        &ip,
        "technique_set.delete",
        "technique_set",
        Some(id.to_string()),
        json!({}),
    );
    store::coverage::delete_set(&state.db, id, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}
