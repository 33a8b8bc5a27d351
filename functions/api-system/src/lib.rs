//! Route group `/api/v1/system` (admin): start a MITRE sync, import a bundle (up to 5 MB in the
//! body, larger through an S3 upload slot), follow sync runs, revert a re-point, and see the
//! scheduled jobs.

use attack_sync::{REQUESTED, SyncRequest};
use auth::CurrentUser;
use auth::guard::{require, roles};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use chrono::{DateTime, Duration, Utc};
use domain::catalog::DOMAINS;
use domain::sync::{JobStatus, SyncRun, Trigger};
use serde::Serialize;
use serde_json::json;
use store::{catalog, sync_runs};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::events::{Envelope, publish};
use web::pagination::{ListResponse, PageParams};
use web::{ApiError, AppPath, AppQuery, AppState};

mod uploads;

/// Largest bundle sent as a request body: Lambda takes at most 6 MB per request, so larger
/// bundles go through an upload slot (`POST /system/uploads`, see `uploads`).
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;

/// The routes with their OpenAPI description, unlayered (the local runner merges these).
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    // The route-level limit overrides the common 1 MB one for this route only.
    let import =
        OpenApiRouter::new().routes(routes!(import_bundle)).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES));
    OpenApiRouter::new()
        .routes(routes!(sync_mitre))
        .merge(import)
        .routes(routes!(uploads::request_import_upload))
        .routes(routes!(uploads::complete_import_upload))
        .routes(routes!(list_runs))
        .routes(routes!(get_run))
        .routes(routes!(revert_repoint))
        .routes(routes!(scheduler_status))
        .routes(routes!(run_alert_evaluation))
        .routes(routes!(run_intel_scan))
        .route_layer(require(state, roles::ADMIN))
}

/// The deployable router: routes, state and the common layers.
pub fn router(state: AppState) -> axum::Router {
    let (router, _) = routes(&state).split_for_parts();
    let config = state.config.clone();
    web::layers::apply(router.with_state(state), &config)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RunStarted {
    pub(crate) run_id: Uuid,
}

async fn refuse_if_running(state: &AppState) -> Result<(), ApiError> {
    if let Some(holder) = sync_runs::lease_holder(&state.db, attack_sync::JOB_NAME).await? {
        return Err(ApiError::Conflict(format!("a sync is already running (run {holder})")));
    }
    Ok(())
}

async fn dispatch(state: &AppState, run: &mut SyncRun, upload_key: Option<String>) -> Result<(), ApiError> {
    let event = Envelope::new(REQUESTED, SyncRequest { run_id: run.run_id, upload_key });
    if let Err(e) = publish(state, &event).await {
        // The run would otherwise stay `running` forever.
        run.status = domain::sync::RunStatus::Failed;
        run.finished_at = Some(Utc::now());
        run.error = Some("could not dispatch the run".into());
        sync_runs::put(&state.db, run).await?;
        return Err(ApiError::internal(e));
    }
    Ok(())
}

/// Starts a MITRE ATT&CK sync (TAXII, falling back to the bundle URL) and returns at once.
#[utoipa::path(post, path = "/api/v1/system/sync-mitre", tag = "system",
    responses((status = 202, body = RunStarted), (status = 409, description = "A run is in progress", body = web::error::Problem)))]
pub async fn sync_mitre(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
) -> Result<(StatusCode, Json<RunStarted>), ApiError> {
    refuse_if_running(&state).await?;
    let audit = |id: Uuid| {
        auth::audit::entry(Some(&user), &ip, "system.sync_mitre", "sync_run", Some(id.to_string()), json!({}))
    };
    let mut run =
        attack_sync::start_audited(&state, Trigger::Manual, Some(user.username.clone()), Some(audit)).await?;
    dispatch(&state, &mut run, None).await?;
    Ok((StatusCode::ACCEPTED, Json(RunStarted { run_id: run.run_id })))
}

/// Imports an ATT&CK STIX bundle sent as the request body (`application/json`, or gzipped as
/// `application/gzip`), for sites without internet access. The bundle is checked before the
/// run starts, so a file that is not an ATT&CK bundle is a 422 naming the problem.
#[utoipa::path(post, path = "/api/v1/system/import", tag = "system",
    request_body(content = String, description = "STIX 2.x bundle", content_type = "application/json"),
    responses(
        (status = 202, body = RunStarted),
        (status = 409, body = web::error::Problem),
        (status = 413, body = web::error::Problem),
        (status = 415, body = web::error::Problem),
        (status = 422, body = web::error::Problem),
    ))]
