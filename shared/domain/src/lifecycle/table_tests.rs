//! Every state × command × role, against a table of who may give each command from which
//! states, written out here independently of the guards; and the effects of each command.

use super::*;
use crate::Role;
use crate::ids::{AttackDomain, AttackId};
use crate::validation::{
    BlueResult, Decision, Detection, Layer, LayerOutcome, Member, Severity, StepStatus, Test, TestState,
};
use chrono::{DateTime, TimeZone, Utc};
use uuid::Uuid;

pub(crate) fn test_in(state: TestState) -> Test {
    serde_json::from_value(serde_json::json!({
        "id": "00000000-0000-0000-0000-000000000001", "title": "t", "technique_id": "T1001", "technique_name": "x",
        "domain": "enterprise-attack", "tactics": [], "severity": "high", "procedure": "",
        "state": state, "created_by": "red", "votes": {}, "round": 1, "retests": [],
        "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "version": 1
    }))
    .expect("a minimal test")
}

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, hour, 0, 0).single().expect("a valid time")
}

fn id(s: &str) -> AttackId {
    AttackId::parse(s).unwrap()
}

fn who(role: Role) -> Actor {
    Actor::new(crate::ids::UserId::from_uuid(Uuid::from_u128(role as u128 + 1)), format!("{role}-user"), role)
}

/// A user with an id of their own, as the directory resolves them.
pub(crate) fn member(name: &str) -> Member {
    Member { id: Uuid::new_v5(&Uuid::NAMESPACE_OID, name.as_bytes()).into(), username: name.to_owned() }
}

fn blue(result: Detection, detected_at: Option<DateTime<Utc>>) -> BlueResult {
    BlueResult {
        outcomes: vec![LayerOutcome {
            layer: Layer::Edr,
            result,
            alert_name: Some("rule".into()),
            detected_at,
        }],
        notes: String::new(),
        rule_outcomes: vec![],
    }
}

/// One command of each kind, valid in content, as `role` would send it.
fn commands(role: Role) -> Vec<Command> {
    let technique = TechniqueRef {
        attack_id: id("T1002"),
        name: "y".into(),
        tactics: vec![],
        domain: AttackDomain::Enterprise,
    };
    vec![
        Command::Edit(TestEdit { title: Some("renamed".into()), ..TestEdit::default() }),
        Command::Assign {
            red: (role != Role::BlueLead).then(|| member("alice")),
            blue: (role == Role::BlueLead).then(|| member("bob")),
        },
        Command::StartExecution { comment: None },
        Command::SubmitRed(RedSubmission {
            executed: true,
            succeeded: true,
            executed_at: Some(at(1)),
            notes: String::new(),
        }),
        Command::SubmitBlue(blue(Detection::Alerted, Some(at(2))), vec![]),
        Command::Vote {
            decision: Decision::Approve,
            comment: String::new(),
            as_role: (role == Role::Admin).then_some(Role::RedLead),
        },
        Command::Reopen { comment: None },
        Command::SetCampaign { campaign_id: Some(Uuid::from_u128(42)), depends_on: vec![] },
        Command::Repoint { from: "T1001".into(), technique, comment: "moved".into() },
        Command::Delete,
    ]
}

/// Who (besides an admin) may give each command, and from which states.
fn rule(command: &Command) -> (&'static [Role], &'static [TestState]) {
    use TestState::*;
    const ALL: &[TestState] = &TestState::ALL;
    match command {
        Command::Edit(_) => (&[Role::RedTech, Role::RedLead], &[Draft]),
        Command::Assign { .. } => {
            (&[Role::RedLead, Role::BlueLead], &[Draft, RedExecuting, BlueEvaluating, InReview, Rejected])
        }
        Command::StartExecution { .. } => (&[Role::RedTech], &[Draft]),
        Command::SubmitRed(_) => (&[Role::RedTech], &[RedExecuting]),
        Command::SubmitBlue(..) => (&[Role::BlueTech], &[BlueEvaluating]),
        Command::Vote { .. } => (&[Role::RedLead, Role::BlueLead], &[InReview]),
        Command::Reopen { .. } => (&[Role::RedLead, Role::BlueLead], &[Rejected]),
        Command::SetCampaign { .. } => (&[Role::RedLead, Role::BlueLead], ALL),
        Command::Repoint { .. } | Command::Delete => (&[], ALL),
        Command::Create(_) => unreachable!("creation has no current state"),
    }
}

