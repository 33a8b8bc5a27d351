//! Archives that reach a source other than by its URL: the safety check of a body upload, and
//! upload slots (a presigned PUT bound to size and SHA-256, as for evidence and ATT&CK bundles)
//! for archives larger than a request body may be.

use crate::sources::{RunStarted, refuse_if_running, source, source_key, start_run};
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use domain::FieldError;
use domain::checksum::Sha256;
use domain::content::{RuleOrigin, SourceKey, SourceKind, TemplateOrigin};
use domain::sync::{ImportUpload, MAX_IMPORT_BYTES, Trigger};
use domain::validation::sanitise_name_with;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Duration;
use store::{import_uploads, keys, objects};
use utoipa::ToSchema;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::{ApiError, AppJson, AppPath, AppState};

/// The file types a source accepts: archives of the upstream layout, or one file.
const EXTENSIONS: &[&str] = &["zip", "gz", "tgz", "tar", "json", "yml", "yaml", "toml", "ttl", "csv"];
const UPLOAD_URL_SECS: u64 = 3600;

pub(crate) fn check_filename(name: &str) -> Result<String, FieldError> {
    sanitise_name_with(name, EXTENSIONS)
}

/// Reads the archive as the run will (same limits, same paths) and refuses it now when it is
/// unsafe, so nothing is stored or started for it.
pub(crate) async fn check_archive(key: SourceKey, bytes: Vec<u8>, name: String) -> Result<(), ApiError> {
    let wanted: Box<dyn Fn(&str) -> bool + Send> = match key.kind() {
        SourceKind::TestTemplates => {
            let origin = TemplateOrigin::ALL
                .into_iter()
                .find(|o| o.source() == Some(key))
                .ok_or_else(|| not_importable(key))?;
            Box::new(move |p| content::wanted_path(origin, p))
        }
        SourceKind::DetectionRules => {
            let origin = RuleOrigin::ALL
                .into_iter()
                .find(|o| o.source() == Some(key))
                .ok_or_else(|| not_importable(key))?;
            Box::new(move |p| content::wanted_rule_path(origin, p))
        }
        SourceKind::Countermeasures => Box::new(content::d3fend::wanted_d3fend_path),
        // One Mappings Explorer JSON file (an archive's `.json` files are read, one expected).
        SourceKind::ComplianceMapping => Box::new(|p: &str| p.ends_with(".json")),
    };
    let checked = tokio::task::spawn_blocking(move || {
        content::read_text_files(&bytes, &name, &content::Limits::default(), &*wanted).map(|_| ())
    })
    .await
    .map_err(ApiError::internal)?;
    checked.map_err(|e| {
        let code = match e {
            content::ArchiveError::Refused { .. } => "unsafe_archive",
            content::ArchiveError::Invalid(_) => "invalid_archive",
        };
        ApiError::Validation(vec![FieldError::new("body", code, e.to_string())])
    })
}

fn not_importable(key: SourceKey) -> ApiError {
    ApiError::Validation(vec![FieldError::new(
        "source",
        "not_importable",
        format!("{key} content cannot be imported by this version of Aegis"),
    )])
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceUploadRequest {
    /// The file's name (`.zip`, `.tar.gz`, `.tgz`, `.tar`, or a single data file).
    #[schema(max_length = 200)]
    filename: String,
    #[schema(minimum = 1, maximum = 209715200)]
    size_bytes: u64,
    /// Hex SHA-256 of the file.
    #[schema(pattern = "^[0-9a-fA-F]{64}$")]
    sha256: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SourceUploadSlot {
    id: Uuid,
    /// PUT the file here, with exactly `headers`, within `expires_in` seconds.
    upload_url: String,
    headers: BTreeMap<String, String>,
    expires_in: u64,
}

/// Hands out an upload slot for a source's archive.
#[utoipa::path(post, path = "/api/v1/data-sources/{id}/uploads", tag = "data-sources", params(("id" = String, Path)),
    request_body = SourceUploadRequest,
    responses((status = 201, body = SourceUploadSlot), (status = 404, body = web::error::Problem),
        (status = 422, description = "Bad name, extension, size or checksum", body = web::error::Problem)))]
