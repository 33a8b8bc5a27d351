//! Red/Blue validation tests and their workflow, as the reference defines it:
//!
//! ```text
//! draft ──start-execution──▶ red_executing ──submit-red──▶ blue_evaluating ──submit-blue──▶ in_review
//!   ▲                          (red_tech)                     (blue_tech)                   │ vote (red_lead, blue_lead)
//!   └──────reopen (a lead)────── rejected ◀── either rejects ──┴── both approve ──▶ validated
//! ```
//!
//! Every rule is a plain function here; the store makes each accepted step a conditional write
//! on the test's version, so concurrent attempts cannot both succeed.

use crate::{DomainError, FieldError, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TestState {
    Draft,
    RedExecuting,
    BlueEvaluating,
    InReview,
    Validated,
    Rejected,
}

impl TestState {
    pub const ALL: [TestState; 6] = [
        TestState::Draft,
        TestState::RedExecuting,
        TestState::BlueEvaluating,
        TestState::InReview,
        TestState::Validated,
        TestState::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TestState::Draft => "draft",
            TestState::RedExecuting => "red_executing",
            TestState::BlueEvaluating => "blue_evaluating",
            TestState::InReview => "in_review",
            TestState::Validated => "validated",
            TestState::Rejected => "rejected",
        }
    }

    /// The roles that must act on a test in this state (admin aside); empty when it is done.
    pub fn actors(self) -> &'static [Role] {
        match self {
            TestState::Draft | TestState::RedExecuting => &[Role::RedTech],
            TestState::BlueEvaluating => &[Role::BlueTech],
            TestState::InReview => &[Role::RedLead, Role::BlueLead],
            TestState::Rejected => &[Role::RedLead, Role::BlueLead],
            TestState::Validated => &[],
        }
    }
}

/// A step of the workflow, each with its own endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    StartExecution,
    SubmitRed,
    SubmitBlue,
    Vote,
    Reopen,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::StartExecution => "start_execution",
            Action::SubmitRed => "submit_red",
            Action::SubmitBlue => "submit_blue",
            Action::Vote => "vote",
            Action::Reopen => "reopen",
        }
    }

    /// Who may take this step (admin may always).
    pub fn roles(self) -> &'static [Role] {
        match self {
            Action::StartExecution | Action::SubmitRed => &[Role::RedTech],
            Action::SubmitBlue => &[Role::BlueTech],
            Action::Vote | Action::Reopen => &[Role::RedLead, Role::BlueLead],
        }
    }

    /// The state the step starts from.
    pub fn from(self) -> TestState {
        match self {
            Action::StartExecution => TestState::Draft,
            Action::SubmitRed => TestState::RedExecuting,
            Action::SubmitBlue => TestState::BlueEvaluating,
            Action::Vote => TestState::InReview,
            Action::Reopen => TestState::Rejected,
        }
    }
}

