//! Operational metrics as `GET /metrics/operational` returns them, for the feature's tests: a
//! window where nothing was measured, and one with values; override what a test needs.

import type { Breakdown, OperationalMetrics, Stat } from "./api/metrics";

export const none: Stat = { median_secs: null, mean_secs: null, n: 0 };
const stat = (median: number, n: number, mean = median): Stat => ({ median_secs: median, mean_secs: mean, n });

/** A window with no validated test: every time and share is `null`. */
export function emptyMetrics(over: Partial<OperationalMetrics> = {}): OperationalMetrics {
  return {
    from: "2026-01-01T00:00:00Z",
    to: "2026-03-31T23:59:59Z",
    tactic: null,
    validated_tests: 0,
    capped: false,
    mttd: { overall: none, by_layer: {}, excluded: 0 },
    mttr: { overall: none, to_remediation: none, remediation_to_retest: none },
    detection_efficacy: { part: 0, whole: 0, pct: null },
    alert_fidelity: { part: 0, whole: 0, pct: null },
    coverage_velocity: { gained: 0, regressed: 0, net: 0, weekly: [] },
    weekly: [],
    by_team: [],
    by_person: [],
    by_tactic: [],
    ...over,
  };
}

export function breakdown(name: string, team: string, over: Partial<Breakdown> = {}): Breakdown {
  return {
    name,
    team,
    validated_tests: 4,
    mttd: stat(600, 3),
    detection_efficacy: { part: 3, whole: 4, pct: 75 },
    alert_fidelity: { part: 3, whole: 3, pct: 100 },
    ...over,
  };
}

/** A window with values everywhere (MTTD 10 min over 3 tests, MTTR 2 d, efficacy 75%). */
export function fullMetrics(over: Partial<OperationalMetrics> = {}): OperationalMetrics {
  return emptyMetrics({
    validated_tests: 5,
    mttd: { overall: stat(600, 3, 900), by_layer: { siem: stat(1500, 2), edr: stat(600, 3) }, excluded: 1 },
    mttr: { overall: stat(2 * 86_400, 2), to_remediation: stat(86_400 + 3600, 1), remediation_to_retest: stat(7800, 1) },
    detection_efficacy: { part: 3, whole: 4, pct: 75 },
    alert_fidelity: { part: 3, whole: 4, pct: 75 },
    coverage_velocity: {
      gained: 5,
      regressed: 2,
      net: 3,
      weekly: [
        { week_start: "2026-03-02", gained: 4, regressed: 0, net: 4 },
        { week_start: "2026-03-09", gained: 1, regressed: 2, net: -1 },
      ],
    },
    weekly: [
      { week_start: "2026-03-02", validated_tests: 3, mttd: stat(600, 2), mttr: none, detection_efficacy: { part: 2, whole: 2, pct: 100 }, alert_fidelity: { part: 2, whole: 3, pct: 66.7 } },
      { week_start: "2026-03-09", validated_tests: 2, mttd: none, mttr: none, detection_efficacy: { part: 0, whole: 2, pct: 0 }, alert_fidelity: { part: 0, whole: 0, pct: null } },
    ],
    by_team: [breakdown("red", "red"), breakdown("blue", "blue", { mttd: none, detection_efficacy: { part: 0, whole: 0, pct: null } })],
    by_person: [breakdown("alice", "red"), breakdown("bob", "blue")],
    by_tactic: [breakdown("persistence", ""), breakdown("execution", "")],
    ...over,
  });
}