#[derive(Debug, PartialEq)]
enum Verdict {
    Accepted,
    Forbidden,
    Conflict,
}

#[test]
fn every_state_command_and_role() {
    let mut checked = 0;
    for state in TestState::ALL {
        for role in Role::ALL {
            for command in commands(role) {
                let (roles, states) = rule(&command);
                let expected = if !role.is_allowed(roles) {
                    Verdict::Forbidden
                } else if !states.contains(&state) {
                    Verdict::Conflict
                } else {
                    Verdict::Accepted
                };
                let name = command.name();
                let got = match apply(Some(&test_in(state)), command, &who(role), at(3)) {
                    Ok(_) => Verdict::Accepted,
                    Err(LifecycleError::Forbidden(_)) => Verdict::Forbidden,
                    Err(LifecycleError::Conflict(_)) => Verdict::Conflict,
                    Err(other) => panic!("{name} in {state:?} as {role:?}: {other:?}"),
                };
                assert_eq!(got, expected, "{name} in {state:?} as {role:?}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 6 * 6 * 10);
}

#[test]
fn each_step_moves_the_state_and_bumps_the_version() {
    let steps: [(TestState, Role, usize, TestState); 5] = [
        (TestState::Draft, Role::RedTech, 2, TestState::RedExecuting),
        (TestState::RedExecuting, Role::RedTech, 3, TestState::BlueEvaluating),
        (TestState::BlueEvaluating, Role::BlueTech, 4, TestState::InReview),
        (TestState::InReview, Role::RedLead, 5, TestState::InReview),
        (TestState::Rejected, Role::BlueLead, 6, TestState::Draft),
    ];
    for (from, role, index, to) in steps {
        let command = commands(role).remove(index);
        let applied = apply(Some(&test_in(from)), command, &who(role), at(3)).expect("accepted");
        assert_eq!(applied.test.state, to, "{from:?}");
        assert_eq!(applied.test.version, 2);
        assert_eq!(applied.test.updated_at, at(3));
        let record = applied.record.expect("recorded");
        assert_eq!((record.from, record.to), (Some(from), Some(to)));
        assert_eq!(applied.events.len(), usize::from(from != to), "events only for state changes");
    }
}

#[test]
fn a_tech_who_starts_unassigned_work_takes_it_and_binds_it() {
    let started = apply(
        Some(&test_in(TestState::Draft)),
        Command::StartExecution { comment: None },
        &who(Role::RedTech),
        at(1),
    )
    .expect("started");
    assert_eq!(started.test.assigned_red.as_deref(), Some("red_tech-user"));
    let other = Actor::new(crate::ids::UserId::from_uuid(Uuid::from_u128(99)), "mallory", Role::RedTech);
    let submit = RedSubmission { executed: true, succeeded: false, executed_at: None, notes: String::new() };
    assert!(matches!(
        apply(Some(&started.test), Command::SubmitRed(submit.clone()), &other, at(2)),
        Err(LifecycleError::Forbidden(_))
    ));
    let red = apply(Some(&started.test), Command::SubmitRed(submit), &who(Role::RedTech), at(2))
        .expect("submitted");
    assert_eq!(red.test.red.and_then(|r| r.executed_at), Some(at(2)), "executed now when no time is given");
}

#[test]
fn two_approvals_validate_and_a_repeat_vote_writes_nothing() {
    let review = test_in(TestState::InReview);
    let approve =
        |_lead: Role| Command::Vote { decision: Decision::Approve, comment: String::new(), as_role: None };
    let first = apply(Some(&review), approve(Role::RedLead), &who(Role::RedLead), at(1)).expect("first vote");
    assert_eq!(first.test.state, TestState::InReview);
    let again = apply(Some(&first.test), approve(Role::RedLead), &who(Role::RedLead), at(2)).expect("repeat");
    assert!(again.record.is_none(), "the same vote again changes nothing");
    let reject = Command::Vote { decision: Decision::Reject, comment: "no".into(), as_role: None };
    assert!(matches!(
        apply(Some(&first.test), reject, &who(Role::RedLead), at(2)),
        Err(LifecycleError::Conflict(_))
    ));
    let second =
        apply(Some(&first.test), approve(Role::BlueLead), &who(Role::BlueLead), at(3)).expect("second");
    assert_eq!(second.test.state, TestState::Validated);
    assert_eq!(second.test.validated_at, Some(at(3)));
    let silent = Command::Vote { decision: Decision::Reject, comment: " ".into(), as_role: None };
    assert!(matches!(
        apply(Some(&review), silent, &who(Role::BlueLead), at(1)),
        Err(LifecycleError::Invalid(_))
    ));
    let admin = Command::Vote { decision: Decision::Approve, comment: String::new(), as_role: None };
    assert!(matches!(apply(Some(&review), admin, &who(Role::Admin), at(1)), Err(LifecycleError::Invalid(_))));
}

#[test]
fn detections_cannot_precede_the_execution_or_lie_in_the_future() {
    let mut t = test_in(TestState::BlueEvaluating);
    t.red = Some(crate::validation::RedResult {
        executed: true,
        succeeded: true,
        executed_at: Some(at(5)),
        notes: String::new(),
    });
    let early = apply(
        Some(&t),
        Command::SubmitBlue(blue(Detection::Alerted, Some(at(4))), vec![]),
        &who(Role::BlueTech),
        at(6),
    );
    let Err(LifecycleError::Invalid(errors)) = early else {
        panic!("accepted a detection before the execution")
    };
    assert_eq!(errors[0].code, "before_execution");
    let future = apply(
        Some(&t),
        Command::SubmitBlue(blue(Detection::Alerted, Some(at(9))), vec![]),
        &who(Role::BlueTech),
        at(6),
    );
    assert!(matches!(future, Err(LifecycleError::Invalid(_))));
    assert!(
        apply(
            Some(&t),
            Command::SubmitBlue(blue(Detection::Alerted, Some(at(5))), vec![]),
            &who(Role::BlueTech),
            at(6)
        )
        .is_ok()
    );
}

#[test]
fn techs_edit_drafts_but_do_not_reassign_them() {
    let mut t = test_in(TestState::Draft);
    t.assigned_blue = Some("bob".into());
    let reassign = TestEdit { assigned_blue: Some(member("carol")), ..TestEdit::default() };
    assert!(matches!(
        apply(Some(&t), Command::Edit(reassign.clone()), &who(Role::RedTech), at(1)),
        Err(LifecycleError::Forbidden(_))
    ));
    let edited = apply(Some(&t), Command::Edit(reassign), &who(Role::RedLead), at(1)).expect("a lead may");
    assert_eq!(edited.test.assigned_blue.as_deref(), Some("carol"));
    let blank = TestEdit { title: Some("  ".into()), ..TestEdit::default() };
    assert!(matches!(
        apply(Some(&t), Command::Edit(blank), &who(Role::RedTech), at(1)),
        Err(LifecycleError::Invalid(_))
    ));
}

#[test]
fn creation_needs_the_red_team_and_starts_a_draft() {
    let new = NewTest {
        id: Uuid::from_u128(7),
        title: " Dump LSASS ".into(),
        technique: TechniqueRef {
            attack_id: id("T1003.001"),
            name: "LSASS Memory".into(),
            tactics: vec!["credential-access".into()],
            domain: AttackDomain::Enterprise,
        },
        procedure: String::new(),
        platform: None,
        severity: Severity::High,
        target_host: None,
        assigned_red: None,
        assigned_blue: None,
        template_id: None,
        template_hash: None,
        cleanup: None,
        rules: vec![],
        campaign_id: None,
        depends_on: vec![],
    };
    assert!(matches!(
        apply(None, Command::Create(Box::new(new.clone())), &who(Role::BlueTech), at(1)),
        Err(LifecycleError::Forbidden(_))
    ));
    let created = apply(None, Command::Create(Box::new(new)), &who(Role::RedLead), at(1)).expect("created");
    assert_eq!(
        (created.test.state, created.test.title.as_str(), created.test.version),
        (TestState::Draft, "Dump LSASS", 1)
    );
    assert_eq!(created.events.len(), 1);
    assert!(matches!(
        apply(
            Some(&created.test),
            Command::Create(Box::new(NewTest { id: Uuid::from_u128(8), ..new_clone(&created.test) })),
            &who(Role::RedLead),
            at(2)
        ),
        Err(LifecycleError::Conflict(_))
    ));
}

fn new_clone(t: &Test) -> NewTest {
    NewTest {
        id: t.id,
        title: t.title.clone(),
        technique: TechniqueRef {
            attack_id: id(&t.technique_id),
            name: t.technique_name.clone(),
            tactics: t.tactics.clone(),
            domain: t.domain.parse().unwrap(),
        },
        procedure: String::new(),
        platform: None,
        severity: t.severity,
        target_host: None,
        assigned_red: None,
        assigned_blue: None,
        template_id: None,
        template_hash: None,
        cleanup: None,
        rules: vec![],
        campaign_id: None,
        depends_on: vec![],
    }
}

fn gap_test() -> Test {
    let mut t = test_in(TestState::Validated);
    t.blue = Some(blue(Detection::Logged, None));
    t
}

#[test]
fn the_last_step_done_completes_the_remediation_once() {
    let t = gap_test();
    let lead = who(Role::BlueLead);
    let step = |n: u128| NewStep {
        id: Uuid::from_u128(n),
        title: format!("step {n}"),
        description: String::new(),
        owner: member("owner"),
        due_date: None,
    };
    let a = apply_step(&t, &[], StepCommand::Create(step(1)), &lead, at(1)).expect("created").step;
    let b = apply_step(&t, std::slice::from_ref(&a), StepCommand::Create(step(2)), &lead, at(1))
        .expect("created")
        .step;
    let done = || StepEdit { status: Some(StepStatus::Done), ..StepEdit::default() };
    let owner = Actor::new(member("owner").id, "owner", Role::BlueTech);
    let first = apply_step(
        &t,
        &[a.clone(), b.clone()],
        StepCommand::Update { step_id: a.id, edit: done() },
        &owner,
        at(2),
    )
    .expect("done");
    assert!(!first.completes && !first.all_done);
    let last = apply_step(
        &t,
        &[first.step.clone(), b.clone()],
        StepCommand::Update { step_id: b.id, edit: done() },
        &owner,
        at(3),
    )
    .expect("done");
    assert!(last.completes && last.all_done);
    let again = apply_step(
        &t,
        &[first.step.clone(), last.step.clone()],
        StepCommand::Update { step_id: b.id, edit: done() },
        &owner,
        at(4),
    )
    .expect("repeat");
    assert!(again.all_done && !again.completes, "already done: no second retest");
    let stranger = Actor::new(crate::ids::UserId::from_uuid(Uuid::from_u128(51)), "eve", Role::BlueTech);
    assert!(matches!(
        apply_step(
            &t,
            std::slice::from_ref(&a),
            StepCommand::Update { step_id: a.id, edit: done() },
            &stranger,
            at(2)
        ),
        Err(LifecycleError::Forbidden(_))
    ));
    let mut detected = test_in(TestState::Validated);
    detected.blue = Some(blue(Detection::Alerted, Some(at(1))));
    assert!(
        matches!(
            apply_step(&detected, &[], StepCommand::Create(step(3)), &lead, at(1)),
            Err(LifecycleError::Conflict(_))
        ),
        "no remediation without a gap"
    );

    let steps = [first.step, last.step];
    let one = retest(&t, &t, &steps, 3, at(5)).expect("a retest");
    let same = retest(&t, &t, &steps, 3, at(6)).expect("a retest");
    assert_eq!(one.retest.id, same.retest.id, "the same completion names the same retest");
    assert_eq!(one.root.retests, vec![one.retest.id]);
    assert_eq!((one.retest.state, one.retest.retest_of), (TestState::Draft, Some(t.id)));
    let mut full = t.clone();
    full.retests = vec![Uuid::from_u128(1); 3];
    assert!(retest(&full, &t, &steps, 3, at(5)).is_none(), "the chain's limit holds");
}

#[test]
fn assignment_binds_the_user_not_the_name() {
    let mut t = test_in(TestState::RedExecuting);
    t.assign(&Some(member("alice")), &None);
    let alice = Actor::new(member("alice").id, "alice", Role::RedTech);
    let submit = || {
        Command::SubmitRed(RedSubmission {
            executed: true,
            succeeded: false,
            executed_at: None,
            notes: String::new(),
        })
    };
    assert!(apply(Some(&t), submit(), &alice, at(3)).is_ok());
    // A new account that took the name of a deleted "alice" is someone else.
    let namesake = Actor::new(crate::ids::UserId::from_uuid(Uuid::from_u128(4242)), "alice", Role::RedTech);
    assert!(matches!(apply(Some(&t), submit(), &namesake, at(3)), Err(LifecycleError::Forbidden(_))));
    // Records from before ids were kept still bind by name.
    t.assigned_red_id = None;
    assert!(apply(Some(&t), submit(), &namesake, at(3)).is_ok());
}
