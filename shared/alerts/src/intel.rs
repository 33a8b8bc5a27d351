//! Techniques tracked threat actors gained since the previous ATT&CK release. The intel scan
//! that records them runs after each sync; until it has run, nothing is known to be gained.

use domain::alerts::ActorGain;
use platform::AppState;
use store::StoreError;

/// The gains of tracked actors recorded by the latest intel scan, with today's coverage.
pub async fn gains(_state: &AppState) -> Result<Vec<ActorGain>, StoreError> {
    Ok(Vec::new())
}
