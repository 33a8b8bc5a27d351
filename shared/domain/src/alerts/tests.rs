//! Each kind on crafted states, with a fixed clock; then the firing decision.

use super::*;
use crate::validation::{Coverage, TestState};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use std::collections::BTreeMap;
use uuid::Uuid;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap()
}

fn statuses(pairs: &[(&str, Coverage)]) -> BTreeMap<String, Coverage> {
    pairs.iter().map(|(t, c)| ((*t).to_owned(), *c)).collect()
}

fn subjects(e: &Evaluation) -> Vec<&str> {
    e.matched.iter().map(|m| m.subject.as_str()).collect()
}

#[test]
fn score_kinds_hold_strictly_below_their_threshold_and_not_on_an_unknown_subject() {
    let kinds = [
        AlertKind::OrgScoreBelow { threshold: 50.0 },
        AlertKind::TacticScoreBelow { tactic: "execution".into(), threshold: 50.0 },
        AlertKind::ThreatActorScoreBelow { threat_actor: "G0001".into(), threshold: 50.0 },
        AlertKind::TechniqueSetScoreBelow { technique_set_id: Uuid::nil(), threshold: 50.0 },
    ];
    // (observed score, holds)
    let table =
        [(Some(49.9), true), (Some(50.0), false), (Some(80.0), false), (Some(0.0), true), (None, false)];
    for kind in &kinds {
        for (score, holds) in table {
            let obs = Observation { score, ..Default::default() };
            let e = evaluate(kind, &obs, &BTreeMap::new(), now());
            assert_eq!(e.holds, holds, "{} at {score:?}", kind.name());
            assert_eq!(e.matched.len(), usize::from(holds));
        }
    }
    let e = evaluate(
        &kinds[1],
        &Observation { score: Some(12.34), ..Default::default() },
        &BTreeMap::new(),
        now(),
    );
    assert_eq!(e.matched[0].subject, "execution");
    assert_eq!(e.summary, "execution score 12.3 is below the threshold 50.0");
    // Named as people name it when the observation knows the name; the subject stays the id.
    let named =
        Observation { score: Some(12.34), subject_name: Some("Execution".into()), ..Default::default() };
    let e = evaluate(&kinds[1], &named, &BTreeMap::new(), now());
    assert_eq!(
        (e.matched[0].subject.as_str(), e.summary.as_str()),
        ("execution", "Execution score 12.3 is below the threshold 50.0")
    );
}

#[test]
fn a_regression_is_a_fall_from_the_baseline_and_nothing_on_a_first_evaluation() {
    let kind = AlertKind::CoverageRegressed {};
    let baseline = statuses(&[
        ("T1001", Coverage::Validated),
        ("T1002", Coverage::Partial),
        ("T1003", Coverage::NotCovered),
        ("T1004", Coverage::Validated),
        ("T1005", Coverage::InProgress),
    ]);
    let obs = Observation {
        statuses: statuses(&[
            ("T1001", Coverage::Partial),    // fell
            ("T1002", Coverage::NotCovered), // fell
            ("T1003", Coverage::Validated),  // rose
            ("T1005", Coverage::NotCovered), // same rank: no fall
        ]),
        ..Default::default()
    };
    // T1004 is missing now (its tests deleted): it counts as not covered.
    let e = evaluate(&kind, &obs, &baseline, now());
    assert!(e.holds);
    assert_eq!(subjects(&e), ["T1001", "T1002", "T1004"]);
    assert_eq!(e.matched[0].detail, "validated → partial");
    assert_eq!(e.summary, "3 techniques regressed");
    assert!(!evaluate(&kind, &obs, &BTreeMap::new(), now()).holds, "no baseline, nothing fell");
    assert!(!evaluate(&kind, &obs, &obs.statuses, now()).holds, "no change, nothing fell");
}

#[test]
fn stuck_tests_are_those_in_the_state_longer_than_the_days() {
    let t = |state, days_ago: i64, hours: i64| QueuedTest {
        id: Uuid::from_u128(days_ago as u128 * 100 + hours as u128),
        title: format!("t{days_ago}"),
        state,
        since: now() - Duration::days(days_ago) - Duration::hours(hours),
    };
    let obs = Observation {
        queued: vec![
            t(TestState::InReview, 7, 1), // 7 days 1 hour: stuck
            t(TestState::InReview, 7, 0), // exactly 7 days: not yet
            t(TestState::InReview, 2, 0),
            t(TestState::Draft, 30, 0), // another state
        ],
        ..Default::default()
    };
    let e = evaluate(
        &AlertKind::TestsStuck { state: TestState::InReview, days: 7 },
        &obs,
        &BTreeMap::new(),
        now(),
    );
    assert_eq!(subjects(&e), [Uuid::from_u128(701).to_string()]);
    assert_eq!(e.matched[0].detail, "t7 in review for 7 days");
    assert_eq!(e.summary, "1 test in review longer than 7 days");
}

