//! Evidence rules: each side adds files while it works (its own team, bound by assignment);
//! the uploader completes their upload only while the side still works; once the side has
//! submitted, its evidence is part of the record and only an admin removes it.

use super::{Actor, LifecycleError};
use crate::Role;
use crate::events::{DomainEvent, EvidenceUploaded};
use crate::validation::{Evidence, EvidenceStatus, Side, Test, TestState, check_assignment};

/// The side `actor` adds evidence to (`asked`, or their team's; an admin names it or gets the
/// side now working), if they may now.
pub fn upload_side(test: &Test, asked: Option<Side>, actor: &Actor) -> Result<Side, LifecycleError> {
    let own = match actor.role {
        Role::RedTech | Role::RedLead => Some(Side::Red),
        Role::BlueTech | Role::BlueLead => Some(Side::Blue),
        Role::Admin => None,
        Role::Viewer => return Err(LifecycleError::Forbidden("viewers do not add evidence".into())),
    };
    let side = match (own, asked) {
        (Some(own), Some(asked)) if own != asked => {
            return Err(LifecycleError::Forbidden(format!(
                "{} may only add {} evidence",
                actor.role,
                own.as_str()
            )));
        }
        (Some(own), _) => own,
        (None, Some(asked)) => asked,
        (None, None) if test.state == TestState::BlueEvaluating => Side::Blue,
        (None, None) => Side::Red,
    };
    working(test, side)?;
    check_assignment(side, actor, test)?;
    Ok(side)
}

/// Whether the uploader (or an admin) may complete this upload now; the event it causes.
pub fn complete(test: &Test, evidence: &Evidence, actor: &Actor) -> Result<DomainEvent, LifecycleError> {
    if !uploaded_by(evidence, actor) && actor.role != Role::Admin {
        return Err(LifecycleError::Forbidden("only the uploader completes an upload".into()));
    }
    if evidence.status == EvidenceStatus::Complete {
        return Err(LifecycleError::Conflict("the upload is already complete".into()));
    }
    // The side may have submitted while the file was uploading: then it is too late to add it.
    working(test, evidence.side)?;
    Ok(DomainEvent::EvidenceUploaded(EvidenceUploaded {
        test_id: test.id,
        evidence_id: evidence.id,
        side: evidence.side,
        filename: evidence.filename.clone(),
        actor: actor.username.clone(),
    }))
}

/// Whether `actor` may delete this evidence now: its uploader while the side works, an admin
/// at any time. `Some(state)` is the state the deletion must still find (none for an admin).
pub fn delete(test: &Test, evidence: &Evidence, actor: &Actor) -> Result<Option<TestState>, LifecycleError> {
    if actor.role == Role::Admin {
        return Ok(None);
    }
    if !uploaded_by(evidence, actor) {
        return Err(LifecycleError::Forbidden("only the uploader or an admin deletes evidence".into()));
    }
    if evidence.side.has_submitted(test.state) {
        return Err(LifecycleError::Conflict(format!(
            "the {} team has submitted: its evidence is part of the record (an admin may remove it)",
            evidence.side.as_str()
        )));
    }
    Ok(Some(test.state))
}

/// By user id (by name only on records from before ids were kept).
fn uploaded_by(evidence: &Evidence, actor: &Actor) -> bool {
    evidence.uploaded_by_id.map_or(evidence.uploaded_by == actor.username, |id| id == actor.id)
}

fn working(test: &Test, side: Side) -> Result<(), LifecycleError> {
    if test.state == side.working_state() {
        return Ok(());
    }
    Err(LifecycleError::Conflict(format!(
        "{} evidence is added while the test is {}; it is {}",
        side.as_str(),
        side.working_state().as_str(),
        test.state.as_str()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::table_tests::test_in;
    use uuid::Uuid;

    fn evidence(side: Side, by: &str) -> Evidence {
        Evidence {
            id: Uuid::from_u128(9),
            test_id: Uuid::from_u128(1),
            side,
            filename: "a.txt".into(),
            size_bytes: 1,
            sha256: "00".repeat(32),
            s3_key: "k".into(),
            status: EvidenceStatus::Pending,
            uploaded_by: by.into(),
            uploaded_by_id: None,
            uploaded_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn each_side_while_it_works_and_the_record_after() {
        let alice = Actor::new(crate::ids::UserId::from_uuid(Uuid::from_u128(2)), "alice", Role::RedTech);
        let bob = Actor::new(crate::ids::UserId::from_uuid(Uuid::from_u128(3)), "bob", Role::BlueTech);
        let admin = Actor::new(crate::ids::UserId::from_uuid(Uuid::from_u128(4)), "root", Role::Admin);
        let red = test_in(TestState::RedExecuting);
        assert_eq!(upload_side(&red, None, &alice), Ok(Side::Red));
        assert!(matches!(upload_side(&red, None, &bob), Err(LifecycleError::Conflict(_))));
        assert!(matches!(upload_side(&red, Some(Side::Blue), &alice), Err(LifecycleError::Forbidden(_))));
        let mut bound = red.clone();
        bound.assigned_red = Some("carol".into());
        assert!(matches!(upload_side(&bound, None, &alice), Err(LifecycleError::Forbidden(_))));

        let pending = evidence(Side::Red, "alice");
        assert!(complete(&red, &pending, &alice).is_ok());
        assert!(matches!(complete(&red, &pending, &bob), Err(LifecycleError::Forbidden(_))));
        let moved_on = test_in(TestState::BlueEvaluating);
        assert!(matches!(complete(&moved_on, &pending, &alice), Err(LifecycleError::Conflict(_))));

        assert_eq!(delete(&red, &pending, &alice), Ok(Some(TestState::RedExecuting)));
        assert!(matches!(delete(&moved_on, &pending, &alice), Err(LifecycleError::Conflict(_))));
        assert_eq!(delete(&moved_on, &pending, &admin), Ok(None), "an admin removes submitted evidence");
    }
}
