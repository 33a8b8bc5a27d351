//! Threat intel: which techniques each threat actor gained or lost between two ATT&CK releases,
//! for the actors an organisation tracks. The scan keeps the actors' technique lists as of the
//! release it last saw (the baseline); when a sync brings a new release, the difference is the
//! release's changes and the new lists become the baseline.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use utoipa::ToSchema;

/// `detail-type` of a scan request: published by a successful ATT&CK sync and by
/// `POST /system/jobs/intel-scan`.
pub const SCAN_REQUESTED: &str = "IntelScanRequested";

/// Every actor's techniques as of one release.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub release: Option<String>,
    pub scanned_at: Option<DateTime<Utc>>,
    pub actors: BTreeMap<String, BTreeSet<String>>,
}

/// What one release changed for one actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ActorChange {
    /// `G0016`.
    pub actor: String,
    pub name: String,
    /// New to the actor in this release (an actor new to ATT&CK gained all its techniques).
    pub gained: Vec<String>,
    /// Attributed before, not any more.
    pub lost: Vec<String>,
}

/// The changes of the latest release the scan saw.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Changes {
    pub from_release: Option<String>,
    pub to_release: Option<String>,
    pub scanned_at: Option<DateTime<Utc>>,
    /// Actors whose techniques changed, in actor order.
    pub actors: Vec<ActorChange>,
}

/// The actors whose technique lists differ between `before` and `now` (`now` maps each actor
/// to its name and techniques). Actors gone from the release are not listed: they were revoked
/// or deprecated, which the catalog shows itself.
pub fn diff(before: &Baseline, now: &BTreeMap<String, (String, BTreeSet<String>)>) -> Vec<ActorChange> {
    let empty = BTreeSet::new();
    now.iter()
        .filter_map(|(actor, (name, techniques))| {
            let was = before.actors.get(actor).unwrap_or(&empty);
            let gained: Vec<String> = techniques.difference(was).cloned().collect();
            let lost: Vec<String> = was.difference(techniques).cloned().collect();
            (!gained.is_empty() || !lost.is_empty()).then(|| ActorChange {
                actor: actor.clone(),
                name: name.clone(),
                gained,
                lost,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: &[&str]) -> BTreeSet<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn gains_losses_and_new_actors_are_listed_and_unchanged_actors_are_not() {
        let before = Baseline {
            release: Some("17.1".into()),
            scanned_at: None,
            actors: [("G0001".into(), set(&["T1001", "T1004"])), ("G0002".into(), set(&["T1003"]))].into(),
        };
        let now: BTreeMap<String, (String, BTreeSet<String>)> = [
            ("G0001".to_owned(), ("APT1".to_owned(), set(&["T1001", "T1005", "T1005.001"]))),
            ("G0002".to_owned(), ("APT2".to_owned(), set(&["T1003"]))),
            ("G0003".to_owned(), ("New".to_owned(), set(&["T1059"]))),
        ]
        .into();
        let changes = diff(&before, &now);
        assert_eq!(
            changes,
            [
                ActorChange {
                    actor: "G0001".into(),
                    name: "APT1".into(),
                    gained: vec!["T1005".into(), "T1005.001".into()],
                    lost: vec!["T1004".into()],
                },
                ActorChange {
                    actor: "G0003".into(),
                    name: "New".into(),
                    gained: vec!["T1059".into()],
                    lost: vec![]
                },
            ]
        );
        assert!(
            diff(&Baseline { actors: before.actors.clone(), ..Default::default() }, &BTreeMap::new())
                .is_empty()
        );
    }
}
