//! Reports as JSON and CSV. CSV is UTF-8 with a byte-order mark, quoted by the `csv` crate,
//! with formula-like cells neutralised (`coverage::csv_out`).

use crate::delivery::{Report, deliver};
use crate::domain_of;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use chrono::{DateTime, Utc};
use coverage::matrix::status_name;
use domain::validation::{Coverage, Detection, RemediationStep, Test, TestState};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
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

fn csv_report(bytes: Vec<u8>, filename: &'static str) -> Report {
    Report { bytes, content_type: "text/csv; charset=utf-8", filename, attachment: true }
}

fn json_report(bytes: Vec<u8>, filename: &'static str) -> Report {
    Report { bytes, content_type: "application/json", filename, attachment: false }
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
    deliver(&state, csv_report(bytes, "aegis-coverage.csv")).await
}

/// Every test matching the report's range, newest first (reads the tests index to its end).
impl TestResult {
    fn of(t: Test) -> Self {
        TestResult {
            detection: t.blue.as_ref().map(|b| b.best()),
            alerts: t
                .blue
                .iter()
                .flat_map(|b| b.outcomes.iter())
                .filter_map(|o| o.alert_name.clone())
                .collect(),
            time_to_detect_secs: t.time_to_detect_secs(),
            executed: t.red.as_ref().map(|r| r.executed),
            succeeded: t.red.as_ref().map(|r| r.succeeded),
            id: t.id,
            title: t.title,
            technique_id: t.technique_id,
            technique_name: t.technique_name,
            state: t.state,
            severity: t.severity,
            platform: t.platform,
            created_by: t.created_by,
            created_at: t.created_at,
            validated_at: t.validated_at,
        }
    }
}

/// Hands every test of the report's range to `each`, one page at a time.
async fn each_test_page(
    state: &AppState,
    q: &ReportQuery,
    mut each: impl FnMut(Vec<Test>),
) -> Result<(), ApiError> {
    web::pagination::check_range(q.from, q.to)?;
    let filter = store::validation::TestFilter {
        domain: domain_of(&q.domain)?.into(),
        from: q.from,
        to: q.to,
        ..Default::default()
    };
    let mut page = store::PageRequest::first(500);
    loop {
        let p = store::validation::list(&state.db, &filter, &page).await?;
        each(p.items);
        match p.next_cursor {
            Some(c) => page = store::PageRequest::new(Some(500), Some(c)),
            None => return Ok(()),
        }
    }
}

async fn all_tests(state: &AppState, q: &ReportQuery) -> Result<Vec<Test>, ApiError> {
    let mut out = Vec::new();
    each_test_page(state, q, |page| out.extend(page)).await?;
    Ok(out)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TestResult {
    id: uuid::Uuid,
    title: String,
    technique_id: String,
    technique_name: String,
    state: TestState,
    severity: domain::validation::Severity,
    platform: Option<String>,
    executed: Option<bool>,
    succeeded: Option<bool>,
    detection: Option<Detection>,
    alerts: Vec<String>,
    time_to_detect_secs: Option<i64>,
    created_by: String,
    created_at: DateTime<Utc>,
    validated_at: Option<DateTime<Utc>>,
}

fn detection_name(d: Detection) -> &'static str {
    match d {
        Detection::Prevented => "prevented",
        Detection::Alerted => "alerted",
        Detection::Logged => "logged",
        Detection::None => "none",
        Detection::NotApplicable => "not_applicable",
    }
}

/// Test results (JSON or CSV), optionally within a creation-time range.
#[utoipa::path(get, path = "/api/v1/reports/test-results", tag = "reports", params(ReportQuery),
    responses((status = 200, body = Vec<TestResult>),
        (status = 303, description = "Over REPORT_INLINE_MAX_BYTES: `Location` is a presigned download of the whole file (5 minutes)")))]
