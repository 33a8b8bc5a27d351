//! The rows of the test reports and their CSV columns.

use chrono::{DateTime, Utc};
use coverage::matrix::status_name;
use domain::validation::{Coverage, Detection, RemediationStep, Severity, Test, TestState};
use serde::Serialize;
use utoipa::ToSchema;

/// One test in the test-results report.
#[derive(Debug, Serialize, ToSchema)]
pub struct TestResult {
    pub id: uuid::Uuid,
    pub title: String,
    pub technique_id: String,
    pub technique_name: String,
    pub state: TestState,
    pub severity: Severity,
    pub platform: Option<String>,
    pub executed: Option<bool>,
    pub succeeded: Option<bool>,
    pub detection: Option<Detection>,
    pub alerts: Vec<String>,
    pub time_to_detect_secs: Option<i64>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub validated_at: Option<DateTime<Utc>>,
}

impl TestResult {
    pub const HEADER: [&'static str; 15] = [
        "id",
        "title",
        "technique_id",
        "technique_name",
        "state",
        "severity",
        "platform",
        "executed",
        "succeeded",
        "detection",
        "alerts",
        "time_to_detect_secs",
        "created_by",
        "created_at",
        "validated_at",
    ];

    pub fn of(t: Test) -> Self {
        TestResult {
            detection: t.blue.as_ref().map(|b| b.best()),
            alerts: t
                .blue
                .iter()
                .flat_map(|b| b.outcomes.iter())
                .filter_map(|o| o.alert_name.clone())
                .collect(),
            time_to_detect_secs: t.time_to_detect_secs(),
            executed: t.red.as_ref().map(|r| r.executed),
            succeeded: t.red.as_ref().map(|r| r.succeeded),
            id: t.id,
            title: t.title,
            technique_id: t.technique_id,
            technique_name: t.technique_name,
            state: t.state,
            severity: t.severity,
            platform: t.platform,
            created_by: t.created_by,
            created_at: t.created_at,
            validated_at: t.validated_at,
        }
    }

    pub fn cells(&self) -> Vec<String> {
        let opt = |b: Option<bool>| b.map(|b| b.to_string()).unwrap_or_default();
        vec![
            self.id.to_string(),
            self.title.clone(),
            self.technique_id.clone(),
            self.technique_name.clone(),
            self.state.as_str().into(),
            wire_name(self.severity),
            self.platform.clone().unwrap_or_default(),
            opt(self.executed),
            opt(self.succeeded),
            self.detection.map(wire_name).unwrap_or_default(),
            self.alerts.join("; "),
            self.time_to_detect_secs.map(|s| s.to_string()).unwrap_or_default(),
            self.created_by.clone(),
            self.created_at.to_rfc3339(),
            self.validated_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
        ]
    }
}

/// One remediation step of a validated test with a detection gap.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemediationRow {
    pub test_id: uuid::Uuid,
    pub test_title: String,
    pub technique_id: String,
    pub coverage: Coverage,
    #[serde(flatten)]
    pub step: RemediationStep,
}

impl RemediationRow {
    pub const HEADER: [&'static str; 9] = [
        "test_id",
        "test_title",
        "technique_id",
        "coverage",
        "step",
        "owner",
        "due_date",
        "status",
        "updated_at",
    ];

    /// The rows of `test`'s steps (none unless it is a validated test with a gap).
    pub fn of(test: &Test, steps: Vec<RemediationStep>) -> Vec<Self> {
        let coverage =
            if test.detection() == Detection::Logged { Coverage::Partial } else { Coverage::NotCovered };
        steps
            .into_iter()
            .map(|step| RemediationRow {
                test_id: test.id,
                test_title: test.title.clone(),
                technique_id: test.technique_id.clone(),
                coverage,
                step,
            })
            .collect()
    }

    pub fn cells(&self) -> Vec<String> {
        vec![
            self.test_id.to_string(),
            self.test_title.clone(),
            self.technique_id.clone(),
            status_name(self.coverage).into(),
            self.step.title.clone(),
            self.step.owner.clone(),
            self.step.due_date.map(|d| d.to_string()).unwrap_or_default(),
            wire_name(self.step.status),
            self.step.updated_at.to_rfc3339(),
        ]
    }
}

/// A unit enum's name on the wire (its serde name), for a CSV cell.
fn wire_name(value: impl Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}