pub async fn import_bundle(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<RunStarted>), ApiError> {
    // Over the limit is a problem document like every other refusal, not axum's plain text.
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        _ => ApiError::BadRequest(rejection.body_text()),
    })?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if !matches!(
        essence.as_str(),
        "application/json" | "application/gzip" | "application/x-gzip" | "application/octet-stream"
    ) {
        return Err(ApiError::UnsupportedMediaType(
            "send the bundle as application/json, or gzipped as application/gzip".into(),
        ));
    }
    refuse_if_running(&state).await?;
    let raw = body.to_vec();
    let checked = tokio::task::spawn_blocking(move || {
        let bytes = attack_sync::source::maybe_gunzip(raw.clone())?;
        importers::parse_bundle_slice(&bytes).map_err(|e| e.to_string())?;
        Ok::<_, String>(raw)
    })
    .await
    .map_err(ApiError::internal)?;
    let raw = checked.map_err(|why| {
        ApiError::Validation(vec![domain::FieldError::new(
            "body",
            "not_attack_bundle",
            format!("not a usable ATT&CK bundle: {why}"),
        )])
    })?;
    let bytes = raw.len();
    let audit = |id: Uuid| {
        auth::audit::entry(
            Some(&user),
            &ip,
            "system.import",
            "sync_run",
            Some(id.to_string()),
            json!({ "bytes": bytes }),
        )
    };
    let mut run =
        attack_sync::start_audited(&state, Trigger::Upload, Some(user.username.clone()), Some(audit)).await?;
    let key = store::keys::import_bundle_object_key(run.run_id);
    let bucket = &state.config.evidence_bucket;
    store::objects::put_file(&state.s3, bucket, &key, "application/octet-stream", raw).await?;
    dispatch(&state, &mut run, Some(key)).await?;
    Ok((StatusCode::ACCEPTED, Json(RunStarted { run_id: run.run_id })))
}

/// Sync runs, newest first.
#[utoipa::path(get, path = "/api/v1/system/sync-runs", tag = "system", params(PageParams),
    responses((status = 200, body = ListResponse<SyncRun>)))]
pub async fn list_runs(
    State(state): State<AppState>,
    AppQuery(params): AppQuery<PageParams>,
) -> Result<Json<ListResponse<SyncRun>>, ApiError> {
    let page = sync_runs::list(&state.db, &params.page()?).await?;
    Ok(Json(ListResponse::from_page(page, |r| r)))
}

/// One sync run: status (running, succeeded, failed), source, ATT&CK version, counts, error.
#[utoipa::path(get, path = "/api/v1/system/sync-runs/{run_id}", tag = "system", params(("run_id" = Uuid, Path)),
    responses((status = 200, body = SyncRun), (status = 404, body = web::error::Problem)))]
pub async fn get_run(
    State(state): State<AppState>,
    AppPath(run_id): AppPath<Uuid>,
) -> Result<Json<SyncRun>, ApiError> {
    let run = sync_runs::get(&state.db, run_id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("sync run {run_id} not found")))?;
    Ok(Json(run))
}

/// Reverts a re-point a run made: the user data goes back to the revoked technique.
#[utoipa::path(post, path = "/api/v1/system/sync-runs/{run_id}/repoints/{technique_id}/revert", tag = "system",
    params(("run_id" = Uuid, Path), ("technique_id" = String, Path, description = "The revoked technique the data came from")),
    responses((status = 200, body = SyncRun), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem)))]
pub async fn revert_repoint(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath((run_id, from)): AppPath<(Uuid, String)>,
) -> Result<Json<SyncRun>, ApiError> {
    let mut run = sync_runs::get(&state.db, run_id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("sync run {run_id} not found")))?;
    let Some(repoint) = run.repoints.iter_mut().find(|r| r.from == from) else {
        return Err(ApiError::NotFound(format!("run {run_id} re-pointed nothing from {from}")));
    };
    if repoint.reverted_at.is_some() {
        return Err(ApiError::Conflict(format!("the re-point from {from} was already reverted")));
    }
    attack_sync::repoint::revert(&state, &run.domain, repoint, &user.origin(&ip)).await?;
    repoint.reverted_at = Some(Utc::now());
    repoint.reverted_by = Some(user.username.clone());
    let summary = json!({ "from": repoint.from, "to": repoint.to });
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "system.repoint_revert",
        "sync_run",
        Some(run_id.to_string()),
        summary,
    );
    sync_runs::put_audited(&state.db, &run, &entry).await?;
    Ok(Json(run))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobView {
    name: String,
    description: String,
    /// EventBridge schedule expression.
    schedule: String,
    #[serde(flatten)]
    status: Option<JobStatus>,
    /// Expected next scheduled start (last run + interval), when there was a run.
    next_run_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogVersion {
    domain: String,
    attack_version: Option<String>,
    synced_at: DateTime<Utc>,
    run_id: Uuid,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SchedulerStatus {
    jobs: Vec<JobView>,
    /// The ATT&CK release each domain's catalog was last synced to.
    catalogs: Vec<CatalogVersion>,
}

/// Every scheduled job with its schedule, last run and outcome, and the catalog versions.
#[utoipa::path(get, path = "/api/v1/system/scheduler-status", tag = "system",
    responses((status = 200, body = SchedulerStatus)))]
