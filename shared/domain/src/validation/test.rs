//! A test of one technique and its history.

use super::*;
use crate::ids::UserId;

/// A user as work is assigned to them: the id binds, the name is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: UserId,
    pub username: String,
}

/// A test of one technique: the red side, the blue side, the votes, and its place in a retest chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Test {
    pub id: Uuid,
    pub title: String,
    pub technique_id: String,
    pub technique_name: String,
    /// Tactic shortnames of the technique when the test was created.
    pub tactics: Vec<String>,
    pub domain: String,
    pub procedure: String,
    pub platform: Option<String>,
    pub severity: Severity,
    pub target_host: Option<String>,
    pub state: TestState,
    pub created_by: String,
    /// The creator's user id (absent on records from before ids were kept, and for the system).
    #[serde(default)]
    pub created_by_id: Option<UserId>,
    /// Usernames, for display.
    pub assigned_red: Option<String>,
    pub assigned_blue: Option<String>,
    /// Who is assigned, by user id: assignment binds by these (a new account reusing a deleted
    /// user's name inherits nothing).
    #[serde(default)]
    pub assigned_red_id: Option<UserId>,
    #[serde(default)]
    pub assigned_blue_id: Option<UserId>,
    pub red: Option<RedResult>,
    pub blue: Option<BlueResult>,
    pub votes: Votes,
    /// Review rounds so far (a reopen starts a new one).
    pub round: u32,
    /// The original test when this is an automatic retest.
    pub retest_of: Option<Uuid>,
    /// Retests created from this one.
    pub retests: Vec<Uuid>,
    /// The test template it was created from.
    pub template_id: Option<String>,
    /// The template's content hash when the test was created (the template may change later).
    #[serde(default)]
    pub template_hash: Option<String>,
    /// How to undo the procedure's effects on the target (from the template, or written).
    #[serde(default)]
    pub cleanup: Option<String>,
    /// Detection rules the blue side reports on.
    #[serde(default)]
    pub rules: Vec<TestRule>,
    /// The campaign it belongs to.
    #[serde(default)]
    pub campaign_id: Option<Uuid>,
    /// Tests of its campaign that must reach `blue_evaluating` before it starts.
    #[serde(default)]
    pub depends_on: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub validated_at: Option<DateTime<Utc>>,
    pub version: u64,
}
impl Test {
    /// The validated outcome of this test as coverage (only meaningful once validated).
    pub fn detection(&self) -> Detection {
        self.blue.as_ref().map(BlueResult::best).unwrap_or(Detection::None)
    }

    /// A validated test that was not fully detected: remediation applies.
    pub fn has_gap(&self) -> bool {
        self.state == TestState::Validated && self.detection() < Detection::Alerted
    }

    /// Time to detect, from execution to the first alert; `None` when either is unknown or the
    /// recorded detection precedes the execution (a recording error, never a result).
    pub fn time_to_detect_secs(&self) -> Option<i64> {
        self.recorded_time_to_detect_secs().filter(|s| *s >= 0)
    }

    /// Whether the record holds a detection before its execution (records from before the
    /// lifecycle refused those; the repair check reports them).
    pub fn has_impossible_detection_time(&self) -> bool {
        self.recorded_time_to_detect_secs().is_some_and(|s| s < 0)
    }

    fn recorded_time_to_detect_secs(&self) -> Option<i64> {
        let executed = self.red.as_ref()?.executed_at?;
        Some((self.blue.as_ref()?.first_detection()? - executed).num_seconds())
    }
}
impl Test {
    /// Sets the assignees given (`None` leaves that side as it is).
    pub fn assign(&mut self, red: &Option<Member>, blue: &Option<Member>) {
        if let Some(m) = red {
            self.assigned_red = Some(m.username.clone());
            self.assigned_red_id = Some(m.id);
        }
        if let Some(m) = blue {
            self.assigned_blue = Some(m.username.clone());
            self.assigned_blue_id = Some(m.id);
        }
    }

    /// Who is assigned on `side`, as (user id, username); the id is absent on old records.
    pub fn assignee(&self, side: Side) -> Option<(Option<UserId>, &str)> {
        match side {
            Side::Red => self.assigned_red.as_deref().map(|n| (self.assigned_red_id, n)),
            Side::Blue => self.assigned_blue.as_deref().map(|n| (self.assigned_blue_id, n)),
        }
    }

    /// The detection rules (ids) that fired in this test's blue result.
    pub fn fired_rules(&self) -> Vec<String> {
        self.blue
            .iter()
            .flat_map(|b| b.rule_outcomes.iter())
            .filter(|r| r.outcome == crate::content::RuleOutcome::Fired)
            .map(|r| r.rule_id.to_string())
            .collect()
    }

    /// The platform this test proved detection on (at least logged), for platform diversity.
    pub fn detected_platform(&self) -> Option<&str> {
        self.platform.as_deref().filter(|_| self.detection() >= Detection::Logged)
    }
}

/// One entry of a test's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HistoryEntry {
    pub id: Uuid,
    pub test_id: Uuid,
    pub at: DateTime<Utc>,
    pub actor: String,
    /// `create`, `update`, `start_execution`, `submit_red`, `submit_blue`, `vote`, `reopen`,
    /// `evidence`, `remediation`, `retest`, `repoint`.
    pub action: String,
    pub from: Option<TestState>,
    pub to: Option<TestState>,
    pub comment: Option<String>,
}
