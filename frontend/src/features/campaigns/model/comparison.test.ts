import { describe, expect, it } from "vitest";
import type { TechniqueComparison } from "@/api/campaigns";
import { coverageByRun, eventLabel, outcomeLabel, sortedComparison, trendCounts } from "./comparison";

const row = (technique_id: string, trend: TechniqueComparison["trend"]): TechniqueComparison => ({
  technique_id,
  current: { technique_id, state: "validated", detection: "alerted" },
  previous: trend === "new" ? null : { technique_id, state: "in_review" },
  trend,
});

describe("the run comparison", () => {
  it("puts regressions first, then improvements, new and unchanged, and counts each", () => {
    const rows = [row("T1", "unchanged"), row("T2", "improved"), row("T3", "regressed"), row("T4", "new"), row("T0", "improved")];
    expect(sortedComparison(rows).map((r) => r.technique_id)).toEqual(["T3", "T0", "T2", "T4", "T1"]);
    expect(trendCounts(rows)).toEqual({ improved: 2, regressed: 1, unchanged: 1, new: 1 });
  });

  it("says an outcome in words: state, and the detection once approved", () => {
    expect(outcomeLabel({ technique_id: "T1", state: "validated", detection: "logged" })).toBe("Approved, logged only");
    expect(outcomeLabel({ technique_id: "T1", state: "red_executing" })).toBe("Red executing");
    expect(outcomeLabel(null)).toBe("Not in the run");
  });

  it("tells the coverage of each run and its change from the one before", () => {
    const runs = coverageByRun({ coverage_by_run: [[1, 40], [2, 60], [3, 60], [4, 59.5]] });
    expect(runs.map((r) => r.words)).toEqual([
      "Run 1: 40% of its techniques covered",
      "Run 2: 60% of its techniques covered, up 20 points from run 1",
      "Run 3: 60% of its techniques covered, unchanged from run 2",
      "Run 4: 59.5% of its techniques covered, down 0.5 points from run 3",
    ]);
  });

  it("reads history entries as sentences with what their summary records", () => {
    expect(eventLabel({ action: "complete", run: 1, summary: { run: 1, coverage_pct: 75, techniques: 4 } })).toBe(
      "Completed the campaign: 75% of its techniques covered",
    );
    expect(eventLabel({ action: "add_test", run: 1, summary: { technique_id: "T1059" } })).toBe("Added a test: on T1059");
    expect(eventLabel({ action: "something_new", run: 1, summary: {} })).toBe("something new");
  });
});