pub async fn request_upload(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<SourceUploadRequest>,
) -> Result<(StatusCode, Json<SourceUploadSlot>), ApiError> {
    let key = source_key(&id)?;
    let mut errors: Vec<FieldError> = Vec::new();
    let filename = check_filename(&req.filename).map_err(|e| errors.push(e)).ok();
    if req.size_bytes == 0 || req.size_bytes > MAX_IMPORT_BYTES {
        let limit = format!("1 byte to {} MB", MAX_IMPORT_BYTES / 1024 / 1024);
        errors.push(FieldError::new("size_bytes", "out_of_range", limit));
    }
    let digest = Sha256::parse("sha256", &req.sha256).map_err(|e| errors.push(e)).ok();
    let (Some(filename), Some(sha256), true) = (filename, digest, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    source(&state, key).await?;
    let slot_id = Uuid::new_v4();
    let s3_key = keys::source_upload_object_key(key, slot_id, &filename);
    let ttl = Duration::from_secs(UPLOAD_URL_SECS);
    let presigned =
        objects::presign_put(&state.s3, &state.config.evidence_bucket, &s3_key, req.size_bytes, &sha256, ttl)
            .await?;
    let slot = ImportUpload {
        id: slot_id,
        filename,
        size_bytes: req.size_bytes,
        sha256,
        s3_key,
        requested_by: user.username.clone(),
        created_at: Utc::now(),
        run_id: None,
    };
    import_uploads::put(&state.db, &slot).await?;
    let body = SourceUploadSlot {
        id: slot_id,
        upload_url: presigned.url,
        headers: presigned.headers,
        expires_in: UPLOAD_URL_SECS,
    };
    Ok((StatusCode::CREATED, Json(body)))
}

/// Verifies the uploaded archive (size, SHA-256) and starts its import; an unsafe archive ends
/// the run `failed` naming the entry, with nothing written.
#[utoipa::path(post, path = "/api/v1/data-sources/{id}/uploads/{upload_id}/complete", tag = "data-sources",
    params(("id" = String, Path), ("upload_id" = Uuid, Path)),
    responses((status = 202, body = RunStarted), (status = 404, body = web::error::Problem),
        (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn complete_upload(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath((id, upload_id)): AppPath<(String, Uuid)>,
) -> Result<(StatusCode, Json<RunStarted>), ApiError> {
    let key = source_key(&id)?;
    let slot = import_uploads::get(&state.db, upload_id)
        .await?
        // A slot of another source (or an ATT&CK bundle slot) is not this source's.
        .filter(|s| s.s3_key.starts_with(&format!("imports/sources/{key}/")))
        .ok_or_else(|| {
            ApiError::NotFound(format!("no upload slot {upload_id} for {key} (slots expire after a day)"))
        })?;
    if slot.run_id.is_some() {
        return Err(ApiError::Conflict("the upload was already imported".into()));
    }
    refuse_if_running(&state, key).await?;
    let bucket = &state.config.evidence_bucket;
    if let Err(refusal) =
        objects::verify(&state.s3, bucket, &slot.s3_key, slot.size_bytes, &slot.sha256).await?
    {
        let (code, message) = refusal.explain();
        return Err(ApiError::Validation(vec![FieldError::new("file", code, message)]));
    }
    // Claimed before the run starts: a second completion is a 409, not a second import.
    import_uploads::claim(&state.db, upload_id, Uuid::nil()).await?;
    let input = format!("upload:{}", slot.filename);
    let upload = Some((slot.s3_key.clone(), slot.filename.clone()));
    let run_id = start_run(&state, &user, &ip, key, Trigger::Upload, input, upload).await?;
    Ok((StatusCode::ACCEPTED, Json(RunStarted { run_id })))
}
