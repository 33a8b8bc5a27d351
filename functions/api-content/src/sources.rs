//! `/api/v1/data-sources` (admin): the sources with their settings and last run, syncing one or
//! all, run records, and importing an archive sent as the request body.

use auth::CurrentUser;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use chrono::Utc;
use content_sync::{REQUESTED, SyncRequest};
use domain::FieldError;
use domain::content::{DataSource, SourceKey, SourceRun, SyncSchedule};
use domain::sync::Trigger;
use serde::{Deserialize, Serialize};
use serde_json::json;
use store::{data_sources, sync_runs};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::events::{Envelope, publish};
use web::pagination::{ListResponse, PageParams};
use web::{ApiError, AppJson, AppPath, AppQuery, AppState};

#[derive(Debug, Serialize, ToSchema)]
pub struct SourceList {
    items: Vec<DataSource>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RunStarted {
    pub(crate) run_id: Uuid,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RunsStarted {
    run_ids: Vec<Uuid>,
}

pub(crate) fn source_key(raw: &str) -> Result<SourceKey, ApiError> {
    raw.parse().map_err(ApiError::NotFound)
}

/// Every source, created with the configured URLs on the first read of a new table (the
/// bootstrap seeds them at deploy time; this covers a table that predates them).
async fn all(state: &AppState) -> Result<Vec<DataSource>, ApiError> {
    let found = data_sources::all(&state.db).await?;
    if found.len() == SourceKey::ALL.len() {
        return Ok(found);
    }
    data_sources::seed(&state.db, &state.config.source_urls, Utc::now()).await?;
    Ok(data_sources::all(&state.db).await?)
}

pub(crate) async fn source(state: &AppState, key: SourceKey) -> Result<DataSource, ApiError> {
    if let Some(s) = data_sources::get(&state.db, key).await? {
        return Ok(s);
    }
    all(state)
        .await?
        .into_iter()
        .find(|s| s.id == key)
        .ok_or_else(|| ApiError::NotFound(format!("no data source {key}")))
}

/// The data sources: settings, last run and last success.
#[utoipa::path(get, path = "/api/v1/data-sources", tag = "data-sources",
    responses((status = 200, body = SourceList)))]
pub async fn list_sources(State(state): State<AppState>) -> Result<Json<SourceList>, ApiError> {
    Ok(Json(SourceList { items: all(&state).await? }))
}

/// One data source.
#[utoipa::path(get, path = "/api/v1/data-sources/{id}", tag = "data-sources",
    params(("id" = String, Path, description = "`atomic-red-team`, `sigma`, `elastic`, `caldera`, `lolbas`, `gtfobins`, `d3fend` or `nist-800-53`")),
    responses((status = 200, body = DataSource), (status = 404, body = web::error::Problem)))]
pub async fn get_source(
    State(state): State<AppState>,
    AppPath(id): AppPath<String>,
) -> Result<Json<DataSource>, ApiError> {
    Ok(Json(source(&state, source_key(&id)?).await?))
}

/// Changes to a source's settings; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceUpdate {
    /// http(s) or `file://` URL of the archive or file; `null` returns to the configured default.
    #[serde(default, deserialize_with = "serde_with_none::deserialize")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    url: Option<Option<String>>,
    enabled: Option<bool>,
    schedule: Option<SyncSchedule>,
}

/// `Some(None)` for an explicit `null`, `None` for an absent field.
mod serde_with_none {
    use serde::{Deserialize, Deserializer};
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
        Option::<String>::deserialize(d).map(Some)
    }
}

fn check_url(url: &str) -> Result<(), FieldError> {
    let ok_scheme = ["http://", "https://", "file://"].iter().any(|s| url.starts_with(s));
    if !ok_scheme || url.len() > 2000 || url.chars().any(char::is_whitespace) {
        return Err(FieldError::new(
            "url",
            "invalid_url",
            "an http://, https:// or file:// URL of at most 2000 characters",
        ));
    }
    Ok(())
}

