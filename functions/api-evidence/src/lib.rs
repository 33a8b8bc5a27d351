//! Route group `/api/v1/tests/{id}/evidence`. Files go straight to S3 with a presigned PUT bound
//! to their size and SHA-256 (API Gateway could not carry 50 MB); `complete` then verifies the
//! object (size, then a SHA-256 of its bytes) before the metadata counts. Red evidence is
//! written by red roles while the red team executes, blue evidence by blue roles while the blue
//! team evaluates. Keys: `evidence/{test_id}/{red|blue}/{evidence_id}/{sanitised name}`.

use auth::CurrentUser;
use auth::guard::{require, roles};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use domain::checksum::Sha256;
use domain::lifecycle::evidence as evidence_rules;
use domain::validation::{Evidence, EvidenceStatus, MAX_EVIDENCE_BYTES, Side, Test, sanitise_filename};
use domain::{FieldError, Role};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Duration;
use store::objects;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::{ApiError, AppJson, AppPath, AppState};

/// Roles that upload evidence (each to its own side).
const WRITERS: &[Role] = &[Role::RedTech, Role::RedLead, Role::BlueTech, Role::BlueLead];
const UPLOAD_URL_SECS: u64 = 900;
const DOWNLOAD_URL_SECS: u64 = 300;

/// The routes with their OpenAPI description, unlayered (the local runner merges these).
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    let read = OpenApiRouter::new()
        .routes(routes!(list_evidence))
        .routes(routes!(download))
        .routes(routes!(delete_evidence))
        .route_layer(require(state, roles::ANY));
    let write = OpenApiRouter::new()
        .routes(routes!(request_upload))
        .routes(routes!(complete_upload))
        .route_layer(require(state, WRITERS));
    read.merge(write)
}

/// The deployable router: routes, state and the common layers.
pub fn router(state: AppState) -> axum::Router {
    let (router, _) = routes(&state).split_for_parts();
    let config = state.config.clone();
    web::layers::apply(router.with_state(state), &config)
}

