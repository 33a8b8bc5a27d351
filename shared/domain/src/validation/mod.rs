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

mod coverage;
mod evidence;
mod input;
mod notification;
mod remediation;
mod results;
mod state;
mod test;
mod workflow;

pub use coverage::*;
pub use evidence::*;
pub use input::*;
pub use notification::*;
pub use remediation::*;
pub use results::*;
pub use state::*;
pub use test::*;
pub use workflow::*;

use crate::{DomainError, FieldError, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

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
            rule_outcomes: vec![],
        };
        assert_eq!(b.best(), Detection::Logged);
        let b = BlueResult {
            outcomes: vec![o(Layer::Edr, Detection::NotApplicable)],
            notes: String::new(),
            rule_outcomes: vec![],
        };
        assert_eq!(b.best(), Detection::None);
        assert!(
            check_blue(&BlueResult {
                outcomes: vec![o(Layer::Edr, Detection::None), o(Layer::Edr, Detection::Alerted)],
                notes: String::new(),
                rule_outcomes: vec![],
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
