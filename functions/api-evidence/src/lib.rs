//! Route group `/api/v1/tests/{id}/evidence`. Files go straight to S3 with a presigned PUT bound
//! to their size and SHA-256 (API Gateway could not carry 50 MB); `complete` then verifies the
//! object (size, then a SHA-256 of its bytes) before the metadata counts. Red evidence is
//! written by red roles while the red team executes, blue evidence by blue roles while the blue
//! team evaluates. Keys: `evidence/{test_id}/{red|blue}/{evidence_id}/{sanitised name}`.

use auth::CurrentUser;
use auth::guard::{require, roles};
use aws_sdk_s3::presigning::PresigningConfig;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use domain::checksum::Sha256;
use domain::validation::{
    Evidence, EvidenceStatus, MAX_EVIDENCE_BYTES, Side, Test, TestState, sanitise_filename,
};
use domain::{FieldError, Role};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;
use store::objects;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::events::{DomainEvent, publish};
use web::{ApiError, AppJson, AppPath, AppState};

/// Roles that upload evidence (each to its own side).
const WRITERS: &[Role] = &[Role::RedTech, Role::RedLead, Role::BlueTech, Role::BlueLead];
const UPLOAD_URL_SECS: u64 = 900;
const DOWNLOAD_URL_SECS: u64 = 300;
use domain::events::EVIDENCE_UPLOADED as EVENT_EVIDENCE;

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
    store::validation::get(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("test {id} not found")))
}

/// The side the caller writes to, and the state that side requires.
fn side_for(role: Role, asked: Option<Side>, state: TestState) -> Result<Side, ApiError> {
    let own = match role {
        Role::RedTech | Role::RedLead => Some(Side::Red),
        Role::BlueTech | Role::BlueLead => Some(Side::Blue),
        _ => None, // admin: any side
    };
    let side = match (own, asked) {
        (Some(own), Some(asked)) if own != asked => {
            return Err(ApiError::Forbidden(format!("{role} may only add {} evidence", own.as_str())));
        }
        (Some(own), _) => own,
        (None, Some(asked)) => asked,
        (None, None) => match state {
            TestState::BlueEvaluating => Side::Blue,
            _ => Side::Red,
        },
    };
    let needed = match side {
        Side::Red => TestState::RedExecuting,
        Side::Blue => TestState::BlueEvaluating,
    };
    if state != needed {
        return Err(ApiError::Conflict(format!(
            "{} evidence is added while the test is {}; it is {}",
            side.as_str(),
            needed.as_str(),
            state.as_str()
        )));
    }
    Ok(side)
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
    let side = side_for(user.role, req.side, test.state)?;
    domain::validation::check_assignment(side, user.role, &user.username, &test)
        .map_err(|r| ApiError::Forbidden(r.to_string()))?;
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
    let mut evidence = load_evidence(&state, id, eid).await?;
    if evidence.uploaded_by != user.username && user.role != Role::Admin {
        return Err(ApiError::Forbidden("only the uploader completes an upload".into()));
    }
    if evidence.status == EvidenceStatus::Complete {
        return Err(ApiError::Conflict("the upload is already complete".into()));
    }
    let declared = Sha256::parse("sha256", &evidence.sha256).map_err(|e| ApiError::internal(e.message))?;
    let bucket = &state.config.evidence_bucket;
    // The side may have submitted while the file was uploading: then it is too late to add it.
    let test = load(&state, id).await?;
    if test.state != evidence.side.working_state() {
        let _ = state.s3.delete_object().bucket(bucket).key(&evidence.s3_key).send().await;
        return Err(ApiError::Conflict(format!(
            "{} evidence is added while the test is {}; it is {} now",
            evidence.side.as_str(),
            evidence.side.working_state().as_str(),
            test.state.as_str()
        )));
    }
    if let Err(refusal) =
        objects::verify(&state.s3, bucket, &evidence.s3_key, evidence.size_bytes, &declared).await?
    {
        let (code, message) = refusal.explain();
        return Err(ApiError::Validation(vec![FieldError::new("file", code, message)]));
    }
    let audit = auth::audit::entry(
        Some(&user),
        &ip,
        "evidence.upload",
        "test",
        Some(id.to_string()),
        json!({ "evidence_id": eid, "filename": evidence.filename, "side": evidence.side, "size_bytes": evidence.size_bytes, "sha256": evidence.sha256 }),
    );
    store::evidence::complete(&state.db, id, eid, &audit).await?;
    evidence.status = EvidenceStatus::Complete;
    let event = json!({ "test_id": id, "evidence_id": eid, "side": evidence.side, "filename": evidence.filename, "actor": user.username });
    if let Err(e) = publish(&state, DomainEvent::new(EVENT_EVIDENCE, event)).await {
        tracing::error!(error = %e, "publishing the evidence upload failed");
    }
    Ok(Json(evidence))
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
    let presigned = state
        .s3
        .get_object()
        .bucket(&state.config.evidence_bucket)
        .key(&evidence.s3_key)
        .response_content_disposition(format!("attachment; filename=\"{}\"", evidence.filename))
        .presigned(
            PresigningConfig::expires_in(Duration::from_secs(DOWNLOAD_URL_SECS))
                .map_err(ApiError::internal)?,
        )
        .await
        .map_err(ApiError::internal)?;
    Ok(Json(DownloadLink { url: presigned.uri().to_owned(), expires_in: DOWNLOAD_URL_SECS }))
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
    let evidence = load_evidence(&state, id, eid).await?;
    if evidence.uploaded_by != user.username && user.role != Role::Admin {
        return Err(ApiError::Forbidden("only the uploader or an admin deletes evidence".into()));
    }
    let test = load(&state, id).await?;
    if user.role != Role::Admin && evidence.side.has_submitted(test.state) {
        return Err(ApiError::Conflict(format!(
            "the {} team has submitted: its evidence is part of the record (an admin may remove it)",
            evidence.side.as_str()
        )));
    }
    let audit = auth::audit::entry(
        Some(&user),
        &ip,
        "evidence.delete",
        "test",
        Some(id.to_string()),
        json!({ "evidence_id": eid, "filename": evidence.filename, "side": evidence.side }),
    );
    store::evidence::delete(&state.db, id, eid, &audit).await?;
    // The object goes after the commit. The bucket is versioned: this adds a delete marker and
    // keeps the last version as non-current (expired by the bucket's lifecycle rule).
    if let Err(e) =
        state.s3.delete_object().bucket(&state.config.evidence_bucket).key(&evidence.s3_key).send().await
    {
        tracing::error!(error = %e, key = %evidence.s3_key, "removing the evidence object failed");
    }
    Ok(StatusCode::NO_CONTENT)
}