/// Why a step is refused: the caller's role (403) or the test's state (409).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{action} requires one of the roles: {roles}")]
    Role { action: &'static str, roles: String },
    #[error("{action} is not possible while the test is {state} (it needs {needed})")]
    State { action: &'static str, state: &'static str, needed: &'static str },
    #[error("the test is assigned to {assignee}; a lead or an admin reassigns it")]
    Assignment { assignee: String },
}

/// Assignment binds: a red (blue) tech acts only on tests assigned to them on their side, or
/// unassigned there; leads and admins are not bound.
pub fn check_assignment(side: Side, role: Role, username: &str, test: &Test) -> Result<(), Refusal> {
    let (tech, assigned) = match side {
        Side::Red => (Role::RedTech, &test.assigned_red),
        Side::Blue => (Role::BlueTech, &test.assigned_blue),
    };
    match assigned {
        Some(assignee) if role == tech && assignee != username => {
            Err(Refusal::Assignment { assignee: assignee.clone() })
        }
        _ => Ok(()),
    }
}

impl Action {
    /// The team side a step belongs to (votes and reopening are the leads', not a side's).
    pub fn side(self) -> Option<Side> {
        match self {
            Action::StartExecution | Action::SubmitRed => Some(Side::Red),
            Action::SubmitBlue => Some(Side::Blue),
            Action::Vote | Action::Reopen => None,
        }
    }
}

impl Side {
    /// The state in which this side works (adds evidence).
    pub fn working_state(self) -> TestState {
        match self {
            Side::Red => TestState::RedExecuting,
            Side::Blue => TestState::BlueEvaluating,
        }
    }

    /// Whether this side has submitted its part for the current round (its evidence is then
    /// part of the record and no longer the uploader's to remove).
    pub fn has_submitted(self, state: TestState) -> bool {
        match self {
            Side::Red => !matches!(state, TestState::Draft | TestState::RedExecuting),
            Side::Blue => matches!(state, TestState::InReview | TestState::Validated | TestState::Rejected),
        }
    }
}

/// Checks role first, then state.
pub fn check(action: Action, role: Role, state: TestState) -> Result<(), Refusal> {
    if !role.is_allowed(action.roles()) {
        let roles: Vec<&str> = action.roles().iter().map(|r| r.as_str()).collect();
        return Err(Refusal::Role { action: action.as_str(), roles: roles.join(", ") });
    }
    if state != action.from() {
        return Err(Refusal::State {
            action: action.as_str(),
            state: state.as_str(),
            needed: action.from().as_str(),
        });
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

/// A defensive tool or layer the blue team reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    Edr,
    Siem,
    Firewall,
    Av,
    Ids,
    Email,
    Proxy,
    Other,
}

/// What a layer did, best first: prevented > alerted > logged > none; `not_applicable` layers
/// do not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Detection {
    NotApplicable,
    None,
    Logged,
    Alerted,
    Prevented,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LayerOutcome {
    pub layer: Layer,
    pub result: Detection,
    /// The alert or rule that fired.
    pub alert_name: Option<String>,
    pub detected_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RedResult {
    /// The attack was actually run.
    pub executed: bool,
    /// It achieved its objective.
    pub succeeded: bool,
    pub executed_at: Option<DateTime<Utc>>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BlueResult {
    pub outcomes: Vec<LayerOutcome>,
    pub notes: String,
}

impl BlueResult {
    /// The best result over the layers that apply.
    pub fn best(&self) -> Detection {
        self.outcomes
            .iter()
            .map(|o| o.result)
            .filter(|r| *r != Detection::NotApplicable)
            .max()
            .unwrap_or(Detection::None)
    }

    /// Earliest detection time over the layers that alerted or prevented.
    pub fn first_detection(&self) -> Option<DateTime<Utc>> {
        self.outcomes.iter().filter(|o| o.result >= Detection::Alerted).filter_map(|o| o.detected_at).min()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Vote {
    pub decision: Decision,
    pub comment: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// The two independent votes of a review round.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Votes {
    pub red_lead: Option<Vote>,
    pub blue_lead: Option<Vote>,
}

impl Votes {
    /// Dual validation: either reject → rejected; both approve → validated; else in review.
    pub fn outcome(&self) -> TestState {
        let decisions = [&self.red_lead, &self.blue_lead].map(|v| v.as_ref().map(|v| v.decision));
        if decisions.contains(&Some(Decision::Reject)) {
            TestState::Rejected
        } else if decisions == [Some(Decision::Approve); 2] {
            TestState::Validated
        } else {
            TestState::InReview
        }
    }

    pub fn slot(&mut self, lead: Role) -> &mut Option<Vote> {
        match lead {
            Role::BlueLead => &mut self.blue_lead,
            _ => &mut self.red_lead,
        }
    }
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
    /// Usernames.
    pub assigned_red: Option<String>,
    pub assigned_blue: Option<String>,
    pub red: Option<RedResult>,
    pub blue: Option<BlueResult>,
    pub votes: Votes,
    /// Review rounds so far (a reopen starts a new one).
    pub round: u32,
    /// The original test when this is an automatic retest.
    pub retest_of: Option<Uuid>,
    /// Retests created from this one.
    pub retests: Vec<Uuid>,
    pub template_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub validated_at: Option<DateTime<Utc>>,
    pub version: u64,
}

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

impl Test {
    /// The validated outcome of this test as coverage (only meaningful once validated).
    pub fn detection(&self) -> Detection {
        self.blue.as_ref().map(BlueResult::best).unwrap_or(Detection::None)
    }

    /// A validated test that was not fully detected: remediation applies.
    pub fn has_gap(&self) -> bool {
        self.state == TestState::Validated && self.detection() < Detection::Alerted
    }

    /// Time to detect, from execution to the first alert.
    pub fn time_to_detect_secs(&self) -> Option<i64> {
        let executed = self.red.as_ref()?.executed_at?;
        Some((self.blue.as_ref()?.first_detection()? - executed).num_seconds())
    }
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

impl Test {
    /// Sets the assignees given (`None` leaves that side as it is).
    pub fn assign(&mut self, red: &Option<String>, blue: &Option<String>) {
        if red.is_some() {
            self.assigned_red = red.clone();
        }
        if blue.is_some() {
            self.assigned_blue = blue.clone();
        }
    }

    /// Alert or rule names that fired (alerted or prevented) in this test's blue result.
    pub fn fired_rules(&self) -> Vec<String> {
        self.blue
            .iter()
            .flat_map(|b| b.outcomes.iter())
            .filter(|o| o.result >= Detection::Alerted)
            .filter_map(|o| o.alert_name.as_ref().map(|a| a.trim().to_owned()))
            .filter(|a| !a.is_empty())
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

/// A technique's coverage, materialised from its tests, with the inputs of its score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TechniqueCoverage {
    pub attack_id: String,
    pub domain: String,
    pub status: Coverage,
    pub tests_total: u32,
    pub tests_validated: u32,
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
            latest_detection: latest.map(|t| t.detection()),
            latest_validated_at: latest.and_then(|t| t.validated_at),
            rules,
            validated_platforms: platforms,
            updated_at: now,
        }
    }
}

/// Field checks shared by create and update.
pub fn check_text(field: &str, value: &str, max: usize, required: bool, errors: &mut Vec<FieldError>) {
    if required && value.trim().is_empty() {
        errors.push(FieldError::new(field, "required", "must not be empty"));
    }
    if value.chars().count() > max {
        errors.push(FieldError::new(field, "max_length", format!("must be at most {max} characters")));
    }
}

/// A blue result must name each layer once.
pub fn check_blue(result: &BlueResult) -> Result<(), DomainError> {
    let mut errors = Vec::new();
    if result.outcomes.is_empty() {
        errors.push(FieldError::new("outcomes", "required", "report at least one layer"));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, o) in result.outcomes.iter().enumerate() {
        if !seen.insert(o.layer) {
            errors.push(FieldError::new(format!("outcomes[{i}].layer"), "duplicate", "each layer once"));
        }
        if let Some(a) = &o.alert_name {
            check_text(&format!("outcomes[{i}].alert_name"), a, 500, false, &mut errors);
        }
    }
    check_text("notes", &result.notes, 20_000, false, &mut errors);
    if errors.is_empty() { Ok(()) } else { Err(DomainError::Validation(errors)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_needs_its_role_then_its_state() {
        use Action::*;
        use TestState::*;
        assert!(check(StartExecution, Role::RedTech, Draft).is_ok());
        assert!(check(StartExecution, Role::Admin, Draft).is_ok());
        assert!(matches!(check(StartExecution, Role::BlueTech, Draft), Err(Refusal::Role { .. })));
        assert!(
            matches!(check(StartExecution, Role::BlueTech, InReview), Err(Refusal::Role { .. })),
            "role before state"
        );
        assert!(matches!(check(StartExecution, Role::RedTech, RedExecuting), Err(Refusal::State { .. })));
        assert!(check(SubmitRed, Role::RedTech, RedExecuting).is_ok());
        assert!(check(SubmitBlue, Role::BlueTech, BlueEvaluating).is_ok());
        assert!(matches!(check(SubmitBlue, Role::RedTech, BlueEvaluating), Err(Refusal::Role { .. })));
        assert!(check(Vote, Role::RedLead, InReview).is_ok());
        assert!(check(Vote, Role::BlueLead, InReview).is_ok());
        assert!(matches!(check(Vote, Role::RedTech, InReview), Err(Refusal::Role { .. })));
        assert!(matches!(check(Vote, Role::Viewer, InReview), Err(Refusal::Role { .. })));
        assert!(check(Reopen, Role::BlueLead, Rejected).is_ok());
        assert!(matches!(check(Reopen, Role::BlueLead, Validated), Err(Refusal::State { .. })));
    }

    fn vote(decision: Decision) -> Option<super::Vote> {
        Some(super::Vote { decision, comment: String::new(), by: "x".into(), at: Utc::now() })
    }

    #[test]
    fn dual_validation() {
        let mut v = Votes::default();
        assert_eq!(v.outcome(), TestState::InReview);
        v.red_lead = vote(Decision::Approve);
        assert_eq!(v.outcome(), TestState::InReview, "one pending");
        v.blue_lead = vote(Decision::Approve);
        assert_eq!(v.outcome(), TestState::Validated);
        v.blue_lead = vote(Decision::Reject);
        assert_eq!(v.outcome(), TestState::Rejected);
        let only_reject = Votes { red_lead: None, blue_lead: vote(Decision::Reject) };
        assert_eq!(only_reject.outcome(), TestState::Rejected, "either rejects");
    }

    #[test]
    fn best_detection_ignores_layers_that_do_not_apply() {
        let o = |layer, result| LayerOutcome { layer, result, alert_name: None, detected_at: None };
        let b = BlueResult {
            outcomes: vec![o(Layer::Edr, Detection::Logged), o(Layer::Firewall, Detection::NotApplicable)],
            notes: String::new(),
        };
        assert_eq!(b.best(), Detection::Logged);
        let b = BlueResult { outcomes: vec![o(Layer::Edr, Detection::NotApplicable)], notes: String::new() };
        assert_eq!(b.best(), Detection::None);
        assert!(
            check_blue(&BlueResult {
                outcomes: vec![o(Layer::Edr, Detection::None), o(Layer::Edr, Detection::Alerted)],
                notes: String::new()
            })
            .is_err()
        );
        assert!(
            Detection::Prevented > Detection::Alerted
                && Detection::Alerted > Detection::Logged
                && Detection::Logged > Detection::None
        );
    }
}

/// Which team's evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Red,
    Blue,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Red => "red",
            Side::Blue => "blue",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceStatus {
    /// Upload slot handed out, object not verified yet.
    Pending,
    /// Verified in S3 (size and SHA-256).
    Complete,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Evidence {
    pub id: Uuid,
    pub test_id: Uuid,
    pub side: Side,
    /// The sanitised file name.
    pub filename: String,
    pub size_bytes: u64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    pub s3_key: String,
    pub status: EvidenceStatus,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

/// Largest evidence file.
pub const MAX_EVIDENCE_BYTES: u64 = 50 * 1024 * 1024;
/// Accepted evidence file extensions (lower case).
pub const EVIDENCE_EXTENSIONS: [&str; 22] = [
    "txt", "log", "json", "xml", "csv", "md", "html", "yaml", "yml", "pdf", "png", "jpg", "jpeg", "gif",
    "pcap", "pcapng", "evtx", "zip", "gz", "7z", "har", "eml",
];

/// Checks an evidence file name and returns the name to store: a plain file name (no path, no
/// `..`, no control characters, not hidden) with an allowed extension; characters outside
/// `[A-Za-z0-9._-]` become `_`.
pub fn sanitise_filename(name: &str) -> Result<String, FieldError> {
    sanitise_name_with(name, &EVIDENCE_EXTENSIONS)
}

/// A client's file name made safe for an object key (no path, no hidden file, no control
/// character, an allowed extension; other characters become `_`).
pub fn sanitise_name_with(name: &str, extensions: &[&str]) -> Result<String, FieldError> {
    let bad = |m: &str| FieldError::new("filename", "invalid_name", m);
    if name.is_empty() || name.chars().count() > 200 {
        return Err(bad("1-200 characters"));
    }
    if name.contains(['/', '\\'])
        || name.split('.').any(|p| p.is_empty() && name.contains(".."))
        || name.contains("..")
    {
        return Err(bad("a file name, not a path"));
    }
    if name.starts_with('.') || name.chars().any(char::is_control) {
        return Err(bad("no hidden files or control characters"));
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !extensions.contains(&ext.as_str()) {
        return Err(FieldError::new(
            "filename",
            "extension",
            format!("allowed extensions: {}", extensions.join(", ")),
        ));
    }
    Ok(name.chars().map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '_' }).collect())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Open,
    InProgress,
    Done,
}

/// One remediation step of a validated test with a detection gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RemediationStep {
    pub id: Uuid,
    pub test_id: Uuid,
    pub title: String,
    pub description: String,
    /// Username of the owner.
    pub owner: String,
    pub due_date: Option<chrono::NaiveDate>,
    pub status: StepStatus,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: u64,
}

/// An in-app notification for one user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Notification {
    pub id: Uuid,
    pub user_id: Uuid,
    /// `action_required`, `test_validated`, `test_rejected`, `retest_created`, `evidence_uploaded`.
    pub kind: String,
    pub message: String,
    pub test_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

#[cfg(test)]
mod evidence_tests {
    use super::*;

    #[test]
    fn file_names_are_plain_and_whitelisted() {
        assert_eq!(sanitise_filename("mimikatz output.txt").unwrap(), "mimikatz_output.txt");
        assert_eq!(sanitise_filename("capture.PCAP").unwrap(), "capture.PCAP");
        for bad in [
            "../../etc/passwd.txt",
            "..\\win.ini.txt",
            "a/b.txt",
            ".bashrc.txt",
            "x..txt",
            "run.exe",
            "noext",
            "",
            "a\u{0}.txt",
        ] {
            assert!(sanitise_filename(bad).is_err(), "{bad:?}");
        }
        assert_eq!(sanitise_filename("payload.exe").unwrap_err().code, "extension");
        assert_eq!(sanitise_filename("../x.txt").unwrap_err().code, "invalid_name");
    }
}
