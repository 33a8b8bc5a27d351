//! What each side records: the red execution, the blue detection per layer, and the leads' votes.

use super::*;

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
    /// What each detection rule did (the test's attached rules, or rules the blue side added).
    #[serde(default)]
    pub rule_outcomes: Vec<RuleResult>,
}

/// One detection rule's outcome in a test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RuleResult {
    pub rule_id: uuid::Uuid,
    pub outcome: crate::content::RuleOutcome,
}

/// A detection rule attached to a test: mapped to its technique when the test was created, or
/// added by the blue side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TestRule {
    pub rule_id: uuid::Uuid,
    pub title: String,
    pub source: crate::content::RuleOrigin,
    /// `true`: the rule's source maps it to the test's technique; `false`: the blue side added it.
    pub mapped: bool,
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