async fn load(state: &AppState, id: Uuid) -> Result<Test, ApiError> {
    Ok(lifecycle::load(state, id).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadRequest {
    filename: String,
    size_bytes: u64,
    /// Hex SHA-256 of the file.
    sha256: String,
    /// `red` or `blue`; defaults to the caller's team.
    #[serde(default)]
    side: Option<Side>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UploadSlot {
    id: Uuid,
    /// PUT the file here, with exactly `headers`, within 15 minutes.
    upload_url: String,
    headers: BTreeMap<String, String>,
    expires_in: u64,
    evidence: Evidence,
}

/// Hands out an upload slot: a presigned PUT bound to the file's size and SHA-256.
#[utoipa::path(post, path = "/api/v1/tests/{id}/evidence", tag = "evidence", params(("id" = Uuid, Path)), request_body = UploadRequest,
    responses(
        (status = 201, body = UploadSlot),
        (status = 403, description = "Wrong team", body = web::error::Problem),
        (status = 409, description = "Wrong state", body = web::error::Problem),
        (status = 422, description = "Bad name, extension, size or checksum", body = web::error::Problem),
    ))]
pub async fn request_upload(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<Uuid>,
    AppJson(req): AppJson<UploadRequest>,
) -> Result<(StatusCode, Json<UploadSlot>), ApiError> {
    let mut errors = Vec::new();
    let filename = sanitise_filename(&req.filename).map_err(|e| errors.push(e)).ok();
    if req.size_bytes == 0 || req.size_bytes > MAX_EVIDENCE_BYTES {
        errors.push(FieldError::new(
            "size_bytes",
            "too_large",
            format!("1 byte to {} MB", MAX_EVIDENCE_BYTES / 1024 / 1024),
        ));
    }
    let digest = Sha256::parse("sha256", &req.sha256).map_err(|e| errors.push(e)).ok();
    let (Some(filename), Some(digest), true) = (filename, digest, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let test = load(&state, id).await?;
    let side = evidence_rules::upload_side(&test, req.side, &user.actor())?;
    let eid = Uuid::new_v4();
    let key = format!("evidence/{id}/{}/{eid}/{filename}", side.as_str());
    let ttl = Duration::from_secs(UPLOAD_URL_SECS);
    let presigned =
        objects::presign_put(&state.s3, &state.config.evidence_bucket, &key, req.size_bytes, &digest, ttl)
            .await?;
    let evidence = Evidence {
        id: eid,
        test_id: id,
        side,
        filename,
        size_bytes: req.size_bytes,
        sha256: digest.to_hex(),
        s3_key: key,
        status: EvidenceStatus::Pending,
        uploaded_by: user.username.clone(),
        uploaded_by_id: Some(user.id),
        uploaded_at: Utc::now(),
    };
    store::evidence::put_pending(&state.db, &evidence).await?;
    Ok((
        StatusCode::CREATED,
        Json(UploadSlot {
            id: eid,
            upload_url: presigned.url,
            headers: presigned.headers,
            expires_in: UPLOAD_URL_SECS,
            evidence,
        }),
    ))
}

async fn load_evidence(state: &AppState, id: Uuid, eid: Uuid) -> Result<Evidence, ApiError> {
    store::evidence::get(&state.db, id, eid)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no evidence {eid} on test {id}")))
}

/// Verifies the uploaded object (size, SHA-256 of its bytes) and records the evidence. A
/// mismatch deletes the object and is a 422; the slot can be requested again.
#[utoipa::path(post, path = "/api/v1/tests/{id}/evidence/{evidence_id}/complete", tag = "evidence",
    params(("id" = Uuid, Path), ("evidence_id" = Uuid, Path)),
    responses((status = 200, body = Evidence), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn complete_upload(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath((id, eid)): AppPath<(Uuid, Uuid)>,
) -> Result<Json<Evidence>, ApiError> {
    Ok(Json(lifecycle::complete_evidence(&state, &user.origin(&ip), id, eid).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceList {
    items: Vec<Evidence>,
}

/// The verified evidence of a test.
#[utoipa::path(get, path = "/api/v1/tests/{id}/evidence", tag = "evidence", params(("id" = Uuid, Path)),
    responses((status = 200, body = EvidenceList), (status = 404, body = web::error::Problem)))]
pub async fn list_evidence(
    State(state): State<AppState>,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<EvidenceList>, ApiError> {
    load(&state, id).await?;
    let mut items = store::evidence::list(&state.db, id).await?;
    items.sort_by_key(|e| e.uploaded_at);
    Ok(Json(EvidenceList { items }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DownloadLink {
    url: String,
    expires_in: u64,
}

/// A short-lived download URL.
#[utoipa::path(get, path = "/api/v1/tests/{id}/evidence/{evidence_id}/download", tag = "evidence",
    params(("id" = Uuid, Path), ("evidence_id" = Uuid, Path)),
    responses((status = 200, body = DownloadLink), (status = 404, body = web::error::Problem)))]
pub async fn download(
    State(state): State<AppState>,
    AppPath((id, eid)): AppPath<(Uuid, Uuid)>,
) -> Result<Json<DownloadLink>, ApiError> {
    let evidence = load_evidence(&state, id, eid).await?;
    if evidence.status != EvidenceStatus::Complete {
        return Err(ApiError::NotFound(format!("evidence {eid} is not uploaded yet")));
    }
    let ttl = Duration::from_secs(DOWNLOAD_URL_SECS);
    let url = objects::presign_download(
        &state.s3,
        &state.config.evidence_bucket,
        &evidence.s3_key,
        &evidence.filename,
        ttl,
    )
    .await?;
    Ok(Json(DownloadLink { url, expires_in: DOWNLOAD_URL_SECS }))
}

/// Deletes evidence: its uploader while their side is still working, an admin at any time;
/// audited. Once the side has submitted, the evidence is part of the record. The bucket is
/// versioned, so the object's last version is kept (as a non-current version) either way.
#[utoipa::path(delete, path = "/api/v1/tests/{id}/evidence/{evidence_id}", tag = "evidence",
    params(("id" = Uuid, Path), ("evidence_id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = web::error::Problem), (status = 404, body = web::error::Problem)))]
pub async fn delete_evidence(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath((id, eid)): AppPath<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    lifecycle::delete_evidence(&state, &user.origin(&ip), id, eid).await?;
    Ok(StatusCode::NO_CONTENT)
}
