//! `/api/v1/compliance/{fid}/gaps`: per control, how its mapped techniques are covered now and
//! its coverage percentage (see [`crate::analysis::coverage_pct`]), worst first; as JSON or CSV.

use crate::analysis::{coverage_pct, techniques_now};
use crate::controls::controls_of;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::validation::Coverage;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeSet;
use utoipa::{IntoParams, ToSchema};
use web::{ApiError, AppPath, AppQuery, AppState};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct GapParams {
    /// Only this control family (`AC`).
    family: Option<String>,
    /// `json` (default) or `csv`.
    format: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ControlGap {
    control_id: String,
    name: String,
    family: Option<String>,
    /// Distinct techniques of the catalog it maps to.
    mapped: u32,
    validated: u32,
    partial: u32,
    in_progress: u32,
    not_covered: u32,
    /// (validated + 0.5 × partial) / mapped, in percent, one decimal; none when it maps no
    /// technique of the catalog.
    coverage_pct: Option<f64>,
    /// Its techniques that add nothing to the percentage (in progress or not covered), sorted.
    uncovered: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GapSummary {
    controls: usize,
    /// Controls at 100 %.
    fully_covered: usize,
    /// Distinct techniques over the controls shown.
    techniques: u32,
    /// The same formula over those distinct techniques.
    coverage_pct: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GapReport {
    framework_id: String,
    name: String,
    /// The ATT&CK version the mapping was written for.
    attack_version: Option<String>,
    summary: GapSummary,
    /// Worst first: lowest percentage, then most techniques uncovered, then control id; controls
    /// without a technique of the catalog last.
    controls: Vec<ControlGap>,
}

#[derive(Default)]
struct Tally {
    validated: u32,
    partial: u32,
    in_progress: u32,
    not_covered: u32,
}

impl Tally {
    fn add(&mut self, status: Coverage) {
        match status {
            Coverage::Validated => self.validated += 1,
            Coverage::Partial => self.partial += 1,
            Coverage::InProgress => self.in_progress += 1,
            Coverage::NotCovered => self.not_covered += 1,
        }
    }
}

fn worst_first(a: &ControlGap, b: &ControlGap) -> Ordering {
    let pct = |g: &ControlGap| g.coverage_pct.unwrap_or(f64::INFINITY);
    pct(a)
        .total_cmp(&pct(b))
        .then_with(|| b.uncovered.len().cmp(&a.uncovered.len()))
        .then_with(|| a.control_id.cmp(&b.control_id))
}

/// The gaps of a framework's controls against the coverage now.
#[utoipa::path(get, path = "/api/v1/compliance/{fid}/gaps", tag = "compliance", params(("fid" = String, Path), GapParams),
    responses((status = 200, body = GapReport), (status = 200, description = "CSV (`format=csv`)", content_type = "text/csv"),
        (status = 400, body = web::error::Problem), (status = 404, body = web::error::Problem)))]
pub async fn framework_gaps(
    State(state): State<AppState>,
    AppPath(fid): AppPath<String>,
    AppQuery(p): AppQuery<GapParams>,
) -> Result<Response, ApiError> {
    let csv = match p.format.as_deref().unwrap_or("json") {
        "json" => false,
        "csv" => true,
        other => return Err(ApiError::BadRequest(format!("format `{other}`: use json or csv"))),
    };
    let (framework, controls) = controls_of(&state, &fid).await?;
    let now = techniques_now(&state).await?;
    let status = |id: &str| now.get(id).map_or(Coverage::NotCovered, |t| t.status);
    let (mut all, mut gaps) = (BTreeSet::new(), Vec::new());
    for c in controls.into_iter().filter(|c| p.family.as_ref().is_none_or(|f| c.family.as_ref() == Some(f))) {
        let ids: BTreeSet<String> = c.techniques.into_iter().map(|t| t.technique_id).collect();
        let mut tally = Tally::default();
        let mut uncovered = Vec::new();
        for id in &ids {
            let s = status(id);
            tally.add(s);
            if matches!(s, Coverage::InProgress | Coverage::NotCovered) {
                uncovered.push(id.clone());
            }
        }
        let mapped = ids.len() as u32;
        all.extend(ids);
        gaps.push(ControlGap {
            control_id: c.control_id,
            name: c.name,
            family: c.family,
            mapped,
            coverage_pct: coverage_pct(tally.validated, tally.partial, mapped),
            validated: tally.validated,
            partial: tally.partial,
            in_progress: tally.in_progress,
            not_covered: tally.not_covered,
            uncovered,
        });
    }
    gaps.sort_by(worst_first);
    let mut overall = Tally::default();
    all.iter().for_each(|id| overall.add(status(id)));
    let summary = GapSummary {
        controls: gaps.len(),
        fully_covered: gaps.iter().filter(|g| g.coverage_pct == Some(100.0)).count(),
        techniques: all.len() as u32,
        coverage_pct: coverage_pct(overall.validated, overall.partial, all.len() as u32),
    };
    let f = framework.framework;
    let report = GapReport {
        framework_id: f.id,
        name: f.name,
        attack_version: f.attack_version,
        summary,
        controls: gaps,
    };
    if !csv {
        return Ok(Json(report).into_response());
    }
    let rows = report.controls.into_iter().map(|g| {
        vec![
            g.control_id,
            g.name,
            g.family.unwrap_or_default(),
            g.mapped.to_string(),
            g.validated.to_string(),
            g.partial.to_string(),
            g.in_progress.to_string(),
            g.not_covered.to_string(),
            g.coverage_pct.map(|p| p.to_string()).unwrap_or_default(),
            g.uncovered.join(" "),
        ]
    });
    let columns = [
        "control_id",
        "name",
        "family",
        "mapped",
        "validated",
        "partial",
        "in_progress",
        "not_covered",
        "coverage_pct",
        "uncovered",
    ];
    // Cells a spreadsheet would run as a formula are neutralised by the shared writer.
    let body = coverage::csv_out::write(&columns, rows).map_err(ApiError::internal)?;
    let filename = format!("aegis-{fid}-gaps.csv");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        body,
    )
        .into_response())
}
