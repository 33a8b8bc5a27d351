//! The workflow steps, who takes them and from which state, and how assignment binds.

use super::*;

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
/// unassigned there; leads and admins are not bound. Compared by user id (by name only on
/// records from before ids were kept).
pub fn check_assignment(side: Side, actor: &crate::lifecycle::Actor, test: &Test) -> Result<(), Refusal> {
    let tech = match side {
        Side::Red => Role::RedTech,
        Side::Blue => Role::BlueTech,
    };
    match test.assignee(side) {
        Some((id, name)) if actor.role == tech => {
            let mine = id.map_or(actor.username == name, |id| id == actor.id);
            if mine { Ok(()) } else { Err(Refusal::Assignment { assignee: name.to_owned() }) }
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
