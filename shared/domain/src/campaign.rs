//! Campaigns: tests grouped into ordered phases, with dependencies between them, started,
//! completed and (when recurring) run again on a calendar schedule.

use crate::FieldError;
use crate::ids::UserId;
use crate::validation::TestState;
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CampaignStatus {
    Planned,
    Active,
    Completed,
    Cancelled,
}

/// How often a campaign runs again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    #[default]
    None,
    Weekly,
    Monthly,
    Quarterly,
}

impl Recurrence {
    /// The run after one due at `from`: a week, or calendar months (31 January + 1 month is the
    /// last day of February, not 3 March).
    pub fn next(self, from: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Recurrence::None => None,
            Recurrence::Weekly => Some(from + chrono::Duration::weeks(1)),
            Recurrence::Monthly => from.checked_add_months(Months::new(1)),
            Recurrence::Quarterly => from.checked_add_months(Months::new(3)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Phase {
    pub id: Uuid,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// A test of the campaign's current run, and what a next run clones it from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CampaignTest {
    pub test_id: Uuid,
    pub phase_id: Uuid,
    /// Tests of the same campaign that must reach `blue_evaluating` before this one starts.
    #[serde(default)]
    pub depends_on: Vec<Uuid>,
    pub technique_id: String,
    pub title: String,
    pub template_id: Option<Uuid>,
    pub assigned_red: Option<String>,
    pub assigned_blue: Option<String>,
}

/// A campaign run's result, kept when the next run starts or the campaign completes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RunSummary {
    pub run: u32,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    /// Per technique: the best state and detection its tests of this run reached.
    pub techniques: Vec<TechniqueOutcome>,
    /// Share of the run's techniques validated with at least a logged detection, in percent.
    pub coverage_pct: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TechniqueOutcome {
    pub technique_id: String,
    /// The furthest state of its tests in the run.
    pub state: TestState,
    /// The best validated detection (`none` when validated undetected; absent when not validated).
    pub detection: Option<crate::validation::Detection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Campaign {
    pub id: Uuid,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub objective: String,
    /// The threat actor emulated (ATT&CK group id), if any.
    pub threat_actor: Option<String>,
    pub owner: String,
    pub owner_id: Option<UserId>,
    pub phases: Vec<Phase>,
    pub tests: Vec<CampaignTest>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub status: CampaignStatus,
    pub recurrence: Recurrence,
    /// When the next run starts (recurring campaigns once active).
    pub next_run_at: Option<DateTime<Utc>>,
    /// The current run's number (1 for the first).
    pub run: u32,
    pub run_started_at: Option<DateTime<Utc>>,
    /// Set on completion: the coverage of its techniques then.
    pub completion: Option<RunSummary>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: u64,
}

impl Campaign {
    pub fn test(&self, id: Uuid) -> Option<&CampaignTest> {
        self.tests.iter().find(|t| t.test_id == id)
    }
}

/// One entry of a campaign's history: a change, a start, a run, a completion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CampaignEvent {
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub at: DateTime<Utc>,
    pub actor: String,
    /// `create`, `update`, `add_test`, `update_test`, `remove_test`, `start`, `run`, `complete`,
    /// `cancel`.
    pub action: String,
    pub run: u32,
    #[schema(value_type = Object)]
    pub summary: serde_json::Value,
}

/// Refuses dependencies on tests outside the campaign and cycles, naming the path.
pub fn check_dependencies(tests: &[CampaignTest]) -> Result<(), Vec<FieldError>> {
    let ids: HashSet<Uuid> = tests.iter().map(|t| t.test_id).collect();
    let mut errors = Vec::new();
    for (i, t) in tests.iter().enumerate() {
        for d in &t.depends_on {
            if *d == t.test_id {
                errors.push(FieldError::new(
                    format!("tests[{i}].depends_on"),
                    "cycle",
                    format!("{d} depends on itself"),
                ));
            } else if !ids.contains(d) {
                errors.push(FieldError::new(
                    format!("tests[{i}].depends_on"),
                    "outside_campaign",
                    format!("{d} is not a test of this campaign"),
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Depth-first search; a back edge is a cycle, reported as the path around it.
    let edges: HashMap<Uuid, &[Uuid]> = tests.iter().map(|t| (t.test_id, t.depends_on.as_slice())).collect();
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        n: Uuid,
        edges: &HashMap<Uuid, &[Uuid]>,
        marks: &mut HashMap<Uuid, Mark>,
        path: &mut Vec<Uuid>,
    ) -> Option<Vec<Uuid>> {
        match marks.get(&n) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = path.iter().position(|p| *p == n).unwrap_or(0);
                let mut cycle = path[start..].to_vec();
                cycle.push(n);
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(n, Mark::Open);
        path.push(n);
        for d in edges.get(&n).copied().unwrap_or_default() {
            if let Some(c) = visit(*d, edges, marks, path) {
                return Some(c);
            }
        }
        path.pop();
        marks.insert(n, Mark::Done);
        None
    }
    let mut marks = HashMap::new();
    for t in tests {
        if let Some(cycle) = visit(t.test_id, &edges, &mut marks, &mut Vec::new()) {
            let titles: HashMap<Uuid, &str> = tests.iter().map(|t| (t.test_id, t.title.as_str())).collect();
            let path: Vec<String> =
                cycle.iter().map(|id| format!("{} ({id})", titles.get(id).copied().unwrap_or("?"))).collect();
            return Err(vec![FieldError::new(
                "depends_on",
                "cycle",
                format!("dependency cycle: {}", path.join(" → ")),
            )]);
        }
    }
    Ok(())
}

/// A dependency is far enough once the red side handed over: `blue_evaluating` or later.
pub fn dependency_met(state: TestState) -> bool {
    matches!(
        state,
        TestState::BlueEvaluating | TestState::InReview | TestState::Validated | TestState::Rejected
    )
}

/// The states a dependency may be in for its dependant to start.
pub const MET_STATES: [TestState; 4] =
    [TestState::BlueEvaluating, TestState::InReview, TestState::Validated, TestState::Rejected];

/// How a technique's outcome moved from one run to the next. (Named apart in the API document:
/// the snapshots have a `Trend` of their own.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = RunTrend)]
pub enum Trend {
    Improved,
    Regressed,
    Unchanged,
    /// Not in the previous run.
    New,
}

/// Compares two outcomes of one technique: validated detection level first, then how far the
/// tests got.
pub fn trend(previous: Option<&TechniqueOutcome>, current: &TechniqueOutcome) -> Trend {
    let Some(p) = previous else { return Trend::New };
    let rank = |o: &TechniqueOutcome| (o.detection.map(|d| d as i8 + 1).unwrap_or(0), progress(o.state));
    match rank(current).cmp(&rank(p)) {
        std::cmp::Ordering::Greater => Trend::Improved,
        std::cmp::Ordering::Less => Trend::Regressed,
        std::cmp::Ordering::Equal => Trend::Unchanged,
    }
}

fn progress(state: TestState) -> u8 {
    match state {
        TestState::Draft => 0,
        TestState::RedExecuting => 1,
        TestState::BlueEvaluating => 2,
        TestState::InReview => 3,
        TestState::Rejected => 3,
        TestState::Validated => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(n: u128, deps: &[u128]) -> CampaignTest {
        CampaignTest {
            test_id: Uuid::from_u128(n),
            phase_id: Uuid::nil(),
            depends_on: deps.iter().map(|d| Uuid::from_u128(*d)).collect(),
            technique_id: "T1001".into(),
            title: format!("t{n}"),
            template_id: None,
            assigned_red: None,
            assigned_blue: None,
        }
    }

    #[test]
    fn a_dag_passes_and_a_cycle_is_named_as_its_path() {
        assert!(check_dependencies(&[t(1, &[]), t(2, &[1]), t(3, &[1, 2])]).is_ok());
        let err = check_dependencies(&[t(1, &[3]), t(2, &[1]), t(3, &[2])]).unwrap_err();
        assert_eq!(err[0].code, "cycle");
        assert!(
            err[0].message.contains("t1") && err[0].message.contains("t3") && err[0].message.contains("→"),
            "{}",
            err[0].message
        );
        let outside = check_dependencies(&[t(1, &[9])]).unwrap_err();
        assert_eq!(outside[0].code, "outside_campaign");
        assert_eq!(check_dependencies(&[t(1, &[1])]).unwrap_err()[0].code, "cycle");
    }

    #[test]
    fn recurrence_moves_by_calendar_months() {
        let jan31 = Utc.with_ymd_and_hms(2027, 1, 31, 9, 0, 0).unwrap();
        assert_eq!(
            Recurrence::Monthly.next(jan31),
            Some(Utc.with_ymd_and_hms(2027, 2, 28, 9, 0, 0).unwrap())
        );
        assert_eq!(
            Recurrence::Quarterly.next(jan31),
            Some(Utc.with_ymd_and_hms(2027, 4, 30, 9, 0, 0).unwrap())
        );
        assert_eq!(Recurrence::Weekly.next(jan31), Some(Utc.with_ymd_and_hms(2027, 2, 7, 9, 0, 0).unwrap()));
        assert_eq!(Recurrence::None.next(jan31), None);
    }

    #[test]
    fn trends_compare_detection_then_progress() {
        use crate::validation::Detection;
        let o = |state, detection| TechniqueOutcome { technique_id: "T1".into(), state, detection };
        let alerted = o(TestState::Validated, Some(Detection::Alerted));
        let logged = o(TestState::Validated, Some(Detection::Logged));
        assert_eq!(trend(Some(&logged), &alerted), Trend::Improved);
        assert_eq!(trend(Some(&alerted), &logged), Trend::Regressed);
        assert_eq!(trend(Some(&alerted), &alerted), Trend::Unchanged);
        assert_eq!(trend(None, &alerted), Trend::New);
        assert_eq!(trend(Some(&o(TestState::Draft, None)), &o(TestState::InReview, None)), Trend::Improved);
    }
}
