//! The alert-evaluation job: on each scheduled tick (hourly by default) or on an admin's request
//! (`AlertEvaluationRequested`, with the run id the API answered), every enabled rule is
//! evaluated once (see `alerts::run`, safe to deliver twice).

use chrono::{DateTime, Utc};
use platform::AppState;
use serde::Deserialize;
use uuid::Uuid;

/// `detail-type` of the schedule's event.
pub const SCHEDULED: &str = "Scheduled Event";

#[derive(Debug, Deserialize)]
struct Requested {
    run_id: Uuid,
}

/// Handles one event: the schedule's (a new run id) or a request (its run id).
pub async fn handle(
    state: &AppState,
    detail_type: &str,
    detail: &serde_json::Value,
    now: DateTime<Utc>,
) -> Result<alerts::Report, String> {
    let run_id = match detail_type {
        SCHEDULED => Uuid::new_v4(),
        alerts::REQUESTED => {
            serde_json::from_value::<Requested>(detail.clone())
                .map_err(|e| format!("bad request event: {e}"))?
                .run_id
        }
        other => return Err(format!("unexpected event `{other}`")),
    };
    alerts::run(state, run_id, now).await.map_err(|e| e.to_string())
}
