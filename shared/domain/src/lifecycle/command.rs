//! The commands of the lifecycle, one per way a test can change.

use crate::Role;
use crate::ids::{AttackDomain, AttackId};
use crate::validation::{BlueResult, Decision, Member, Severity, TestRule};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The technique a test is about, as the catalog names it when the command is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TechniqueRef {
    pub attack_id: AttackId,
    pub name: String,
    pub tactics: Vec<String>,
    pub domain: AttackDomain,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTest {
    pub id: Uuid,
    pub title: String,
    pub technique: TechniqueRef,
    pub procedure: String,
    pub platform: Option<String>,
    pub severity: Severity,
    pub target_host: Option<String>,
    pub assigned_red: Option<Member>,
    pub assigned_blue: Option<Member>,
    pub template_id: Option<String>,
    pub template_hash: Option<String>,
    pub cleanup: Option<String>,
    /// The rules mapped to the technique.
    pub rules: Vec<TestRule>,
    pub campaign_id: Option<Uuid>,
    pub depends_on: Vec<Uuid>,
}

/// Fields of a draft to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestEdit {
    pub title: Option<String>,
    pub procedure: Option<String>,
    pub platform: Option<String>,
    pub severity: Option<Severity>,
    pub target_host: Option<String>,
    pub assigned_red: Option<Member>,
    pub assigned_blue: Option<Member>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedSubmission {
    pub executed: bool,
    pub succeeded: bool,
    pub executed_at: Option<DateTime<Utc>>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Boxed: a new test is far larger than any other command.
    Create(Box<NewTest>),
    Edit(TestEdit),
    /// Leads reassign their side (admin either); `None` leaves a side as it is.
    Assign {
        red: Option<Member>,
        blue: Option<Member>,
    },
    StartExecution {
        comment: Option<String>,
    },
    SubmitRed(RedSubmission),
    /// The blue result, and the rules it reports on that the test did not have yet (checked
    /// to exist by the service).
    SubmitBlue(BlueResult, Vec<TestRule>),
    /// `as_role` names the lead an admin votes as; leads vote as themselves.
    Vote {
        decision: Decision,
        comment: String,
        as_role: Option<Role>,
    },
    Reopen {
        comment: Option<String>,
    },
    /// Puts the test in a campaign with its dependencies (or takes it out: `None`); leads,
    /// admins and the campaign job.
    SetCampaign {
        campaign_id: Option<Uuid>,
        depends_on: Vec<Uuid>,
    },
    /// The sync moves a test off a revoked technique (`from`) onto its replacement; a test no
    /// longer on `from` is not moved.
    Repoint {
        from: String,
        technique: TechniqueRef,
        comment: String,
    },
    Delete,
}

impl Command {
    /// The name history and audit entries record (`test.<name>` in the audit log).
    pub fn name(&self) -> &'static str {
        match self {
            Command::Create(_) => "create",
            Command::Edit(_) => "update",
            Command::Assign { .. } => "assign",
            Command::StartExecution { .. } => "start_execution",
            Command::SubmitRed(_) => "submit_red",
            Command::SubmitBlue(..) => "submit_blue",
            Command::Vote { .. } => "vote",
            Command::Reopen { .. } => "reopen",
            Command::SetCampaign { .. } => "campaign",
            Command::Repoint { .. } => "repoint",
            Command::Delete => "delete",
        }
    }
}
