import { describe, expect, it } from "vitest";
import { breakdown, emptyMetrics, fullMetrics, none } from "../fixture";
import { periodRows, tacticPairs } from "./comparisonRows";

describe("periodRows", () => {
  it("puts every measure of both periods side by side with its change from A to B", () => {
    const a = fullMetrics();
    const b = fullMetrics({
      validated_tests: 9,
      mttd: { overall: { median_secs: 240, mean_secs: 240, n: 6 }, by_layer: {}, excluded: 0 },
      detection_efficacy: { part: 9, whole: 10, pct: 90 },
      coverage_velocity: { gained: 2, regressed: 4, net: -2, weekly: [] },
    });
    const rows = Object.fromEntries(periodRows(a, b).map((r) => [r.key, r]));
    expect(rows.validated).toMatchObject({ a: "5", b: "9", delta: { text: "+4", tone: "neutral" } });
    expect(rows.mttd).toMatchObject({ a: "10 min", b: "4 min", aNote: "n = 3", bNote: "n = 6", delta: { text: "6 min faster", tone: "better" } });
    expect(rows.efficacy).toMatchObject({ a: "75%", b: "90%", aNote: "3 of 4", bNote: "9 of 10", delta: { text: "up 15 points", tone: "better" } });
    expect(rows.regressed?.delta).toMatchObject({ text: "+2", tone: "worse" });
    expect(rows.net?.delta).toMatchObject({ text: "\u22125", tone: "worse" });
  });

  it("shows a dash and no change figure where a period measured nothing", () => {
    const rows = Object.fromEntries(periodRows(emptyMetrics(), fullMetrics()).map((r) => [r.key, r]));
    expect(rows.mttd).toMatchObject({ a: "—", b: "10 min", delta: { text: "not comparable", tone: "none" } });
    expect(rows.fidelity).toMatchObject({ a: "—", aNote: "0 of 0", delta: { value: null } });
  });
});

describe("tacticPairs", () => {
  it("matches the tactics of both periods in matrix order, a missing side as null", () => {
    const a = [breakdown("persistence", ""), breakdown("execution", "")];
    const b = [breakdown("execution", "", { mttd: { median_secs: 300, mean_secs: 300, n: 1 } }), breakdown("discovery", "")];
    const pairs = tacticPairs(a, b, ["execution", "persistence", "discovery"]);
    expect(pairs.map((p) => p.tactic)).toEqual(["execution", "persistence", "discovery"]);
    expect(pairs[0]!.mttd).toMatchObject({ text: "5 min faster", tone: "better" });
    expect(pairs[1]).toMatchObject({ b: null, mttd: { tone: "none" } });
    expect(pairs[2]!.a).toBeNull();
  });

  it("puts tactics the order does not know last, by name", () => {
    expect(tacticPairs([breakdown("zeta", ""), breakdown("alpha", "", { mttd: none })], [], ["execution"]).map((p) => p.tactic)).toEqual(["alpha", "zeta"]);
  });
});
