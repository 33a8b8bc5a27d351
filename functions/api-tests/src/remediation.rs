//! Remediation steps on validated tests with a detection gap. When every step is done, a
//! `RemediationChanged` event lets the consumer create the automatic retest.

use crate::workflow::{EVENT_REMEDIATION, load};
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use domain::events::RemediationChanged;
use domain::validation::{RemediationStep, StepStatus};
use domain::{FieldError, Role};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::events::{DomainEvent, publish};
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
    let test = load(&state, id).await?;
    if !test.has_gap() {
        return Err(ApiError::Conflict(
            "remediation applies to validated tests that were not fully detected".into(),
        ));
    }
    let mut errors = Vec::new();
    domain::validation::check_text("title", &req.title, 200, true, &mut errors);
    domain::validation::check_text("description", &req.description, 20_000, false, &mut errors);
    match store::users::get_by_username(&state.db, &req.owner).await? {
        Some(u) if u.is_active => {}
        _ => errors.push(FieldError::new("owner", "unknown", format!("no active user {}", req.owner))),
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = Utc::now();
    let step = RemediationStep {
        id: Uuid::new_v4(),
        test_id: id,
        title: req.title.trim().to_owned(),
        description: req.description,
        owner: req.owner,
        due_date: req.due_date,
        status: StepStatus::Open,
        created_by: user.username.clone(),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let audit = auth::audit::entry(
        Some(&user),
        &ip,
        "remediation.create",
        "test",
        Some(id.to_string()),
        json!({ "step": step.title, "owner": step.owner }),
    );
    store::remediation::put(&state.db, &step, None, &audit).await?;
    notify(&state, &step, &user, false).await;
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
    for _ in 0..10 {
        let steps = store::remediation::list(&state.db, id).await?;
        let Some(current) = steps.iter().find(|s| s.id == step_id).cloned() else {
            return Err(ApiError::NotFound(format!("no remediation step {step_id} on test {id}")));
        };
        let lead = user.role.is_allowed(&[Role::RedLead, Role::BlueLead]);
        if !lead && current.owner != user.username {
            return Err(ApiError::Forbidden("only the step's owner, leads and admins may change it".into()));
        }
        let mut next = current.clone();
        if let Some(s) = req.status {
            next.status = s;
        }
        if let Some(t) = &req.title {
            next.title = t.trim().to_owned();
        }
        if let Some(d) = &req.description {
            next.description = d.clone();
        }
        if let Some(o) = &req.owner {
            if !lead {
                return Err(ApiError::Forbidden("only leads and admins reassign steps".into()));
            }
            next.owner = o.clone();
        }
        if req.due_date.is_some() {
            next.due_date = req.due_date;
        }
        let mut errors = Vec::new();
        domain::validation::check_text("title", &next.title, 200, true, &mut errors);
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        next.version += 1;
        next.updated_at = Utc::now();
        let audit = auth::audit::entry(
            Some(&user),
            &ip,
            "remediation.update",
            "test",
            Some(id.to_string()),
            json!({ "step": next.title, "status": next.status }),
        );
        match store::remediation::put(&state.db, &next, Some(current.version), &audit).await {
            Ok(()) => {
                // Decided on a read after this write: when two owners finish the last two steps
                // at once, at least the later one sees both done (the list read before the write
                // would show each the other's step open). Both may see it; the consumer's
                // retest id is the same for both, so exactly one retest follows.
                let completed = next.status == StepStatus::Done && current.status != StepStatus::Done;
                let all_done = completed
                    && store::remediation::list(&state.db, id)
                        .await?
                        .iter()
                        .all(|s| s.status == StepStatus::Done);
                notify(&state, &next, &user, all_done).await;
                return Ok(Json(next));
            }
            Err(store::StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::Conflict("the step is changing too fast; try again".into()))
}

async fn notify(state: &AppState, step: &RemediationStep, user: &CurrentUser, all_done: bool) {
    let event = RemediationChanged {
        test_id: step.test_id,
        step_id: step.id,
        step_version: step.version,
        status: step.status,
        all_done,
        actor: user.username.clone(),
    };
    if let Err(e) = publish(state, DomainEvent::new(EVENT_REMEDIATION, event)).await {
        tracing::error!(error = %e, test_id = %step.test_id, "publishing the remediation change failed");
    }
}
