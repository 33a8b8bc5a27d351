//! Reassignment by leads: assignment binds (a tech acts only on tests assigned to them on their
//! side, `domain::validation::check_assignment`), so moving work between techs is the leads'
//! step, in any state before the verdict. A red lead assigns the red side, a blue lead the blue
//! side, an admin either (`domain::lifecycle`).

use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use domain::lifecycle::Command;
use domain::validation::Test;
use serde::Deserialize;
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
    let (red, blue) = lifecycle::assignees(&state, &req.assigned_red, &req.assigned_blue).await?;
    let command = Command::Assign { red, blue };
    crate::workflow::run(&state, &user, &ip, id, command).await
}
