//! Remediation steps on validated tests with a detection gap. The change that completes the
//! last step creates the automatic retest in the same transaction (`lifecycle::change_step`).

use crate::workflow::load;
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use domain::lifecycle::{NewStep, StepCommand, StepEdit};
use domain::validation::{RemediationStep, StepStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::{ApiError, AppJson, AppPath, AppState};

#[derive(Debug, Serialize, ToSchema)]
pub struct StepList {
    items: Vec<RemediationStep>,
}

/// The remediation steps of a test.
#[utoipa::path(get, path = "/api/v1/tests/{id}/remediation", tag = "remediation", params(("id" = Uuid, Path)),
    responses((status = 200, body = StepList), (status = 404, body = web::error::Problem)))]
pub async fn list_steps(
    State(state): State<AppState>,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<StepList>, ApiError> {
    load(&state, id).await?;
    let mut items = store::remediation::list(&state.db, id).await?;
    items.sort_by_key(|s| s.created_at);
    Ok(Json(StepList { items }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateStep {
    title: String,
    #[serde(default)]
    description: String,
    /// Username of the owner.
    owner: String,
    due_date: Option<NaiveDate>,
}

/// Adds a remediation step to a validated test with a gap (leads, admin).
#[utoipa::path(post, path = "/api/v1/tests/{id}/remediation", tag = "remediation", params(("id" = Uuid, Path)), request_body = CreateStep,
    responses((status = 201, body = RemediationStep), (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn create_step(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(req): AppJson<CreateStep>,
) -> Result<(StatusCode, Json<RemediationStep>), ApiError> {
    let new = NewStep {
        id: Uuid::new_v4(),
        title: req.title,
        description: req.description,
        owner: lifecycle::owner(&state, &req.owner).await?,
        due_date: req.due_date,
    };
    let step = lifecycle::change_step(&state, &user.origin(&ip), id, StepCommand::Create(new)).await?;
    Ok((StatusCode::CREATED, Json(step)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateStep {
    status: Option<StepStatus>,
    title: Option<String>,
    description: Option<String>,
    owner: Option<String>,
    due_date: Option<NaiveDate>,
}

/// Changes a step (its owner, leads, admin). When the last open step is done, the automatic
/// retest follows.
#[utoipa::path(patch, path = "/api/v1/tests/{id}/remediation/{step_id}", tag = "remediation",
    params(("id" = Uuid, Path), ("step_id" = Uuid, Path)), request_body = UpdateStep,
    responses((status = 200, body = RemediationStep), (status = 403, body = web::error::Problem), (status = 404, body = web::error::Problem)))]
pub async fn update_step(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath((id, step_id)): AppPath<(Uuid, Uuid)>,
    AppJson(req): AppJson<UpdateStep>,
) -> Result<Json<RemediationStep>, ApiError> {
    let owner = match &req.owner {
        Some(name) => Some(lifecycle::owner(&state, name).await?),
        None => None,
    };
    let edit = StepEdit {
        status: req.status,
        title: req.title,
        description: req.description,
        owner,
        due_date: req.due_date,
    };
    let command = StepCommand::Update { step_id, edit };
    Ok(Json(lifecycle::change_step(&state, &user.origin(&ip), id, command).await?))
}
