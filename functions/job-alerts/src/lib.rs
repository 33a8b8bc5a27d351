//! The alert-evaluation job: on each scheduled tick (hourly by default) or on an admin's request
//! (`AlertEvaluationRequested`, with the run id the API answered), every enabled rule is
//! evaluated once (see `alerts::run`, safe to deliver twice). The same function runs the intel
//! scan (`IntelScanRequested`, after each ATT&CK sync and on an admin's request).

use chrono::{DateTime, Utc};
use platform::AppState;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `detail-type` of the schedule's event.
pub const SCHEDULED: &str = "Scheduled Event";

#[derive(Debug, Deserialize)]
struct Requested {
    run_id: Uuid,
}

/// What one invocation did.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Done {
    Evaluation(alerts::Report),
    IntelScan(alerts::intel::ScanReport),
}

fn run_id(detail: &serde_json::Value) -> Result<Uuid, String> {
    Ok(serde_json::from_value::<Requested>(detail.clone())
        .map_err(|e| format!("bad request event: {e}"))?
        .run_id)
}

/// Handles one event: the schedule's (a new run id) or a request (its run id).
pub async fn handle(
    state: &AppState,
    detail_type: &str,
    detail: &serde_json::Value,
    now: DateTime<Utc>,
) -> Result<Done, String> {
    match detail_type {
        SCHEDULED => alerts::run(state, Uuid::new_v4(), now).await.map(Done::Evaluation),
        alerts::REQUESTED => alerts::run(state, run_id(detail)?, now).await.map(Done::Evaluation),
        alerts::intel::REQUESTED => {
            alerts::intel::scan(state, run_id(detail)?, now).await.map(Done::IntelScan)
        }
        other => return Err(format!("unexpected event `{other}`")),
    }
    .map_err(|e| e.to_string())
}
