//! What an actor may do on a test right now, from the same guards [`super::apply`] enforces
//! (role, state, assignment, one vote per lead). `GET /tests/{id}` returns it, so the web app
//! shows exactly the actions the API would accept instead of keeping its own copy of the rules.

use super::{Actor, LifecycleError};
use crate::Role;
use crate::validation::{Action, Side, Test, check, check_assignment};

impl Action {
    pub const ALL: [Action; 5] =
        [Action::StartExecution, Action::SubmitRed, Action::SubmitBlue, Action::Vote, Action::Reopen];
}

/// Whether `actor` may take the workflow step `action` on `test` now: role first (403), then
/// state (409), then assignment on the step's side (403).
pub fn guard(action: Action, test: &Test, actor: &Actor) -> Result<(), LifecycleError> {
    check(action, actor.role, test.state)?;
    if let Some(side) = action.side() {
        check_assignment(side, actor, test)?;
    }
    Ok(())
}

/// The workflow steps `actor` may take on `test` now.
pub fn allowed_actions(test: &Test, actor: &Actor) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| guard(*a, test, actor).is_ok())
        .filter(|a| *a != Action::Vote || may_vote(test, actor.role))
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

/// Whether `actor` may add evidence to `side` now (the side's working state, own team, bound by
/// assignment).
pub fn may_add_evidence(test: &Test, side: Side, actor: &Actor) -> bool {
    let team = match side {
        Side::Red => [Role::RedTech, Role::RedLead],
        Side::Blue => [Role::BlueTech, Role::BlueLead],
    };
    actor.role.is_allowed(&team)
        && test.state == side.working_state()
        && check_assignment(side, actor, test).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::table_tests::test_in;
    use crate::validation::{Decision, TestState, Vote};

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
                allowed_actions(&test_in(*state), &Actor::new(crate::ids::UserId::nil(), "someone", *role)),
                *expected,
                "{state:?} as {role:?}"
            );
        }
        // and every state × role × action agrees with the step's own check
        for state in TestState::ALL {
            for role in Role::ALL {
                let allowed =
                    allowed_actions(&test_in(state), &Actor::new(crate::ids::UserId::nil(), "someone", role));
                for action in Action::ALL {
                    if allowed.contains(&action) {
                        assert!(check(action, role, state).is_ok(), "{action:?} {role:?} {state:?}");
                    }
                }
            }
        }
    }

    fn who(name: &str, role: Role) -> Actor {
        Actor::new(crate::ids::UserId::nil(), name, role)
    }

    #[test]
    fn assignment_and_cast_votes_narrow_it() {
        let mut t = test_in(TestState::RedExecuting);
        t.assigned_red = Some("alice".into());
        assert_eq!(allowed_actions(&t, &who("alice", Role::RedTech)), [Action::SubmitRed]);
        assert!(allowed_actions(&t, &who("bob", Role::RedTech)).is_empty());
        assert_eq!(
            allowed_actions(&t, &who("root", Role::Admin)),
            [Action::SubmitRed],
            "admins are not bound"
        );
        assert!(may_add_evidence(&t, Side::Red, &who("alice", Role::RedTech)));
        assert!(!may_add_evidence(&t, Side::Red, &who("bob", Role::RedTech)));
        assert!(!may_add_evidence(&t, Side::Blue, &who("carol", Role::BlueTech)), "not the blue side's turn");

        let mut review = test_in(TestState::InReview);
        review.votes.red_lead = Some(Vote {
            decision: Decision::Approve,
            comment: String::new(),
            by: "lead".into(),
            at: chrono::Utc::now(),
        });
        assert!(allowed_actions(&review, &who("lead", Role::RedLead)).is_empty(), "one vote per lead");
        assert_eq!(allowed_actions(&review, &who("other", Role::BlueLead)), [Action::Vote]);
        assert_eq!(allowed_actions(&review, &who("root", Role::Admin)), [Action::Vote]);
    }
}
