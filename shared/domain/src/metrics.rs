//! Operational metrics over the tests validated in a window: how fast detections come (MTTD,
//! per layer), how fast gaps close (MTTR), how many executed attacks were stopped or alerted on
//! (detection efficacy), how many detections were alerts rather than logs (alert fidelity), and
//! how fast coverage grows (velocity, from coverage snapshots). Each with a weekly trend and a
//! breakdown by team and person. Pure: the API gathers the tests and snapshots (bounded reads)
//! and calls [`compute`]; definitions are in docs/METRICS.md.

use crate::validation::{Detection, Layer, Test};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use utoipa::ToSchema;
use uuid::Uuid;

/// A median and how many values it is taken over.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Stat {
    pub median_secs: Option<f64>,
    pub mean_secs: Option<f64>,
    pub n: u32,
}

/// The median of `values` (which it sorts); `None` for none.
pub fn median(values: &mut [i64]) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2] as f64),
        _ => Some((values[n / 2 - 1] + values[n / 2]) as f64 / 2.0),
    }
}

impl Stat {
    fn of(mut values: Vec<i64>) -> Self {
        let n = values.len();
        let mean = (n > 0).then(|| values.iter().sum::<i64>() as f64 / n as f64);
        Stat { median_secs: median(&mut values), mean_secs: mean, n: n as u32 }
    }
}

/// `part` of `whole`, with the share in percent (one decimal).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Ratio {
    pub part: u32,
    pub whole: u32,
    pub pct: Option<f64>,
}

impl Ratio {
    fn of(part: u32, whole: u32) -> Self {
        let pct = (whole > 0).then(|| crate::scoring::round1(100.0 * part as f64 / whole as f64));
        Ratio { part, whole, pct }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Mttd {
    /// Execution → first alert or prevention, over tests that have both times.
    pub overall: Stat,
    /// Execution → that layer's detection (logged, alerted or prevented) per layer.
    pub by_layer: BTreeMap<String, Stat>,
    /// Tests left out because a detection precedes the execution (records from before the
    /// lifecycle refused those).
    pub excluded: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Mttr {
    /// Gap found (the original test validated without an alert) → its retest validated with one.
    pub overall: Stat,
    /// Gap found → the last remediation step done (retests whose steps are all done).
    pub to_remediation: Stat,
    /// Remediation done → retest validated.
    pub remediation_to_retest: Stat,
}

/// Techniques that became validated and stopped being validated between two snapshots.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct WeekVelocity {
    pub week_start: NaiveDate,
    pub gained: u32,
    pub regressed: u32,
    pub net: i32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Velocity {
    pub gained: u32,
    pub regressed: u32,
    pub net: i32,
    /// Weeks with a snapshot at both ends.
    pub weekly: Vec<WeekVelocity>,
}

/// One week of the trend (weeks start on Monday).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct WeekPoint {
    pub week_start: NaiveDate,
    pub validated_tests: u32,
    pub mttd: Stat,
    pub mttr: Stat,
    pub detection_efficacy: Ratio,
    pub alert_fidelity: Ratio,
}

/// One team's or person's share.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Breakdown {
    /// `red` or `blue` (by team), or a username (by person).
    pub name: String,
    pub team: String,
    pub validated_tests: u32,
    pub mttd: Stat,
    pub detection_efficacy: Ratio,
    pub alert_fidelity: Ratio,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct OperationalMetrics {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub tactic: Option<String>,
    /// Tests validated in the window that the metrics are computed over.
    pub validated_tests: u32,
    /// The window held more validated tests than one request reads: the most recent are used.
    pub capped: bool,
    pub mttd: Mttd,
    pub mttr: Mttr,
    pub detection_efficacy: Ratio,
    pub alert_fidelity: Ratio,
    pub coverage_velocity: Velocity,
    pub weekly: Vec<WeekPoint>,
    pub by_team: Vec<Breakdown>,
    pub by_person: Vec<Breakdown>,
    /// Per tactic of the tests (a test counts for each of its tactics).
    pub by_tactic: Vec<Breakdown>,
}

/// What the API read for one request.
pub struct Inputs<'a> {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub tactic: Option<String>,
    /// Tests validated in the window (already filtered by tactic).
    pub tests: &'a [Test],
    pub capped: bool,
    /// The original tests of the retests among `tests`.
    pub originals: &'a HashMap<Uuid, Test>,
    /// When each original's remediation was done (its last step), for those all done.
    pub remediation_done: &'a HashMap<Uuid, DateTime<Utc>>,
    /// Coverage snapshots (taken at, validated techniques), oldest first.
    pub snapshots: &'a [(DateTime<Utc>, BTreeSet<String>)],
}

/// The Monday of `t`'s week.
pub fn week_of(t: DateTime<Utc>) -> NaiveDate {
    let d = t.date_naive();
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

fn alerted(d: Detection) -> bool {
    d >= Detection::Alerted
}

fn detected(d: Detection) -> bool {
    d >= Detection::Logged
}

fn efficacy(tests: &[&Test]) -> Ratio {
    let executed: Vec<_> = tests.iter().filter(|t| t.red.as_ref().is_some_and(|r| r.executed)).collect();
    Ratio::of(executed.iter().filter(|t| alerted(t.detection())).count() as u32, executed.len() as u32)
}

fn fidelity(tests: &[&Test]) -> Ratio {
    let detections: Vec<_> = tests.iter().filter(|t| detected(t.detection())).collect();
    Ratio::of(detections.iter().filter(|t| alerted(t.detection())).count() as u32, detections.len() as u32)
}

fn mttd(tests: &[&Test]) -> Stat {
    Stat::of(tests.iter().filter_map(|t| t.time_to_detect_secs()).collect())
}

/// A retest that closed its gap, when the gap was found and when its remediation was done.
type Closure<'a> = (&'a Test, DateTime<Utc>, Option<DateTime<Utc>>);

/// Retests that closed their gap.
fn closures<'a>(tests: &[&'a Test], inputs: &Inputs<'_>) -> Vec<Closure<'a>> {
    tests
        .iter()
        .filter(|t| alerted(t.detection()))
        .filter_map(|t| {
            let original = inputs.originals.get(&t.retest_of?)?;
            // A gap: the original was validated without an alert or prevention.
            if alerted(original.detection()) {
                return None;
            }
            Some((*t, original.validated_at?, inputs.remediation_done.get(&original.id).copied()))
        })
        .collect()
}