pub async fn test_results(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<ReportQuery>,
) -> Result<Response, ApiError> {
    let csv = want_csv(&q)?;
    // Page by page, each test reduced to its row at once: a report over tens of thousands of
    // tests never holds them all.
    let mut results: Vec<TestResult> = Vec::new();
    each_test_page(&state, &q, |page| results.extend(page.into_iter().map(TestResult::of))).await?;
    if !csv {
        let bytes = serde_json::to_vec(&results).map_err(ApiError::internal)?;
        return deliver(&state, json_report(bytes, "aegis-test-results.json")).await;
    }
    let opt = |b: Option<bool>| b.map(|b| b.to_string()).unwrap_or_default();
    let rows = results.iter().map(|r| {
        vec![
            r.id.to_string(),
            r.title.clone(),
            r.technique_id.clone(),
            r.technique_name.clone(),
            r.state.as_str().into(),
            serde_json::to_value(r.severity)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            r.platform.clone().unwrap_or_default(),
            opt(r.executed),
            opt(r.succeeded),
            r.detection.map(detection_name).unwrap_or_default().into(),
            r.alerts.join("; "),
            r.time_to_detect_secs.map(|s| s.to_string()).unwrap_or_default(),
            r.created_by.clone(),
            r.created_at.to_rfc3339(),
            r.validated_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
        ]
    });
    let header = [
        "id",
        "title",
        "technique_id",
        "technique_name",
        "state",
        "severity",
        "platform",
        "executed",
        "succeeded",
        "detection",
        "alerts",
        "time_to_detect_secs",
        "created_by",
        "created_at",
        "validated_at",
    ];
    let bytes = coverage::csv_out::write(&header, rows).map_err(ApiError::internal)?;
    deliver(&state, csv_report(bytes, "aegis-test-results.csv")).await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RemediationRow {
    test_id: uuid::Uuid,
    test_title: String,
    technique_id: String,
    coverage: Coverage,
    #[serde(flatten)]
    step: RemediationStep,
}

/// Remediation steps of validated tests with detection gaps (JSON or CSV).
#[utoipa::path(get, path = "/api/v1/reports/remediation", tag = "reports", params(ReportQuery),
    responses((status = 200, body = Vec<RemediationRow>),
        (status = 303, description = "Over REPORT_INLINE_MAX_BYTES: `Location` is a presigned download of the whole file (5 minutes)")))]
pub async fn remediation(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<ReportQuery>,
) -> Result<Response, ApiError> {
    let csv = want_csv(&q)?;
    let mut rows = Vec::new();
    for t in all_tests(&state, &q).await?.into_iter().filter(|t| t.has_gap()) {
        let status =
            if t.detection() == Detection::Logged { Coverage::Partial } else { Coverage::NotCovered };
        for step in store::remediation::list(&state.db, t.id).await? {
            rows.push(RemediationRow {
                test_id: t.id,
                test_title: t.title.clone(),
                technique_id: t.technique_id.clone(),
                coverage: status,
                step,
            });
        }
    }
    if !csv {
        let bytes = serde_json::to_vec(&rows).map_err(ApiError::internal)?;
        return deliver(&state, json_report(bytes, "aegis-remediation.json")).await;
    }
    let lines = rows.iter().map(|r| {
        vec![
            r.test_id.to_string(),
            r.test_title.clone(),
            r.technique_id.clone(),
            status_name(r.coverage).into(),
            r.step.title.clone(),
            r.step.owner.clone(),
            r.step.due_date.map(|d| d.to_string()).unwrap_or_default(),
            serde_json::to_value(r.step.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            r.step.updated_at.to_rfc3339(),
        ]
    });
    let header = [
        "test_id",
        "test_title",
        "technique_id",
        "coverage",
        "step",
        "owner",
        "due_date",
        "status",
        "updated_at",
    ];
    let bytes = coverage::csv_out::write(&header, lines).map_err(ApiError::internal)?;
    deliver(&state, csv_report(bytes, "aegis-remediation.csv")).await
}