pub async fn scheduler_status(State(state): State<AppState>) -> Result<Json<SchedulerStatus>, ApiError> {
    let hours = state.config.mitre_sync_interval_hours;
    let status = sync_runs::job_status(&state.db, attack_sync::JOB_NAME).await?;
    let next_run_at = status.as_ref().and_then(|s| s.last_run_at).map(|t| t + Duration::hours(hours as i64));
    let snapshots = sync_runs::job_status(&state.db, "snapshots").await?;
    let next_snapshot = snapshots.as_ref().and_then(|s| s.last_run_at).map(|t| t + Duration::days(1));
    let alerts_status = sync_runs::job_status(&state.db, alerts::JOB_NAME).await?;
    let alert_hours = state.config.alert_evaluation_interval_hours;
    let next_alerts =
        alerts_status.as_ref().and_then(|s| s.last_run_at).map(|t| t + Duration::hours(alert_hours as i64));
    let intel_status = sync_runs::job_status(&state.db, alerts::intel::JOB_NAME).await?;
    let content_status = sync_runs::job_status(&state.db, content_sync::schedule::JOB_NAME).await?;
    let next_content = content_status.as_ref().and_then(|s| s.last_run_at).map(|t| t + Duration::hours(1));
    let campaigns_status = sync_runs::job_status(&state.db, "campaigns").await?;
    let next_campaigns =
        campaigns_status.as_ref().and_then(|s| s.last_run_at).map(|t| t + Duration::hours(1));
    let jobs = vec![
        JobView {
            name: alerts::JOB_NAME.into(),
            description: "Evaluates every enabled alert rule and notifies the recipients of each firing"
                .into(),
            schedule: format!("rate({alert_hours} hour{})", if alert_hours == 1 { "" } else { "s" }),
            status: alerts_status,
            next_run_at: next_alerts,
        },
        JobView {
            name: "campaigns".into(),
            description: "Starts the next run of every recurring campaign that is due".into(),
            schedule: "rate(1 hour)".into(),
            status: campaigns_status,
            next_run_at: next_campaigns,
        },
        JobView {
            name: attack_sync::JOB_NAME.into(),
            description: "Syncs the MITRE ATT&CK catalog (TAXII 2.1, falling back to the bundle URL)".into(),
            schedule: format!("rate({hours} hour{})", if hours == 1 { "" } else { "s" }),
            status,
            next_run_at,
        },
        JobView {
            name: alerts::intel::JOB_NAME.into(),
            description: "Works out what each new ATT&CK release changed for threat actors (after every sync)".into(),
            schedule: "after each MITRE sync".into(),
            status: intel_status,
            next_run_at: None,
        },
        JobView {
            name: content_sync::schedule::JOB_NAME.into(),
            description: "Syncs every enabled content source that is due (templates, detection rules, D3FEND, controls)"
                .into(),
            schedule: "rate(1 hour)".into(),
            status: content_status,
            next_run_at: next_content,
        },
        JobView {
            name: "snapshots".into(),
            description: format!(
                "Takes a coverage snapshot of every synced domain and deletes those older than {} days",
                state.config.snapshot_retention_days
            ),
            schedule: "rate(1 day)".into(),
            status: snapshots,
            next_run_at: next_snapshot,
        },
    ];
    let mut catalogs = Vec::new();
    for domain in DOMAINS {
        if let Some(s) = catalog::state(&state.db, domain).await? {
            catalogs.push(CatalogVersion {
                domain: s.domain,
                attack_version: s.attack_version,
                synced_at: s.synced_at,
                run_id: s.run_id,
            });
        }
    }
    Ok(Json(SchedulerStatus { jobs, catalogs }))
}

/// Starts an evaluation of every enabled alert rule now (the hourly job's work) and returns at
/// once; `scheduler-status` shows its outcome under the run id.
#[utoipa::path(post, path = "/api/v1/system/jobs/alert-evaluation", tag = "system",
    responses((status = 202, body = RunStarted), (status = 409, description = "An evaluation is running", body = web::error::Problem)))]
pub async fn run_alert_evaluation(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
) -> Result<(StatusCode, Json<RunStarted>), ApiError> {
    if let Some(holder) = sync_runs::lease_holder(&state.db, alerts::JOB_NAME).await? {
        return Err(ApiError::Conflict(format!("an alert evaluation is already running (run {holder})")));
    }
    let run_id = Uuid::new_v4();
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "system.alert_evaluation",
        "job",
        Some(run_id.to_string()),
        json!({}),
    );
    let detail = json!({ "run_id": run_id });
    web::outbox::request_audited(&state, &entry, alerts::REQUESTED, &detail).await?;
    Ok((StatusCode::ACCEPTED, Json(RunStarted { run_id })))
}

/// Works out now what the catalog's ATT&CK release changed for threat actors (the scan that
/// follows every sync) and returns at once; `scheduler-status` shows its outcome.
#[utoipa::path(post, path = "/api/v1/system/jobs/intel-scan", tag = "system",
    responses((status = 202, body = RunStarted)))]
pub async fn run_intel_scan(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
) -> Result<(StatusCode, Json<RunStarted>), ApiError> {
    let run_id = Uuid::new_v4();
    let entry =
        auth::audit::entry(Some(&user), &ip, "system.intel_scan", "job", Some(run_id.to_string()), json!({}));
    let detail = json!({ "run_id": run_id });
    web::outbox::request_audited(&state, &entry, alerts::intel::REQUESTED, &detail).await?;
    Ok((StatusCode::ACCEPTED, Json(RunStarted { run_id })))
}