fn mttr(tests: &[&Test], inputs: &Inputs<'_>) -> Mttr {
    let closed = closures(tests, inputs);
    let secs = |a: DateTime<Utc>, b: DateTime<Utc>| (b - a).num_seconds();
    Mttr {
        overall: Stat::of(
            closed
                .iter()
                .filter_map(|(t, found, _)| Some(secs(*found, t.validated_at?)))
                .filter(|s| *s >= 0)
                .collect(),
        ),
        to_remediation: Stat::of(
            closed
                .iter()
                .filter_map(|(_, found, done)| Some(secs(*found, (*done)?)))
                .filter(|s| *s >= 0)
                .collect(),
        ),
        remediation_to_retest: Stat::of(
            closed
                .iter()
                .filter_map(|(t, _, done)| Some(secs((*done)?, t.validated_at?)))
                .filter(|s| *s >= 0)
                .collect(),
        ),
    }
}

fn breakdown(name: String, team: &str, tests: &[&Test]) -> Breakdown {
    Breakdown {
        name,
        team: team.into(),
        validated_tests: tests.len() as u32,
        mttd: mttd(tests),
        detection_efficacy: efficacy(tests),
        alert_fidelity: fidelity(tests),
    }
}

fn velocity(inputs: &Inputs<'_>) -> Velocity {
    // The last snapshot at or before each Monday from the window's first week to after its last.
    let at_or_before =
        |t: DateTime<Utc>| inputs.snapshots.iter().rev().find(|(at, _)| *at <= t).map(|(_, s)| s);
    let mut out = Velocity::default();
    let mut week = week_of(inputs.from);
    loop {
        let start = week.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
        if start >= inputs.to {
            break;
        }
        let end = (start + Duration::days(7)).min(inputs.to);
        if let (Some(before), Some(after)) = (at_or_before(start.max(inputs.from)), at_or_before(end)) {
            let gained = after.difference(before).count() as u32;
            let regressed = before.difference(after).count() as u32;
            out.gained += gained;
            out.regressed += regressed;
            out.weekly.push(WeekVelocity {
                week_start: week,
                gained,
                regressed,
                net: gained as i32 - regressed as i32,
            });
        }
        week += Duration::days(7);
    }
    out.net = out.gained as i32 - out.regressed as i32;
    out
}

