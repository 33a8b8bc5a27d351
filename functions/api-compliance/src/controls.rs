//! `/api/v1/compliance/frameworks/{fid}/controls`: a framework's controls (read whole in one
//! consistent query, filtered and paged in memory by control id) and one control with the
//! coverage of each technique it maps to.

use crate::analysis::techniques_now;
use axum::Json;
use axum::extract::State;
use domain::validation::Coverage;
use serde::{Deserialize, Serialize};
use store::compliance::{self, MappedTechnique, StoredControl};
use utoipa::{IntoParams, ToSchema};
use web::keyset::{Paging, matches};
use web::pagination::ListResponse;
use web::{ApiError, AppPath, AppQuery, AppState};

/// The controls of `fid` as its generation in force has them, or a 404.
pub(crate) async fn controls_of(
    state: &AppState,
    fid: &str,
) -> Result<(store::compliance::StoredFramework, Vec<StoredControl>), ApiError> {
    compliance::with_controls(&state.db, fid)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no compliance framework {fid}")))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ControlParams {
    /// Text in the control's id, name or description (case-insensitive, literal).
    q: Option<String>,
    /// A control family (`AC`), exactly.
    family: Option<String>,
    /// Page size, 1-1000 (default 100).
    limit: Option<u32>,
    /// Opaque cursor from a previous page's `next_cursor`.
    cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ControlSummary {
    control_id: String,
    name: String,
    family: Option<String>,
    /// Techniques of the catalog it maps to.
    techniques: usize,
    /// Mapped ids the catalog does not know.
    unresolved: usize,
}

/// A framework's controls, by control id.
#[utoipa::path(get, path = "/api/v1/compliance/frameworks/{fid}/controls", tag = "compliance",
    params(("fid" = String, Path), ControlParams),
    responses((status = 200, body = ListResponse<ControlSummary>), (status = 404, body = web::error::Problem)))]
pub async fn list_controls(
    State(state): State<AppState>,
    AppPath(fid): AppPath<String>,
    AppQuery(p): AppQuery<ControlParams>,
) -> Result<Json<ListResponse<ControlSummary>>, ApiError> {
    let (_, controls) = controls_of(&state, &fid).await?;
    let items: Vec<ControlSummary> = controls
        .into_iter()
        .filter(|c| p.family.as_ref().is_none_or(|f| c.family.as_ref() == Some(f)))
        .filter(|c| {
            p.q.as_deref().is_none_or(|q| {
                matches(&[&c.control_id, &c.name, c.description.as_deref().unwrap_or_default()], q)
            })
        })
        .map(|c| ControlSummary {
            techniques: c.techniques.len(),
            unresolved: c.unresolved.len(),
            control_id: c.control_id,
            name: c.name,
            family: c.family,
        })
        .collect();
    let paging = Paging { limit: p.limit, cursor: p.cursor };
    Ok(Json(paging.page(items, |c| c.control_id.clone())?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MappedTechniqueView {
    technique_id: String,
    /// The technique's name in the catalog (the id itself for an unresolved one).
    name: String,
    mapping_type: Option<String>,
    /// The id the file gave, when it was a revoked technique re-pointed to this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    mapped_as: Option<String>,
    status: Coverage,
    /// The technique's score (0-100) as the heatmap shows it.
    score: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ControlDetail {
    framework_id: String,
    control_id: String,
    name: String,
    family: Option<String>,
    description: Option<String>,
    /// Its techniques with their coverage now, by technique id.
    techniques: Vec<MappedTechniqueView>,
    /// Mapped ids the catalog does not know (not in the gap analysis).
    unresolved: Vec<MappedTechniqueView>,
}

/// One control with the coverage status and score of each technique it maps to.
#[utoipa::path(get, path = "/api/v1/compliance/frameworks/{fid}/controls/{cid}", tag = "compliance",
    params(("fid" = String, Path), ("cid" = String, Path, description = "The control id as the framework writes it (`AC-02`)")),
    responses((status = 200, body = ControlDetail), (status = 404, body = web::error::Problem)))]
pub async fn get_control(
    State(state): State<AppState>,
    AppPath((fid, cid)): AppPath<(String, String)>,
) -> Result<Json<ControlDetail>, ApiError> {
    let (_, controls) = controls_of(&state, &fid).await?;
    let control = controls
        .into_iter()
        .find(|c| c.control_id == cid)
        .ok_or_else(|| ApiError::NotFound(format!("no control {cid} in {fid}")))?;
    let now = techniques_now(&state).await?;
    let view = |m: MappedTechnique| {
        let t = now.get(&m.technique_id);
        MappedTechniqueView {
            name: t.map_or_else(|| m.technique_id.clone(), |t| t.name.clone()),
            status: t.map_or(Coverage::NotCovered, |t| t.status),
            score: t.map_or(0.0, |t| t.score),
            technique_id: m.technique_id,
            mapping_type: m.mapping_type,
            mapped_as: m.mapped_as,
        }
    };
    Ok(Json(ControlDetail {
        framework_id: fid,
        control_id: control.control_id,
        name: control.name,
        family: control.family,
        description: control.description,
        techniques: control.techniques.into_iter().map(view).collect(),
        unresolved: control.unresolved.into_iter().map(view).collect(),
    }))
}
