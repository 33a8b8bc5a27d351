//! Reassignment by leads: assignment binds (a tech acts only on tests assigned to them on their
//! side, `domain::validation::check_assignment`), so moving work between techs is the leads'
//! step, in any state before the verdict. A red lead assigns the red side, a blue lead the blue
//! side, an admin either.

use crate::tests::check_assignees;
use crate::workflow::load;
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use chrono::Utc;
use domain::validation::{HistoryEntry, Test, TestState};
use domain::{FieldError, Role};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::{ApiError, AppJson, AppPath, AppState};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    /// Username of the red tech (or red lead) to assign; absent leaves the red side as it is.
    #[schema(max_length = 64)]
    assigned_red: Option<String>,
    /// Username of the blue tech (or blue lead) to assign.
    #[schema(max_length = 64)]
    assigned_blue: Option<String>,
}

/// Reassigns a test's red and/or blue side (leads of that side, admin), until it is validated.
#[utoipa::path(post, path = "/api/v1/tests/{id}/assign", tag = "tests", params(("id" = Uuid, Path)), request_body = AssignRequest,
    responses((status = 200, body = Test), (status = 403, body = web::error::Problem), (status = 404, body = web::error::Problem),
        (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn assign(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(req): AppJson<AssignRequest>,
) -> Result<Json<Test>, ApiError> {
    let may = |side_lead: Role| user.role == side_lead || user.role == Role::Admin;
    if (req.assigned_red.is_some() && !may(Role::RedLead))
        || (req.assigned_blue.is_some() && !may(Role::BlueLead))
    {
        return Err(ApiError::Forbidden("each side is assigned by its own lead (or an admin)".into()));
    }
    let mut errors = Vec::new();
    if req.assigned_red.is_none() && req.assigned_blue.is_none() {
        errors.push(FieldError::new("assigned_red", "required", "name a red or a blue assignee"));
    }
    check_assignees(&state, &req.assigned_red, &req.assigned_blue, &mut errors).await?;
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    for _ in 0..10 {
        let current = load(&state, id).await?;
        if current.state == TestState::Validated {
            return Err(ApiError::Conflict("a validated test is not reassigned".into()));
        }
        let mut next = current.clone();
        next.assign(&req.assigned_red, &req.assigned_blue);
        next.version += 1;
        next.updated_at = Utc::now();
        let summary = json!({
            "assigned_red": { "from": current.assigned_red, "to": next.assigned_red },
            "assigned_blue": { "from": current.assigned_blue, "to": next.assigned_blue },
        });
        let history = HistoryEntry {
            id: Uuid::new_v4(),
            test_id: id,
            at: next.updated_at,
            actor: user.username.clone(),
            action: "assign".into(),
            from: Some(current.state),
            to: Some(current.state),
            comment: None,
        };
        let audit =
            auth::audit::entry(Some(&user), &ip, "test.assign", "test", Some(id.to_string()), summary);
        match store::validation::save(&state.db, &current, &next, Some(&history), &audit).await {
            Ok(()) => return Ok(Json(next)),
            Err(store::StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::Conflict("the test is changing too fast; try again".into()))
}