/// The metrics of `inputs` (see the module's doc and docs/METRICS.md).
pub fn compute(inputs: &Inputs<'_>) -> OperationalMetrics {
    let tests: Vec<&Test> = inputs.tests.iter().collect();
    let mut by_layer: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for t in &tests {
        let (Some(executed), Some(blue)) = (t.red.as_ref().and_then(|r| r.executed_at), t.blue.as_ref())
        else {
            continue;
        };
        if t.has_impossible_detection_time() {
            continue;
        }
        for o in blue.outcomes.iter().filter(|o| detected(o.result)) {
            if let Some(at) = o.detected_at.filter(|at| *at >= executed) {
                by_layer.entry(layer_name(o.layer)).or_default().push((at - executed).num_seconds());
            }
        }
    }
    let mut weeks: BTreeMap<NaiveDate, Vec<&Test>> = BTreeMap::new();
    for t in &tests {
        if let Some(at) = t.validated_at {
            weeks.entry(week_of(at)).or_default().push(t);
        }
    }
    let weekly = weeks
        .iter()
        .map(|(week, ts)| WeekPoint {
            week_start: *week,
            validated_tests: ts.len() as u32,
            mttd: mttd(ts),
            mttr: mttr(ts, inputs).overall,
            detection_efficacy: efficacy(ts),
            alert_fidelity: fidelity(ts),
        })
        .collect();
    let mut people: BTreeMap<(String, &str), Vec<&Test>> = BTreeMap::new();
    for t in &tests {
        if let Some(u) = &t.assigned_red {
            people.entry((u.clone(), "red")).or_default().push(t);
        }
        if let Some(u) = &t.assigned_blue {
            people.entry((u.clone(), "blue")).or_default().push(t);
        }
    }
    let by_team = ["red", "blue"]
        .into_iter()
        .map(|team| {
            let of_team: Vec<&Test> = tests
                .iter()
                .copied()
                .filter(|t| if team == "red" { t.assigned_red.is_some() } else { t.assigned_blue.is_some() })
                .collect();
            breakdown(team.into(), team, &of_team)
        })
        .collect();
    let mut tactics: BTreeMap<&str, Vec<&Test>> = BTreeMap::new();
    for t in &tests {
        for tactic in &t.tactics {
            tactics.entry(tactic.as_str()).or_default().push(t);
        }
    }
    OperationalMetrics {
        by_tactic: tactics.into_iter().map(|(tactic, ts)| breakdown(tactic.into(), "", &ts)).collect(),
        from: inputs.from,
        to: inputs.to,
        tactic: inputs.tactic.clone(),
        validated_tests: tests.len() as u32,
        capped: inputs.capped,
        mttd: Mttd {
            overall: mttd(&tests),
            by_layer: by_layer.into_iter().map(|(l, v)| (l, Stat::of(v))).collect(),
            excluded: tests.iter().filter(|t| t.has_impossible_detection_time()).count() as u32,
        },
        mttr: mttr(&tests, inputs),
        detection_efficacy: efficacy(&tests),
        alert_fidelity: fidelity(&tests),
        coverage_velocity: velocity(inputs),
        weekly,
        by_team,
        by_person: people.into_iter().map(|((user, team), ts)| breakdown(user, team, &ts)).collect(),
    }
}

