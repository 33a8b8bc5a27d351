//! `/api/v1/reports/jobs`: export jobs. A report over the tests is a job when asked for as one
//! (`POST`) or when the domain holds more than `REPORT_JOB_THRESHOLD` tests (the report routes
//! answer `202` with the job then). Each user sees their own jobs of the last day; a finished
//! job carries a presigned download of its file, fresh on every read.

use crate::delivery::DOWNLOAD_URL_SECS;
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use domain::report::{ReportJob, ReportJobStatus, ReportSpec};
use serde::Serialize;
use serde_json::json;
use std::time::Duration;
use utoipa::ToSchema;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::{ApiError, AppJson, AppPath, AppState};

/// An export job as its requester sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportJobView {
    #[serde(flatten)]
    job: ReportJob,
    /// Once done: a presigned download of the file, valid five minutes (read the job again
    /// for a fresh one).
    download_url: Option<String>,
}

async fn view(state: &AppState, job: ReportJob) -> Result<ReportJobView, ApiError> {
    let download_url = match (&job.status, &job.object_key) {
        (ReportJobStatus::Done, Some(key)) => {
            let ttl = Duration::from_secs(DOWNLOAD_URL_SECS);
            let bucket = &state.config.evidence_bucket;
            Some(store::objects::presign_download(&state.s3, bucket, key, &job.spec.filename(), ttl).await?)
        }
        _ => None,
    };
    Ok(ReportJobView { job, download_url })
}

/// How a job is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ask {
    /// `POST /reports/jobs`: always a new job.
    New,
    /// A report route over too many tests: the caller's job for the same report still queued or
    /// running is answered instead of a second one (a page reloaded, a link clicked twice).
    ReuseInFlight,
}

/// Records a job for `spec` (audited) and answers `202` with it, `Location` naming it.
pub(crate) async fn start(
    state: &AppState,
    user: &CurrentUser,
    ip: &ClientIp,
    spec: ReportSpec,
    ask: Ask,
) -> Result<Response, ApiError> {
    let in_flight = match ask {
        Ask::New => None,
        Ask::ReuseInFlight => store::report_jobs::of_user(&state.db, user.id).await?.into_iter().find(|j| {
            j.spec == spec && matches!(j.status, ReportJobStatus::Queued | ReportJobStatus::Running)
        }),
    };
    let job = match in_flight {
        Some(job) => job,
        None => {
            let summary = json!({ "kind": spec.kind, "format": spec.format, "domain": spec.domain });
            let job = ReportJob::new(Uuid::new_v4(), spec, user.id, user.username.clone(), Utc::now());
            let target = Some(job.id.to_string());
            let audit = auth::audit::entry(Some(user), ip, "report.export", "report_job", target, summary);
            reports::jobs::request(state, &job, &audit).await?;
            job
        }
    };
    let location = format!("/api/v1/reports/jobs/{}", job.id);
    let body = ReportJobView { job, download_url: None };
    Ok((StatusCode::ACCEPTED, [(header::LOCATION, location)], Json(body)).into_response())
}

/// Starts an export of a report over the tests, whatever its size.
#[utoipa::path(post, path = "/api/v1/reports/jobs", tag = "reports", request_body = ReportSpec,
    responses((status = 202, description = "Started; `Location` is the job", body = ReportJobView),
        (status = 422, body = web::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(spec): AppJson<ReportSpec>,
) -> Result<Response, ApiError> {
    web::pagination::check_range(spec.from, spec.to)?;
    start(&state, &user, &ip, spec, Ask::New).await
}

/// The caller's export jobs of the last day, newest first.
#[utoipa::path(get, path = "/api/v1/reports/jobs", tag = "reports",
    responses((status = 200, body = Vec<ReportJobView>)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<ReportJobView>>, ApiError> {
    let mut out = Vec::new();
    for job in store::report_jobs::of_user(&state.db, user.id).await? {
        out.push(view(&state, job).await?);
    }
    Ok(Json(out))
}

/// One of the caller's export jobs (another user's is not found).
#[utoipa::path(get, path = "/api/v1/reports/jobs/{id}", tag = "reports", params(("id" = Uuid, Path)),
    responses((status = 200, body = ReportJobView), (status = 404, body = web::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<ReportJobView>, ApiError> {
    let job = store::report_jobs::get(&state.db, id)
        .await?
        .filter(|job| job.requested_by_id == user.id)
        .ok_or_else(|| ApiError::NotFound("no such report job".into()))?;
    Ok(Json(view(&state, job).await?))
}
