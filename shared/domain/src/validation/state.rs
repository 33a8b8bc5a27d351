//! The workflow states of a test.

use super::*;

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

    /// The state as sentences name it. The terminal state reads "approved", so that a test's
    /// verdict is never confused with the coverage status "validated".
    pub fn label(self) -> &'static str {
        match self {
            TestState::Draft => "draft",
            TestState::RedExecuting => "red execution",
            TestState::BlueEvaluating => "blue evaluation",
            TestState::InReview => "review",
            TestState::Validated => "approved",
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