fn layer_name(l: Layer) -> String {
    serde_json::to_value(l).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::{BlueResult, LayerOutcome, RedResult, TestState};
    use chrono::TimeZone;

    /// 2026-03-02 is a Monday.
    fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, hour, minute, 0).single().unwrap()
    }

    struct T {
        n: u128,
        executed: Option<DateTime<Utc>>,
        layers: Vec<(Layer, Detection, Option<DateTime<Utc>>)>,
        validated: DateTime<Utc>,
        red: &'static str,
        blue: &'static str,
        retest_of: Option<u128>,
    }

    fn test(t: T) -> Test {
        let mut x: Test = serde_json::from_value(serde_json::json!({
            "id": Uuid::from_u128(t.n), "title": "t", "technique_id": "T1001", "technique_name": "x",
            "domain": "enterprise-attack", "tactics": ["execution"], "severity": "high", "procedure": "",
            "state": TestState::Validated, "created_by": "red", "votes": {}, "round": 1, "retests": [],
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "version": 1
        }))
        .unwrap();
        x.red = Some(RedResult {
            executed: t.executed.is_some(),
            succeeded: true,
            executed_at: t.executed,
            notes: String::new(),
        });
        x.blue = Some(BlueResult {
            outcomes: t
                .layers
                .into_iter()
                .map(|(layer, result, detected_at)| LayerOutcome {
                    layer,
                    result,
                    alert_name: Some("a".into()),
                    detected_at,
                })
                .collect(),
            notes: String::new(),
            rule_outcomes: vec![],
        });
        x.validated_at = Some(t.validated);
        x.assigned_red = Some(t.red.into());
        x.assigned_blue = Some(t.blue.into());
        x.retest_of = t.retest_of.map(Uuid::from_u128);
        x
    }

    #[test]
    fn every_metric_matches_a_hand_computed_dataset() {
        use Detection::*;
        use Layer::*;
        let tests = vec![
            // week of 2 March: alerted after 10 min (EDR) and logged after 30 min (SIEM)
            test(T {
                n: 1,
                executed: Some(at(2, 9, 0)),
                layers: vec![(Edr, Alerted, Some(at(2, 9, 10))), (Siem, Logged, Some(at(2, 9, 30)))],
                validated: at(3, 12, 0),
                red: "rita",
                blue: "bob",
                retest_of: Option::None,
            }),
            // prevented after 2 min
            test(T {
                n: 2,
                executed: Some(at(4, 9, 0)),
                layers: vec![(Edr, Prevented, Some(at(4, 9, 2)))],
                validated: at(5, 12, 0),
                red: "rita",
                blue: "bea",
                retest_of: Option::None,
            }),
            // logged only (a detection, not an alert)
            test(T {
                n: 3,
                executed: Some(at(4, 10, 0)),
                layers: vec![(Siem, Logged, Some(at(4, 10, 20)))],
                validated: at(6, 12, 0),
                red: "ray",
                blue: "bob",
                retest_of: Option::None,
            }),
            // week of 9 March: nothing seen — and the retest of an earlier gap (test 9), alerted
            test(T {
                n: 4,
                executed: Some(at(9, 9, 0)),
                layers: vec![(Edr, None, Option::None)],
                validated: at(10, 12, 0),
                red: "ray",
                blue: "bea",
                retest_of: Option::None,
            }),
            test(T {
                n: 5,
                executed: Some(at(11, 9, 0)),
                layers: vec![(Edr, Alerted, Some(at(11, 9, 40)))],
                validated: at(12, 12, 0),
                red: "rita",
                blue: "bob",
                retest_of: Some(9),
            }),
            // a record with a detection before its execution: left out of MTTD, counted elsewhere
            test(T {
                n: 6,
                executed: Some(at(12, 9, 0)),
                layers: vec![(Edr, Alerted, Some(at(12, 8, 0)))],
                validated: at(13, 12, 0),
                red: "ray",
                blue: "bea",
                retest_of: Option::None,
            }),
        ];
        let original = test(T {
            n: 9,
            executed: Some(at(1, 9, 0)),
            layers: vec![(Edr, None, Option::None)],
            validated: at(1, 12, 0),
            red: "ray",
            blue: "bob",
            retest_of: Option::None,
        });
        let originals: HashMap<Uuid, Test> = [(original.id, original)].into();
        let remediation_done: HashMap<Uuid, DateTime<Utc>> = [(Uuid::from_u128(9), at(8, 12, 0))].into();
        let set = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let snapshots = vec![
            (at(1, 0, 0), set(&["T1", "T2"])),
            (at(8, 23, 0), set(&["T1", "T3", "T4"])),
            (at(15, 23, 0), set(&["T3", "T4"])),
        ];
        let inputs = Inputs {
            from: at(2, 0, 0),
            to: at(16, 0, 0),
            tactic: Option::None,
            tests: &tests,
            capped: false,
            originals: &originals,
            remediation_done: &remediation_done,
            snapshots: &snapshots,
        };
        let m = compute(&inputs);
        assert_eq!(m.validated_tests, 6);
        // MTTD overall (first alert or prevention): tests 1 (600 s), 2 (120 s), 5 (2,400 s);
        // test 3 only logged, 4 saw nothing, 6 impossible. Median 600, mean 1,040.
        assert_eq!(m.mttd.overall, Stat { median_secs: Some(600.0), mean_secs: Some(1040.0), n: 3 });
        assert_eq!(m.mttd.excluded, 1);
        // Per layer: EDR 600, 120, 2,400 → median 600; SIEM 1,800 and 1,200 → median 1,500.
        assert_eq!(m.mttd.by_layer["edr"].median_secs, Some(600.0));
        assert_eq!(
            m.mttd.by_layer["siem"],
            Stat { median_secs: Some(1500.0), mean_secs: Some(1500.0), n: 2 }
        );
        // Efficacy: 6 executed; alerted or prevented: 1, 2, 5, 6 → 4/6 = 66.7 %.
        assert_eq!(m.detection_efficacy, Ratio { part: 4, whole: 6, pct: Some(66.7) });
        // Fidelity: detections 1, 2, 3, 5, 6; alerts among them 1, 2, 5, 6 → 4/5 = 80 %.
        assert_eq!(m.alert_fidelity, Ratio { part: 4, whole: 5, pct: Some(80.0) });
        // MTTR: gap found 1 March 12:00 → retest validated 12 March 12:00 = 11 days;
        // → remediation done 8 March 12:00 = 7 days; then 4 days to the retest.
        assert_eq!(m.mttr.overall.median_secs, Some(11.0 * 86_400.0));
        assert_eq!(m.mttr.to_remediation.median_secs, Some(7.0 * 86_400.0));
        assert_eq!(m.mttr.remediation_to_retest.median_secs, Some(4.0 * 86_400.0));
        // Velocity: week of 2 March (snapshots of 1 → 8 March): +T3 +T4 −T2 → 2 gained, 1
        // regressed; week of 9 March (8 → 15 March): −T1 → 0 gained, 1 regressed. Net 0.
        assert_eq!(
            m.coverage_velocity.weekly.iter().map(|w| (w.gained, w.regressed, w.net)).collect::<Vec<_>>(),
            [(2, 1, 1), (0, 1, -1)]
        );
        assert_eq!(
            (m.coverage_velocity.gained, m.coverage_velocity.regressed, m.coverage_velocity.net),
            (2, 2, 0)
        );
        // Weekly trend by validation week: 3 tests, then 3.
        assert_eq!(
            m.weekly.iter().map(|w| (w.week_start.day(), w.validated_tests)).collect::<Vec<_>>(),
            [(2, 3), (9, 3)]
        );
        assert_eq!(m.weekly[0].detection_efficacy.pct, Some(66.7));
        assert_eq!(m.weekly[1].mttr.n, 1);
        // By person: bob (blue) on 1, 3, 5 → MTTD over 1 and 5 = median 1,500; efficacy 2/3.
        let bob = m.by_person.iter().find(|b| b.name == "bob").unwrap();
        assert_eq!((bob.team.as_str(), bob.validated_tests, bob.mttd.median_secs), ("blue", 3, Some(1500.0)));
        assert_eq!(bob.detection_efficacy, Ratio { part: 2, whole: 3, pct: Some(66.7) });
        assert_eq!(
            m.by_team.iter().map(|b| (b.name.as_str(), b.validated_tests)).collect::<Vec<_>>(),
            [("red", 6), ("blue", 6)]
        );
        assert_eq!(m.by_tactic.len(), 1);
        assert_eq!((m.by_tactic[0].name.as_str(), m.by_tactic[0].detection_efficacy.part), ("execution", 4));
    }

    #[test]
    fn the_median_of_odd_and_even_samples() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [300, 5, 60]), Some(60.0));
        assert_eq!(median(&mut [10, 40, 20, 30]), Some(25.0));
    }

    #[test]
    fn an_empty_window_has_no_values_rather_than_zeros() {
        let none = HashMap::new();
        let m = compute(&Inputs {
            from: at(2, 0, 0),
            to: at(9, 0, 0),
            tactic: None,
            tests: &[],
            capped: false,
            originals: &none,
            remediation_done: &HashMap::new(),
            snapshots: &[],
        });
        assert_eq!(
            (m.mttd.overall.median_secs, m.detection_efficacy.pct, m.alert_fidelity.pct),
            (None, None, None)
        );
        assert!(m.coverage_velocity.weekly.is_empty() && m.weekly.is_empty());
    }
}