/// Changes a source's URL, enabled flag or schedule (audited).
#[utoipa::path(patch, path = "/api/v1/data-sources/{id}", tag = "data-sources", params(("id" = String, Path)),
    request_body = SourceUpdate,
    responses((status = 200, body = DataSource), (status = 404, body = web::error::Problem),
        (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn update_source(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<SourceUpdate>,
) -> Result<Json<DataSource>, ApiError> {
    let before = source(&state, source_key(&id)?).await?;
    let mut after = before.clone();
    if let Some(url) = req.url {
        let url = url.map(|u| u.trim().to_owned()).unwrap_or_else(|| before.default_url.clone());
        check_url(&url).map_err(|e| ApiError::Validation(vec![e]))?;
        after.url = url;
    }
    if let Some(enabled) = req.enabled {
        after.enabled = enabled;
    }
    if let Some(schedule) = req.schedule {
        after.schedule = schedule;
    }
    if after == before {
        return Ok(Json(before));
    }
    after.updated_at = Utc::now();
    after.updated_by = Some(user.username.clone());
    let summary = json!({
        "url": [&before.url, &after.url], "enabled": [before.enabled, after.enabled],
        "schedule": [before.schedule, after.schedule],
    });
    let entry = auth::audit::entry(Some(&user), &ip, "data_source.update", "data_source", Some(id), summary);
    data_sources::put_settings(&state.db, &after, before.updated_at, &entry).await?;
    Ok(Json(after))
}

/// Refuses while a run of `key` holds its lease.
pub(crate) async fn refuse_if_running(state: &AppState, key: SourceKey) -> Result<(), ApiError> {
    if let Some(holder) = sync_runs::lease_holder(&state.db, &key.lease_name()).await? {
        return Err(ApiError::Conflict(format!("{key} is already syncing (run {holder})")));
    }
    Ok(())
}

/// Records a run, hands it to the job and returns its id.
pub(crate) async fn start_run(
    state: &AppState,
    user: &CurrentUser,
    ip: &ClientIp,
    key: SourceKey,
    trigger: Trigger,
    input: String,
    upload: Option<(String, String)>,
) -> Result<Uuid, ApiError> {
    let action = if upload.is_some() { "data_source.import" } else { "data_source.sync" };
    let summary = json!({ "source": key, "input": input });
    let audit =
        |run: Uuid| auth::audit::entry(Some(user), ip, action, "source_run", Some(run.to_string()), summary);
    let mut run =
        content_sync::start(state, key, trigger, input, Some(user.username.clone()), Some(audit)).await?;
    let (upload_key, filename) = upload.unzip();
    let request = SyncRequest { run_id: run.run_id, source: key, upload_key, filename };
    if let Err(e) = publish(state, &Envelope::new(REQUESTED, request)).await {
        content_sync::run::fail_undispatched(state, &mut run).await?;
        return Err(ApiError::internal(e));
    }
    Ok(run.run_id)
}

/// Syncs a source from its URL now; follow the run at `/data-sources/runs/{run_id}`.
#[utoipa::path(post, path = "/api/v1/data-sources/{id}/sync", tag = "data-sources", params(("id" = String, Path)),
    responses((status = 202, body = RunStarted), (status = 404, body = web::error::Problem),
        (status = 409, description = "The source is syncing", body = web::error::Problem)))]
pub async fn sync_source(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<String>,
) -> Result<(StatusCode, Json<RunStarted>), ApiError> {
    let source = source(&state, source_key(&id)?).await?;
    refuse_if_running(&state, source.id).await?;
    let run_id = start_run(&state, &user, &ip, source.id, Trigger::Manual, source.url.clone(), None).await?;
    Ok((StatusCode::ACCEPTED, Json(RunStarted { run_id })))
}

/// Syncs every enabled source that is not syncing already, each in a run of its own.
#[utoipa::path(post, path = "/api/v1/data-sources/sync-all", tag = "data-sources",
    responses((status = 202, body = RunsStarted)))]
