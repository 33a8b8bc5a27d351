//! The team directory: who can be picked for work (assignees, step owners), for every signed-in
//! role, so no one types a username. Only what a picker shows: no e-mail, no account state.

use axum::Json;
use axum::extract::State;
use domain::Role;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use web::{ApiError, AppQuery, AppState};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DirectoryQuery {
    /// Only members of these roles (comma-separated, e.g. `red_tech,red_lead`).
    roles: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Member {
    id: domain::ids::UserId,
    username: String,
    full_name: Option<String>,
    role: Role,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Directory {
    /// Active users, by username.
    items: Vec<Member>,
}

/// Active users to pick from (optionally of some roles), by username.
#[utoipa::path(get, path = "/api/v1/users/directory", tag = "users", params(DirectoryQuery),
    responses((status = 200, body = Directory), (status = 400, body = web::error::Problem)))]
pub async fn directory(
    State(state): State<AppState>,
    AppQuery(q): AppQuery<DirectoryQuery>,
) -> Result<Json<Directory>, ApiError> {
    let roles: Option<Vec<Role>> = match q.roles.as_deref().filter(|r| !r.is_empty()) {
        None => None,
        Some(list) => Some(
            list.split(',')
                .map(|r| r.trim().parse::<Role>().map_err(|e| ApiError::BadRequest(e.to_string())))
                .collect::<Result<_, _>>()?,
        ),
    };
    let mut items = Vec::new();
    let mut page = store::PageRequest::first(500);
    loop {
        let p = store::users::list(&state.db, &page).await?;
        items.extend(
            p.items
                .into_iter()
                .filter(|u| u.is_active && roles.as_ref().is_none_or(|r| r.contains(&u.role)))
                .map(|u| Member {
                    id: u.id,
                    username: u.username.to_string(),
                    full_name: u.full_name,
                    role: u.role,
                }),
        );
        match p.next_cursor {
            Some(c) => page = store::PageRequest::new(Some(500), Some(c)),
            None => break,
        }
    }
    items.sort_by(|a, b| a.username.cmp(&b.username));
    Ok(Json(Directory { items }))
}
