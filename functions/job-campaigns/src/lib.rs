//! The recurring-campaigns job: on each scheduled tick, every active campaign whose next run is
//! due gets it (see `campaigns::start_next_run`, safe to run twice).

use chrono::{DateTime, Utc};
use platform::AppState;
use serde::Serialize;

/// `detail-type` the job answers besides the schedule's.
pub const SCHEDULED: &str = "Scheduled Event";

#[derive(Debug, Default, Serialize)]
pub struct Tick {
    /// Campaigns whose next run started.
    pub started: Vec<String>,
    /// Campaigns whose run could not start, with why (the next tick tries again).
    pub failed: Vec<(String, String)>,
}

pub async fn tick(state: &AppState, now: DateTime<Utc>) -> Result<Tick, String> {
    let mut out = Tick::default();
    for c in campaigns::due(state, now).await.map_err(|e| e.to_string())? {
        match campaigns::start_next_run(state, c.id, now).await {
            Ok(Some(next)) => {
                tracing::info!(campaign = %c.id, run = next.run, "campaign run started");
                out.started.push(c.id.to_string());
            }
            Ok(None) => {}
            Err(e) => {
                tracing::error!(campaign = %c.id, error = %e, "campaign run could not start");
                out.failed.push((c.id.to_string(), e.to_string()));
            }
        }
    }
    Ok(out)
}
