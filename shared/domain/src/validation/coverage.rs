//! A technique's coverage, from its tests or from the counters kept for it.

use super::*;

/// Per-technique coverage derived from its tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// The latest validated test was prevented or alerted on.
    Validated,
    /// The latest validated test was only logged.
    Partial,
    /// No validated test, or the latest one went undetected.
    NotCovered,
    /// No validated test yet, but one is under way.
    InProgress,
}
/// Coverage of a technique from its tests, by the rules in docs/DATA_MODEL.md.
pub fn coverage(tests: &[Test]) -> Coverage {
    let latest_validated =
        tests.iter().filter(|t| t.state == TestState::Validated).max_by_key(|t| t.validated_at);
    let open =
        tests.iter().filter(|t| !matches!(t.state, TestState::Rejected | TestState::Validated)).count();
    coverage_of(latest_validated.map(Test::detection), open as u64)
}

/// The coverage rule over what the counters keep: the latest validated test's detection decides;
/// without one, a test under way makes it `in_progress`.
pub fn coverage_of(latest_validated: Option<Detection>, open_tests: u64) -> Coverage {
    match latest_validated {
        Some(Detection::Prevented | Detection::Alerted) => Coverage::Validated,
        Some(Detection::Logged) => Coverage::Partial,
        Some(_) => Coverage::NotCovered,
        None if open_tests > 0 => Coverage::InProgress,
        None => Coverage::NotCovered,
    }
}
/// A technique's coverage, materialised from its tests, with the inputs of its score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TechniqueCoverage {
    pub attack_id: String,
    pub domain: String,
    pub status: Coverage,
    pub tests_total: u32,
    pub tests_validated: u32,
    /// Tests per workflow state (the counters the lifecycle keeps; dashboards sum these).
    #[serde(default)]
    pub tests_by_state: std::collections::BTreeMap<String, u32>,
    /// Best outcome of the latest validated test.
    #[serde(default)]
    pub latest_detection: Option<Detection>,
    #[serde(default)]
    pub latest_validated_at: Option<DateTime<Utc>>,
    /// Distinct alerts / rules that fired (alerted or prevented) in validated tests.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Distinct platforms of validated tests that were detected at least as logged.
    #[serde(default)]
    pub validated_platforms: Vec<String>,
    pub updated_at: DateTime<Utc>,
}

impl TechniqueCoverage {
    /// Derives coverage and score inputs from every test of the technique.
    pub fn from_tests(domain: &str, attack_id: &str, tests: &[Test], now: DateTime<Utc>) -> Self {
        let validated: Vec<&Test> = tests.iter().filter(|t| t.state == TestState::Validated).collect();
        let latest = validated.iter().max_by_key(|t| t.validated_at);
        let mut rules: Vec<String> = validated.iter().flat_map(|t| t.fired_rules()).collect();
        rules.sort();
        rules.dedup();
        let mut platforms: Vec<String> =
            validated.iter().filter_map(|t| t.detected_platform().map(str::to_owned)).collect();
        platforms.sort();
        platforms.dedup();
        Self {
            attack_id: attack_id.to_owned(),
            domain: domain.to_owned(),
            status: coverage(tests),
            tests_total: tests.len() as u32,
            tests_validated: validated.len() as u32,
            tests_by_state: TestState::ALL
                .iter()
                .map(|s| (s.as_str().to_owned(), tests.iter().filter(|t| t.state == *s).count() as u32))
                .filter(|(_, n)| *n > 0)
                .collect(),
            latest_detection: latest.map(|t| t.detection()),
            latest_validated_at: latest.and_then(|t| t.validated_at),
            rules,
            validated_platforms: platforms,
            updated_at: now,
        }
    }
}
