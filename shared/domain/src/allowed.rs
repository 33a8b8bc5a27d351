//! What a caller may do on a test right now, from the same rules the steps enforce (role,
//! state, assignment, one vote per lead). `GET /tests/{id}` returns it, so the web app shows
//! exactly the actions the API would accept instead of keeping its own copy of the rules.

use crate::Role;
use crate::validation::{Action, Side, Test, check, check_assignment};

impl Action {
    pub const ALL: [Action; 5] =
        [Action::StartExecution, Action::SubmitRed, Action::SubmitBlue, Action::Vote, Action::Reopen];
}

/// The workflow steps `role` (signed in as `username`) may take on `test` now.
pub fn allowed_actions(test: &Test, role: Role, username: &str) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| check(*a, role, test.state).is_ok())
        .filter(|a| a.side().is_none_or(|side| check_assignment(side, role, username, test).is_ok()))
        .filter(|a| *a != Action::Vote || may_vote(test, role))
        .collect()
}

/// A lead votes once per round; an admin votes as whichever lead has not.
fn may_vote(test: &Test, role: Role) -> bool {
    match role {
        Role::RedLead => test.votes.red_lead.is_none(),
        Role::BlueLead => test.votes.blue_lead.is_none(),
        Role::Admin => test.votes.red_lead.is_none() || test.votes.blue_lead.is_none(),
        _ => false,
    }
}

/// Whether evidence may be added to `side` now by `role` (the side's working state, own team).
pub fn may_add_evidence(test: &Test, side: Side, role: Role, username: &str) -> bool {
    let team = match side {
        Side::Red => [Role::RedTech, Role::RedLead],
        Side::Blue => [Role::BlueTech, Role::BlueLead],
    };
    role.is_allowed(&team)
        && test.state == side.working_state()
        && check_assignment(side, role, username, test).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::{Decision, TestState, Vote};

    fn test_in(state: TestState) -> Test {
        serde_json::from_value(serde_json::json!({
            "id": "00000000-0000-0000-0000-000000000001", "title": "t", "technique_id": "T1001", "technique_name": "x",
            "domain": "enterprise-attack", "tactics": [], "severity": "high", "procedure": "",
            "state": state, "created_by": "red", "votes": {}, "round": 1, "retests": [],
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "version": 1
        }))
        .expect("a minimal test")
    }

    /// Every state × role, unassigned and without votes: the expected steps, as a table.
    #[test]
    fn every_state_and_role() {
        use Action::*;
        use Role::*;
        use TestState::*;
        let table: &[(TestState, Role, &[Action])] = &[
            (Draft, RedTech, &[StartExecution]),
            (Draft, BlueTech, &[]),
            (Draft, RedLead, &[]),
            (Draft, Viewer, &[]),
            (Draft, Admin, &[StartExecution]),
            (RedExecuting, RedTech, &[SubmitRed]),
            (RedExecuting, BlueTech, &[]),
            (RedExecuting, Admin, &[SubmitRed]),
            (BlueEvaluating, BlueTech, &[SubmitBlue]),
            (BlueEvaluating, RedTech, &[]),
            (BlueEvaluating, BlueLead, &[]),
            (InReview, RedLead, &[Vote]),
            (InReview, BlueLead, &[Vote]),
            (InReview, RedTech, &[]),
            (InReview, Admin, &[Vote]),
            (Rejected, RedLead, &[Reopen]),
            (Rejected, BlueLead, &[Reopen]),
            (Rejected, BlueTech, &[]),
            (Validated, Admin, &[]),
            (Validated, RedLead, &[]),
            (Validated, Viewer, &[]),
        ];
        for (state, role, expected) in table {
            assert_eq!(
                allowed_actions(&test_in(*state), *role, "someone"),
                *expected,
                "{state:?} as {role:?}"
            );
        }
        // and every state × role × action agrees with the step's own check
        for state in TestState::ALL {
            for role in Role::ALL {
                let allowed = allowed_actions(&test_in(state), role, "someone");
                for action in Action::ALL {
                    if allowed.contains(&action) {
                        assert!(check(action, role, state).is_ok(), "{action:?} {role:?} {state:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn assignment_and_cast_votes_narrow_it() {
        let mut t = test_in(TestState::RedExecuting);
        t.assigned_red = Some("alice".into());
        assert_eq!(allowed_actions(&t, Role::RedTech, "alice"), [Action::SubmitRed]);
        assert!(allowed_actions(&t, Role::RedTech, "bob").is_empty());
        assert_eq!(allowed_actions(&t, Role::Admin, "root"), [Action::SubmitRed], "admins are not bound");
        assert!(may_add_evidence(&t, Side::Red, Role::RedTech, "alice"));
        assert!(!may_add_evidence(&t, Side::Red, Role::RedTech, "bob"));
        assert!(!may_add_evidence(&t, Side::Blue, Role::BlueTech, "carol"), "not the blue side's turn");

        let mut review = test_in(TestState::InReview);
        review.votes.red_lead = Some(Vote {
            decision: Decision::Approve,
            comment: String::new(),
            by: "lead".into(),
            at: chrono::Utc::now(),
        });
        assert!(allowed_actions(&review, Role::RedLead, "lead").is_empty(), "one vote per lead");
        assert_eq!(allowed_actions(&review, Role::BlueLead, "other"), [Action::Vote]);
        assert_eq!(allowed_actions(&review, Role::Admin, "root"), [Action::Vote]);
    }
}