pub async fn sync_all(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
) -> Result<(StatusCode, Json<RunsStarted>), ApiError> {
    let mut run_ids = Vec::new();
    for source in all(&state).await?.into_iter().filter(|s| s.enabled) {
        if sync_runs::lease_holder(&state.db, &source.id.lease_name()).await?.is_some() {
            continue;
        }
        run_ids
            .push(start_run(&state, &user, &ip, source.id, Trigger::Manual, source.url.clone(), None).await?);
    }
    Ok((StatusCode::ACCEPTED, Json(RunsStarted { run_ids })))
}

/// A source's runs, newest first.
#[utoipa::path(get, path = "/api/v1/data-sources/{id}/runs", tag = "data-sources",
    params(("id" = String, Path), PageParams),
    responses((status = 200, body = ListResponse<SourceRun>), (status = 404, body = web::error::Problem)))]
pub async fn list_runs(
    State(state): State<AppState>,
    AppPath(id): AppPath<String>,
    AppQuery(params): AppQuery<PageParams>,
) -> Result<Json<ListResponse<SourceRun>>, ApiError> {
    let key = source_key(&id)?;
    let page = data_sources::list_runs(&state.db, key, &params.page()?).await?;
    Ok(Json(ListResponse::from_page(page, |r| r)))
}

/// One run: stage and progress while it runs, then counts, skipped files and the error.
#[utoipa::path(get, path = "/api/v1/data-sources/runs/{run_id}", tag = "data-sources", params(("run_id" = Uuid, Path)),
    responses((status = 200, body = SourceRun), (status = 404, body = web::error::Problem)))]
pub async fn get_run(
    State(state): State<AppState>,
    AppPath(run_id): AppPath<Uuid>,
) -> Result<Json<SourceRun>, ApiError> {
    let run = data_sources::get_run(&state.db, run_id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no source run {run_id}")))?;
    Ok(Json(run))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    /// The file's name: `.zip`, `.tar.gz`, `.tgz`, `.tar`, or a single `.json` / `.yml` /
    /// `.yaml` / `.toml` / `.ttl` / `.csv` file.
    filename: String,
}

/// Imports an archive (or single file) sent as the body (up to 5 MB; larger files through
/// `POST /data-sources/{id}/uploads`). It is checked for safety before the run starts, so a
/// refused archive is a 422 naming the entry and nothing is written.
#[utoipa::path(post, path = "/api/v1/data-sources/{id}/import", tag = "data-sources",
    params(("id" = String, Path), ImportParams),
    request_body(content = Vec<u8>, description = "The archive", content_type = "application/octet-stream"),
    responses((status = 202, body = RunStarted), (status = 404, body = web::error::Problem),
        (status = 409, body = web::error::Problem), (status = 413, body = web::error::Problem),
        (status = 422, body = web::error::Problem)))]
pub async fn import_archive(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<String>,
    AppQuery(params): AppQuery<ImportParams>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<RunStarted>), ApiError> {
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        _ => ApiError::BadRequest(rejection.body_text()),
    })?;
    let key = source_key(&id)?;
    let filename =
        crate::uploads::check_filename(&params.filename).map_err(|e| ApiError::Validation(vec![e]))?;
    if body.is_empty() {
        return Err(ApiError::Validation(vec![FieldError::new(
            "body",
            "required",
            "send the archive as the body",
        )]));
    }
    source(&state, key).await?;
    crate::uploads::check_archive(key, body.to_vec(), filename.clone()).await?;
    refuse_if_running(&state, key).await?;
    let object = store::keys::source_upload_object_key(key, Uuid::new_v4(), &filename);
    let bucket = &state.config.evidence_bucket;
    store::objects::put_file(&state.s3, bucket, &object, "application/octet-stream", body).await?;
    let input = format!("upload:{filename}");
    let run_id = start_run(&state, &user, &ip, key, Trigger::Upload, input, Some((object, filename))).await?;
    Ok((StatusCode::ACCEPTED, Json(RunStarted { run_id })))
}
