//! Import uploads through S3: bundles too large for a request body (Lambda takes 6 MB, the
//! Enterprise bundle is 45 MB, 8.6 MB gzipped) go to a presigned PUT bound to their size and
//! SHA-256, the same flow as evidence. `complete` verifies the object and starts the import
//! from it. The direct body upload (`POST /system/import`) stays for files up to 5 MB.

use crate::{RunStarted, dispatch, refuse_if_running};
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use domain::FieldError;
use domain::checksum::Sha256;
use domain::sync::{IMPORT_EXTENSIONS, ImportUpload, MAX_IMPORT_BYTES, Trigger};
use domain::validation::sanitise_name_with;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;
use store::{import_uploads, keys, objects};
use utoipa::ToSchema;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::{ApiError, AppJson, AppPath, AppState};

const UPLOAD_URL_SECS: u64 = 3600;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportUploadRequest {
    /// The file's name: `.json`, or gzipped `.json.gz` / `.gz`.
    #[schema(max_length = 200)]
    filename: String,
    #[schema(minimum = 1, maximum = 209715200)]
    size_bytes: u64,
    /// Hex SHA-256 of the file.
    #[schema(pattern = "^[0-9a-fA-F]{64}$")]
    sha256: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportUploadSlot {
    id: Uuid,
    /// PUT the file here, with exactly `headers`, within `expires_in` seconds.
    upload_url: String,
    headers: BTreeMap<String, String>,
    expires_in: u64,
}

/// Hands out an upload slot for an ATT&CK bundle: a presigned PUT bound to size and SHA-256.
#[utoipa::path(post, path = "/api/v1/system/uploads", tag = "system", request_body = ImportUploadRequest,
    responses(
        (status = 201, body = ImportUploadSlot),
        (status = 422, description = "Bad name, extension, size or checksum", body = web::error::Problem),
    ))]
pub async fn request_import_upload(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(req): AppJson<ImportUploadRequest>,
) -> Result<(StatusCode, Json<ImportUploadSlot>), ApiError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let filename = sanitise_name_with(&req.filename, IMPORT_EXTENSIONS).map_err(|e| errors.push(e)).ok();
    if req.size_bytes == 0 || req.size_bytes > MAX_IMPORT_BYTES {
        let limit = format!("1 byte to {} MB", MAX_IMPORT_BYTES / 1024 / 1024);
        errors.push(FieldError::new("size_bytes", "out_of_range", limit));
    }
    let digest = Sha256::parse("sha256", &req.sha256).map_err(|e| errors.push(e)).ok();
    let (Some(filename), Some(sha256), true) = (filename, digest, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let id = Uuid::new_v4();
    let s3_key = keys::import_object_key(id, &filename);
    let ttl = Duration::from_secs(UPLOAD_URL_SECS);
    let presigned =
        objects::presign_put(&state.s3, &state.config.evidence_bucket, &s3_key, req.size_bytes, &sha256, ttl)
            .await?;
    let slot = ImportUpload {
        id,
        filename,
        size_bytes: req.size_bytes,
        sha256,
        s3_key,
        requested_by: user.username.clone(),
        created_at: Utc::now(),
        run_id: None,
    };
    import_uploads::put(&state.db, &slot).await?;
    let body = ImportUploadSlot {
        id,
        upload_url: presigned.url,
        headers: presigned.headers,
        expires_in: UPLOAD_URL_SECS,
    };
    Ok((StatusCode::CREATED, Json(body)))
}

/// Verifies the uploaded bundle (size, SHA-256 of its bytes) and starts its import; the run
/// reads the object from S3. A mismatch deletes the object and is a 422.
#[utoipa::path(post, path = "/api/v1/system/uploads/{id}/complete", tag = "system", params(("id" = Uuid, Path)),
    responses(
        (status = 202, body = RunStarted),
        (status = 404, description = "No such slot, or it expired", body = web::error::Problem),
        (status = 409, description = "Already imported, or a sync is running", body = web::error::Problem),
        (status = 422, description = "Missing file, wrong size or checksum", body = web::error::Problem),
    ))]
pub async fn complete_import_upload(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<(StatusCode, Json<RunStarted>), ApiError> {
    let slot = import_uploads::get(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no upload slot {id} (slots expire after a day)")))?;
    if slot.run_id.is_some() {
        return Err(ApiError::Conflict("the upload was already imported".into()));
    }
    refuse_if_running(&state).await?;
    let bucket = &state.config.evidence_bucket;
    if let Err(refusal) =
        objects::verify(&state.s3, bucket, &slot.s3_key, slot.size_bytes, &slot.sha256).await?
    {
        let (code, message) = refusal.explain();
        return Err(ApiError::Validation(vec![FieldError::new("file", code, message)]));
    }
    let summary = json!({ "upload_id": id, "filename": slot.filename, "bytes": slot.size_bytes, "sha256": slot.sha256 });
    let audit = |run: Uuid| {
        auth::audit::entry(Some(&user), &ip, "system.import", "sync_run", Some(run.to_string()), summary)
    };
    let mut run =
        attack_sync::start_audited(&state, Trigger::Upload, Some(user.username.clone()), Some(audit)).await?;
    import_uploads::claim(&state.db, id, run.run_id).await?;
    dispatch(&state, &mut run, Some(slot.s3_key.clone())).await?;
    Ok((StatusCode::ACCEPTED, Json(RunStarted { run_id: run.run_id })))
}
