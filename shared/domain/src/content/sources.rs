//! Data sources (`atomic-red-team`, `sigma`, ...) and their sync runs.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::sync::{RunStatus, Trigger};

/// The upstream projects Aegis imports from. The key is the source's id in the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKey {
    AtomicRedTeam,
    Sigma,
    Elastic,
    Caldera,
    Lolbas,
    Gtfobins,
    D3fend,
    #[serde(rename = "nist-800-53")]
    Nist80053,
}

/// What a source's content becomes once imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Offensive procedures: test templates.
    TestTemplates,
    /// Detection rules (Sigma, Elastic).
    DetectionRules,
    /// D3FEND countermeasures mapped to techniques.
    Countermeasures,
    /// A compliance framework mapped to techniques.
    ComplianceMapping,
}

impl SourceKey {
    pub const ALL: [SourceKey; 8] = [
        SourceKey::AtomicRedTeam,
        SourceKey::Sigma,
        SourceKey::Elastic,
        SourceKey::Caldera,
        SourceKey::Lolbas,
        SourceKey::Gtfobins,
        SourceKey::D3fend,
        SourceKey::Nist80053,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKey::AtomicRedTeam => "atomic-red-team",
            SourceKey::Sigma => "sigma",
            SourceKey::Elastic => "elastic",
            SourceKey::Caldera => "caldera",
            SourceKey::Lolbas => "lolbas",
            SourceKey::Gtfobins => "gtfobins",
            SourceKey::D3fend => "d3fend",
            SourceKey::Nist80053 => "nist-800-53",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SourceKey::AtomicRedTeam => "Atomic Red Team",
            SourceKey::Sigma => "Sigma rules",
            SourceKey::Elastic => "Elastic detection rules",
            SourceKey::Caldera => "MITRE CALDERA stockpile",
            SourceKey::Lolbas => "LOLBAS",
            SourceKey::Gtfobins => "GTFOBins",
            SourceKey::D3fend => "MITRE D3FEND",
            SourceKey::Nist80053 => "NIST SP 800-53 rev. 5 mapping",
        }
    }

    pub fn kind(self) -> SourceKind {
        match self {
            SourceKey::AtomicRedTeam | SourceKey::Caldera | SourceKey::Lolbas | SourceKey::Gtfobins => {
                SourceKind::TestTemplates
            }
            SourceKey::Sigma | SourceKey::Elastic => SourceKind::DetectionRules,
            SourceKey::D3fend => SourceKind::Countermeasures,
            SourceKey::Nist80053 => SourceKind::ComplianceMapping,
        }
    }

    /// The project's public archive (or raw file) the source syncs from unless configured
    /// otherwise (`SOURCE_URL_<KEY>`, e.g. `SOURCE_URL_ATOMIC_RED_TEAM`).
    pub fn default_url(self) -> &'static str {
        match self {
            SourceKey::AtomicRedTeam => {
                "https://github.com/redcanaryco/atomic-red-team/archive/refs/heads/master.tar.gz"
            }
            SourceKey::Sigma => "https://github.com/SigmaHQ/sigma/archive/refs/heads/master.tar.gz",
            SourceKey::Elastic => "https://github.com/elastic/detection-rules/archive/refs/heads/main.tar.gz",
            SourceKey::Caldera => "https://github.com/mitre/stockpile/archive/refs/heads/master.tar.gz",
            SourceKey::Lolbas => "https://github.com/LOLBAS-Project/LOLBAS/archive/refs/heads/master.tar.gz",
            SourceKey::Gtfobins => {
                "https://github.com/GTFOBins/GTFOBins.github.io/archive/refs/heads/master.tar.gz"
            }
            SourceKey::D3fend => "https://github.com/d3fend/d3fend-ontology/archive/refs/heads/master.tar.gz",
            SourceKey::Nist80053 => {
                "https://raw.githubusercontent.com/center-for-threat-informed-defense/mappings-explorer/main/mappings/nist_800_53/attack-16.1/nist_800_53-rev5/enterprise/nist_800_53-rev5_attack-16.1-enterprise.json"
            }
        }
    }

    /// The name of the setting that overrides [`Self::default_url`].
    pub fn url_setting(self) -> String {
        format!("SOURCE_URL_{}", self.as_str().replace('-', "_").to_ascii_uppercase())
    }

    pub fn lease_name(self) -> String {
        format!("source-sync#{}", self.as_str())
    }
}