#[test]
fn a_step_is_overdue_after_its_due_date_plus_the_grace() {
    let step = |n: u128, due: (i32, u32, u32)| OpenStep {
        id: Uuid::from_u128(n),
        test_id: Uuid::nil(),
        title: format!("s{n}"),
        due: NaiveDate::from_ymd_opt(due.0, due.1, due.2).unwrap(),
    };
    let obs = Observation {
        open_steps: vec![
            step(1, (2026, 3, 9)),
            step(2, (2026, 3, 10)),
            step(3, (2026, 3, 6)),
            step(4, (2026, 4, 1)),
        ],
        ..Default::default()
    };
    let ids = |grace| {
        let e = evaluate(&AlertKind::RemediationOverdue { grace_days: grace }, &obs, &BTreeMap::new(), now());
        e.matched.iter().map(|m| m.subject.clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        ids(0),
        [Uuid::from_u128(1).to_string(), Uuid::from_u128(3).to_string()],
        "due today is not overdue"
    );
    assert_eq!(ids(3), [Uuid::from_u128(3).to_string()], "4 days late, 3 of grace");
    assert!(ids(4).is_empty());
}

#[test]
fn validations_are_stale_after_the_days_and_changes_need_a_later_review() {
    let obs = Observation {
        latest_validated: [
            ("T1001".to_owned(), now() - Duration::days(91)),
            ("T1002".to_owned(), now() - Duration::days(89)),
        ]
        .into(),
        changed: vec![
            ChangedTechnique {
                attack_id: "T1001".into(),
                changed_at: now() - Duration::days(15),
                reviewed_at: None,
            },
            ChangedTechnique {
                attack_id: "T1002".into(),
                changed_at: now() - Duration::days(15),
                reviewed_at: Some(now() - Duration::days(20)), // reviewed before the change
            },
            ChangedTechnique {
                attack_id: "T1003".into(),
                changed_at: now() - Duration::days(15),
                reviewed_at: Some(now() - Duration::days(1)),
            },
            ChangedTechnique {
                attack_id: "T1004".into(),
                changed_at: now() - Duration::days(3),
                reviewed_at: None,
            },
        ],
        ..Default::default()
    };
    let stale = evaluate(&AlertKind::ValidationStale { days: 90 }, &obs, &BTreeMap::new(), now());
    assert_eq!(subjects(&stale), ["T1001"]);
    let unreviewed = evaluate(&AlertKind::UnreviewedChanges { days: 14 }, &obs, &BTreeMap::new(), now());
    assert_eq!(subjects(&unreviewed), ["T1001", "T1002"]);
}

#[test]
fn a_tracked_actor_gap_is_a_gained_technique_not_validated() {
    let g = |t: &str, status| ActorGain { actor: "G0007".into(), technique: t.into(), status };
    let obs = Observation {
        gains: vec![
            g("T1001", Coverage::Validated),
            g("T1002", Coverage::Partial),
            g("T1003", Coverage::NotCovered),
        ],
        ..Default::default()
    };
    let e = evaluate(&AlertKind::TrackedActorGap {}, &obs, &BTreeMap::new(), now());
    assert_eq!(subjects(&e), ["T1002", "T1003"]);
    assert_eq!(e.matched[0].detail, "G0007 now uses it; coverage partial");
    assert!(
        !evaluate(&AlertKind::TrackedActorGap {}, &Observation::default(), &BTreeMap::new(), now()).holds
    );
}

#[test]
fn a_rule_fires_when_it_starts_to_hold_then_after_clearing_or_the_cooldown() {
    let fired = |minutes_ago: i64| RuleState {
        active: true,
        last_fired_at: Some(now() - Duration::minutes(minutes_ago)),
        ..Default::default()
    };
    // (state, holds, cooldown minutes, decision)
    let table = [
        (RuleState::default(), true, 60, Decision::Fire),
        (RuleState::default(), false, 60, Decision::Clear),
        (fired(10), true, 60, Decision::StillHolding),
        (fired(59), true, 60, Decision::StillHolding),
        (fired(60), true, 60, Decision::Fire),
        (fired(10), false, 60, Decision::Clear),
        (fired(10), true, 0, Decision::Fire),
        // Cleared since it fired: a new start fires inside the cooldown too.
        (RuleState { active: false, ..fired(10) }, true, 60, Decision::Fire),
    ];
    for (i, (state, holds, cooldown, want)) in table.into_iter().enumerate() {
        assert_eq!(decide(&state, holds, cooldown, now()), want, "row {i}");
    }
}

#[test]
fn parameters_are_checked_by_field() {
    let codes = |k: AlertKind| k.check().into_iter().map(|e| (e.field, e.code)).collect::<Vec<_>>();
    assert_eq!(
        codes(AlertKind::OrgScoreBelow { threshold: 101.0 }),
        [("condition.threshold".into(), "range".into())]
    );
    assert_eq!(codes(AlertKind::OrgScoreBelow { threshold: f64::NAN }).len(), 1);
    assert_eq!(
        codes(AlertKind::TestsStuck { state: TestState::Draft, days: 0 }),
        [("condition.days".into(), "range".into())]
    );
    assert_eq!(
        codes(AlertKind::TestsStuck { state: TestState::Validated, days: 3 }),
        [("condition.state".into(), "final".into())]
    );
    assert_eq!(
        codes(AlertKind::TacticScoreBelow { tactic: " ".into(), threshold: 5.0 }),
        [("condition.tactic".into(), "required".into())]
    );
    assert!(codes(AlertKind::CoverageRegressed {}).is_empty());
    // The wire shape: the kind's tag beside its parameters.
    let k: AlertKind =
        serde_json::from_value(serde_json::json!({"kind": "tests_stuck", "state": "in_review", "days": 7}))
            .unwrap();
    assert_eq!(k, AlertKind::TestsStuck { state: TestState::InReview, days: 7 });
    assert!(
        serde_json::from_value::<AlertKind>(serde_json::json!({"kind": "tests_stuck", "days": 7})).is_err()
    );
}
