//! Reports as JSON and CSV. CSV is UTF-8 with a byte-order mark, quoted by the `csv` crate,
//! with formula-like cells neutralised (`coverage::csv_out`).

use crate::delivery::{Report, deliver};
use crate::domain_of;
use crate::jobs::ReportJobView;
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use chrono::{DateTime, Utc};
use coverage::matrix::status_name;
use domain::report::{ReportFormat, ReportKind, ReportSpec};
use reports::rows::{RemediationRow, TestResult};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use web::client_ip::ClientIp;
use web::{ApiError, AppQuery, AppState};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    domain: Option<String>,
    /// `json` (default) or `csv`.
    format: Option<String>,
    /// Tests created at or after (RFC 3339).
    from: Option<DateTime<Utc>>,
    /// Tests created at or before (RFC 3339).
    to: Option<DateTime<Utc>>,
}

fn want_csv(q: &ReportQuery) -> Result<bool, ApiError> {
    match q.format.as_deref().unwrap_or("json") {
        "json" => Ok(false),
        "csv" => Ok(true),
        other => Err(ApiError::BadRequest(format!("format `{other}`: use json or csv"))),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TacticSummary {
    tactic: String,
    name: String,
    techniques: u32,
    counts: BTreeMap<String, u32>,
    score: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageSummary {
    generated_at: DateTime<Utc>,
    domain: String,
    attack_version: Option<String>,
    org_score: f64,
    techniques: u32,
    counts: BTreeMap<String, u32>,
    coverage_pct: f64,
    by_tactic: Vec<TacticSummary>,
}

/// Coverage summary: organisation score, counts per status, per tactic.
#[utoipa::path(get, path = "/api/v1/reports/coverage-summary", tag = "reports", params(ReportQuery),
    responses((status = 200, body = CoverageSummary)))]
pub async fn coverage_summary(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<ReportQuery>,
) -> Result<Json<CoverageSummary>, ApiError> {
    let domain = domain_of(&q.domain)?;
    let m = coverage::load(&state, domain, &coverage::Filter::default(), Utc::now()).await?;
    let by_tactic = m
        .tactics
        .iter()
        .map(|col| {
            let cells: Vec<_> = col
                .techniques
                .iter()
                .flat_map(|c| std::iter::once(c).chain(c.subtechniques.iter()))
                .collect();
            let mut counts: BTreeMap<String, u32> = BTreeMap::new();
            for c in &cells {
                *counts.entry(status_name(c.status).into()).or_default() += 1;
            }
            TacticSummary {
                tactic: col.shortname.clone(),
                name: col.name.clone(),
                techniques: cells.len() as u32,
                counts,
                score: col.score,
            }
        })
        .collect();
    let total: u32 = m.counts.values().sum();
    let validated = m.counts.get("validated").copied().unwrap_or(0);
    Ok(Json(CoverageSummary {
        generated_at: Utc::now(),
        domain: domain.into(),
        attack_version: m.attack_version.clone(),
        org_score: m.org_score,
        techniques: total,
        coverage_pct: if total == 0 {
            0.0
        } else {
            domain::scoring::round1(100.0 * validated as f64 / total as f64)
        },
        counts: m.counts.clone(),
        by_tactic,
    }))
}

/// Coverage per technique as CSV.
#[utoipa::path(get, path = "/api/v1/reports/coverage-csv", tag = "reports", params(ReportQuery),
    responses((status = 200, description = "CSV", content_type = "text/csv")))]
pub async fn coverage_csv(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<ReportQuery>,
) -> Result<Response, ApiError> {
    let domain = domain_of(&q.domain)?;
    let m = coverage::load(&state, domain, &coverage::Filter::default(), Utc::now()).await?;
    let rows = m.cells().into_iter().map(|(col, c)| {
        vec![
            c.attack_id.clone(),
            c.name.clone(),
            col.shortname.clone(),
            status_name(c.status).into(),
            c.score.to_string(),
            c.tests_total.to_string(),
            c.tests_validated.to_string(),
            c.platforms.join("; "),
        ]
    });
    let bytes = coverage::csv_out::write(
        &["technique_id", "name", "tactic", "status", "score", "tests_total", "tests_validated", "platforms"],
        rows,
    )
    .map_err(ApiError::internal)?;
    let report = Report {
        bytes,
        content_type: ReportFormat::Csv.content_type(),
        filename: "aegis-coverage.csv".into(),
        attachment: true,
    };
    deliver(&state, report).await
}

fn report_error(e: reports::ReportError) -> ApiError {
    match e {
        reports::ReportError::Store(e) => e.into(),
        other => ApiError::internal(other),
    }
}

/// A report over the tests: answered in the request while the domain holds at most
/// `REPORT_JOB_THRESHOLD` tests (over `REPORT_INLINE_MAX_BYTES` through a presigned download),
/// else recorded as an export job and answered `202` with it.
async fn tests_report(
    state: &AppState,
    user: &CurrentUser,
    ip: &ClientIp,
    q: ReportQuery,
    kind: ReportKind,
) -> Result<Response, ApiError> {
    let format = if want_csv(&q)? { ReportFormat::Csv } else { ReportFormat::Json };
    web::pagination::check_range(q.from, q.to)?;
    let domain = web::attack_domain::attack_domain(&q.domain)?;
    let spec = ReportSpec { kind, format, domain, from: q.from, to: q.to };
    let held = reports::tests_in_domain(&state.db, domain.as_str()).await?;
    if held > state.config.report_job_threshold {
        return crate::jobs::start(state, user, ip, spec, crate::jobs::Ask::ReuseInFlight).await;
    }
    let mut bytes = Vec::new();
    reports::produce(state, &spec, &mut bytes).await.map_err(report_error)?;
    let report = Report {
        bytes,
        content_type: format.content_type(),
        filename: spec.filename(),
        attachment: format == ReportFormat::Csv,
    };
    deliver(state, report).await
}

/// Test results (JSON or CSV), optionally within a creation-time range, newest first.
#[utoipa::path(get, path = "/api/v1/reports/test-results", tag = "reports", params(ReportQuery),
    responses((status = 200, body = Vec<TestResult>),
        (status = 202, description = "The domain holds more than REPORT_JOB_THRESHOLD tests: an export job was started; `Location` is the job", body = ReportJobView),
        (status = 303, description = "Over REPORT_INLINE_MAX_BYTES: `Location` is a presigned download of the whole file (5 minutes)")))]
pub async fn test_results(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppQuery(q): AppQuery<ReportQuery>,
) -> Result<Response, ApiError> {
    tests_report(&state, &user, &ip, q, ReportKind::TestResults).await
}

/// Remediation steps of validated tests with detection gaps (JSON or CSV).
#[utoipa::path(get, path = "/api/v1/reports/remediation", tag = "reports", params(ReportQuery),
    responses((status = 200, body = Vec<RemediationRow>),
        (status = 202, description = "The domain holds more than REPORT_JOB_THRESHOLD tests: an export job was started; `Location` is the job", body = ReportJobView),
        (status = 303, description = "Over REPORT_INLINE_MAX_BYTES: `Location` is a presigned download of the whole file (5 minutes)")))]
pub async fn remediation(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppQuery(q): AppQuery<ReportQuery>,
) -> Result<Response, ApiError> {
    tests_report(&state, &user, &ip, q, ReportKind::Remediation).await
}
