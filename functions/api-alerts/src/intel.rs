//! `GET /api/v1/intel/changes`: what the latest ATT&CK release changed for threat actors.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use web::{ApiError, AppQuery, AppState};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ChangesFilter {
    /// Only the actors the organisation tracks.
    #[serde(default)]
    tracked_only: bool,
}

/// Techniques each threat actor gained and lost in the latest release the intel scan saw, with
/// our coverage of each; tracked actors first, then by gains we do not cover.
#[utoipa::path(get, path = "/api/v1/intel/changes", tag = "alerts", params(ChangesFilter),
    responses((status = 200, body = alerts::intel::IntelChanges), (status = 400, body = web::error::Problem)))]
pub async fn changes(
    State(state): State<AppState>,
    AppQuery(f): AppQuery<ChangesFilter>,
) -> Result<Json<alerts::intel::IntelChanges>, ApiError> {
    Ok(Json(alerts::intel::view(&state, f.tracked_only).await?))
}
