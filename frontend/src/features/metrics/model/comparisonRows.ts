//! Two windows of operational metrics side by side, one row per measure, each with its change
//! from A to B; and the tactics of both, matched by shortname.

import type { Breakdown, OperationalMetrics, Stat } from "../api/metrics";
import { durationDelta, NOT_COMPARABLE, numberDelta, pointsDelta, type Delta } from "./delta";
import { durationText, NONE, partText, pctText } from "./format";

export interface MetricRow {
  key: string;
  label: string;
  a: string;
  b: string;
  /** What each side is taken over ("n = 4", "5 of 8"). */
  aNote?: string;
  bNote?: string;
  delta: Delta;
}

const n = (s: Stat) => `n = ${s.n.toLocaleString()}`;

function durationRow(key: string, label: string, a: Stat, b: Stat): MetricRow {
  return { key, label, a: durationText(a.median_secs), b: durationText(b.median_secs), aNote: n(a), bNote: n(b), delta: durationDelta(a.median_secs, b.median_secs) };
}

/** Every headline measure of A and B with its change. */
export function periodRows(a: OperationalMetrics, b: OperationalMetrics): MetricRow[] {
  const count = (key: string, label: string, x: number, y: number, better: "higher" | "lower" | "neither"): MetricRow => ({
    key,
    label,
    a: x.toLocaleString(),
    b: y.toLocaleString(),
    delta: numberDelta(x, y, better),
  });
  return [
    count("validated", "Tests approved", a.validated_tests, b.validated_tests, "neither"),
    durationRow("mttd", "MTTD (median)", a.mttd.overall, b.mttd.overall),
    durationRow("mttr", "MTTR (median)", a.mttr.overall, b.mttr.overall),
    durationRow("mttr-remediation", "MTTR: gap → remediation done", a.mttr.to_remediation, b.mttr.to_remediation),
    durationRow("mttr-retest", "MTTR: remediation → retest", a.mttr.remediation_to_retest, b.mttr.remediation_to_retest),
    {
      key: "efficacy",
      label: "Detection efficacy",
      a: pctText(a.detection_efficacy),
      b: pctText(b.detection_efficacy),
      aNote: partText(a.detection_efficacy),
      bNote: partText(b.detection_efficacy),
      delta: pointsDelta(a.detection_efficacy.pct, b.detection_efficacy.pct),
    },
    {
      key: "fidelity",
      label: "Alert fidelity",
      a: pctText(a.alert_fidelity),
      b: pctText(b.alert_fidelity),
      aNote: partText(a.alert_fidelity),
      bNote: partText(b.alert_fidelity),
      delta: pointsDelta(a.alert_fidelity.pct, b.alert_fidelity.pct),
    },
    count("gained", "Techniques gained", a.coverage_velocity.gained, b.coverage_velocity.gained, "higher"),
    count("regressed", "Techniques regressed", a.coverage_velocity.regressed, b.coverage_velocity.regressed, "lower"),
    count("net", "Coverage velocity (net)", a.coverage_velocity.net, b.coverage_velocity.net, "higher"),
  ];
}

export interface TacticPair {
  tactic: string;
  a: Breakdown | null;
  b: Breakdown | null;
  mttd: Delta;
  efficacy: Delta;
  fidelity: Delta;
}

/**
 * The tactics of either window, matched by shortname, in `order` (the matrix's) and then by
 * name for any `order` does not know.
 */
export function tacticPairs(a: readonly Breakdown[], b: readonly Breakdown[], order: readonly string[] = []): TacticPair[] {
  const byA = new Map(a.map((x) => [x.name, x]));
  const byB = new Map(b.map((x) => [x.name, x]));
  const rank = (t: string) => {
    const i = order.indexOf(t);
    return i < 0 ? order.length : i;
  };
  const names = [...new Set([...byA.keys(), ...byB.keys()])].sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
  return names.map((tactic) => {
    const x = byA.get(tactic) ?? null;
    const y = byB.get(tactic) ?? null;
    return {
      tactic,
      a: x,
      b: y,
      mttd: x && y ? durationDelta(x.mttd.median_secs, y.mttd.median_secs) : NOT_COMPARABLE,
      efficacy: x && y ? pointsDelta(x.detection_efficacy.pct, y.detection_efficacy.pct) : NOT_COMPARABLE,
      fidelity: x && y ? pointsDelta(x.alert_fidelity.pct, y.alert_fidelity.pct) : NOT_COMPARABLE,
    };
  });
}

/** A side of a tactic row: "—" when the tactic had no validated test in that window. */
export const sideText = (b: Breakdown | null, pick: (b: Breakdown) => string) => (b ? pick(b) : NONE);