impl std::fmt::Display for SourceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for SourceKey {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SourceKey::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown data source `{s}`"))
    }
}

/// How often a source syncs by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum SyncSchedule {
    /// Only when someone asks.
    Manual,
    Daily,
    #[default]
    Weekly,
    Monthly,
}

impl SyncSchedule {
    pub fn interval(self) -> Option<Duration> {
        match self {
            SyncSchedule::Manual => None,
            SyncSchedule::Daily => Some(Duration::days(1)),
            SyncSchedule::Weekly => Some(Duration::weeks(1)),
            SyncSchedule::Monthly => Some(Duration::days(30)),
        }
    }

    /// Whether a scheduled tick at `now` should sync a source last synced successfully at `last`.
    pub fn is_due(self, last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        match (self.interval(), last) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(every), Some(at)) => now - at >= every,
        }
    }
}

/// What one run changed. `removed` entries are retired, never deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SourceCounts {
    pub added: u32,
    pub updated: u32,
    pub removed: u32,
    pub unchanged: u32,
    /// Entries kept but flagged (e.g. a technique unknown to the catalog).
    #[serde(default)]
    pub flagged: u32,
    /// Files that could not be parsed (listed in `errors`).
    #[serde(default)]
    pub skipped: u32,
}

/// A file of the source that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SourceRunError {
    /// The entry inside the archive, or empty for the whole input.
    pub path: String,
    pub reason: String,
}

/// At most this many file errors are kept on a run (the count is in `counts.skipped`).
pub const MAX_RUN_ERRORS: usize = 100;

/// One sync or import of a data source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SourceRun {
    pub run_id: Uuid,
    pub source: SourceKey,
    pub trigger: Trigger,
    pub status: RunStatus,
    /// Where the content came from: the URL, or `upload:<file name>`.
    pub input: String,
    /// What the run is doing now (`queued`, `fetching`, `reading`, `writing`, `done`).
    pub stage: String,
    /// Entries parsed into records so far.
    #[serde(default)]
    pub records_read: u32,
    /// Records written so far (of `records_read`).
    #[serde(default)]
    pub records_written: u32,
    pub counts: SourceCounts,
    pub errors: Vec<SourceRunError>,
    /// Why the run failed as a whole (nothing written, or stopped part way).
    pub error: Option<String>,
    pub requested_by: Option<String>,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// A data source with its settings and its last run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DataSource {
    pub id: SourceKey,
    pub name: String,
    pub kind: SourceKind,
    /// Where it syncs from: http(s) or `file://`; an archive (zip, tar.gz) or one file.
    pub url: String,
    /// The URL from the deployment's configuration (what `url` returns to when reset).
    pub default_url: String,
    pub enabled: bool,
    pub schedule: SyncSchedule,
    pub last_run: Option<SourceRun>,
    /// When it last synced successfully (scheduled syncs are due from then).
    pub last_success_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<String>,
}

impl DataSource {
    /// A source as seeded on first start.
    pub fn seeded(key: SourceKey, url: String, now: DateTime<Utc>) -> Self {
        DataSource {
            id: key,
            name: key.name().into(),
            kind: key.kind(),
            default_url: url.clone(),
            url,
            enabled: true,
            schedule: SyncSchedule::Weekly,
            last_run: None,
            last_success_at: None,
            updated_at: now,
            updated_by: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_their_api_names() {
        for key in SourceKey::ALL {
            assert_eq!(key.as_str().parse::<SourceKey>(), Ok(key));
            assert_eq!(serde_json::to_value(key).unwrap(), serde_json::json!(key.as_str()));
        }
        assert_eq!(SourceKey::Nist80053.url_setting(), "SOURCE_URL_NIST_800_53");
        assert!("metasploit".parse::<SourceKey>().is_err());
    }

    #[test]
    fn a_schedule_is_due_once_its_interval_passed_since_the_last_success() {
        let now = Utc::now();
        assert!(SyncSchedule::Weekly.is_due(None, now));
        assert!(!SyncSchedule::Weekly.is_due(Some(now - Duration::days(6)), now));
        assert!(SyncSchedule::Weekly.is_due(Some(now - Duration::days(7)), now));
        assert!(!SyncSchedule::Manual.is_due(None, now));
        assert!(SyncSchedule::Daily.is_due(Some(now - Duration::hours(25)), now));
    }
}
