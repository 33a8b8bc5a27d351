import { describe, expect, it } from "vitest";
import type { ControlGap } from "@/api/defense";
import { barSegments, coverageWords, formatCoverage, sortWorstFirst, summaryWords } from "./gaps";

const gap = (over: Partial<ControlGap>): ControlGap => ({
  control_id: "X",
  name: "x",
  family: null,
  mapped: 0,
  validated: 0,
  partial: 0,
  in_progress: 0,
  not_covered: 0,
  coverage_pct: null,
  uncovered: [],
  ...over,
});

// docs/COMPLIANCE.md's worked example: AC-02 maps T1001 (validated), T1001.001 (partial),
// T1004 (in progress) and T1078 (not covered).
const ac02 = gap({ control_id: "AC-02", mapped: 4, validated: 1, partial: 1, in_progress: 1, not_covered: 1, coverage_pct: 37.5, uncovered: ["T1004", "T1078"] });

describe("gap analysis display", () => {
  it("says the coverage in words with the numbers", () => {
    expect(coverageWords(ac02)).toBe("37.5% covered: 1 validated, 1 partial, 1 in progress and 1 not covered of 4 mapped techniques");
    expect(coverageWords(gap({ mapped: 2, validated: 2, coverage_pct: 100 }))).toBe("100% covered: 2 validated of 2 mapped techniques");
    expect(coverageWords(gap({}))).toMatch(/No technique of the catalog mapped/);
  });

  it("formats percentages with one decimal at most", () => {
    expect(formatCoverage(62.5)).toBe("62.5%");
    expect(formatCoverage(33.333)).toBe("33.3%");
    expect(formatCoverage(0)).toBe("0%");
    expect(formatCoverage(null)).toBe("no coverage figure");
  });

  it("sorts worst first: lowest percentage, most uncovered, control id, those without a percentage last", () => {
    const list = [
      gap({ control_id: "AC-01", coverage_pct: null }),
      gap({ control_id: "AC-03", mapped: 2, coverage_pct: 50, uncovered: ["T1"] }),
      ac02,
      gap({ control_id: "AC-05", mapped: 4, coverage_pct: 50, uncovered: ["T1", "T2"] }),
      gap({ control_id: "AC-04", mapped: 2, coverage_pct: 50, uncovered: ["T3"] }),
      gap({ control_id: "AA-09", coverage_pct: null }),
      gap({ control_id: "AC-06", mapped: 1, coverage_pct: 0, uncovered: ["T9"] }),
    ];
    expect(sortWorstFirst(list).map((g) => g.control_id)).toEqual(["AC-06", "AC-02", "AC-05", "AC-03", "AC-04", "AA-09", "AC-01"]);
  });

  it("moves a control down the list when a validated test raises it (the documented 37.5 → 62.5)", () => {
    const other = gap({ control_id: "AC-07", mapped: 2, validated: 1, not_covered: 1, coverage_pct: 50, uncovered: ["T1078"] });
    expect(sortWorstFirst([other, ac02]).map((g) => g.control_id)).toEqual(["AC-02", "AC-07"]);
    const raised = { ...ac02, validated: 2, in_progress: 0, coverage_pct: 62.5, uncovered: ["T1078"] };
    expect(sortWorstFirst([other, raised]).map((g) => g.control_id)).toEqual(["AC-07", "AC-02"]);
  });

  it("splits the bar by status and sums the framework in a sentence", () => {
    expect(barSegments(ac02)).toEqual({ validated: 25, partial: 25, in_progress: 25, not_covered: 25 });
    expect(barSegments(gap({}))).toEqual({ validated: 0, partial: 0, in_progress: 0, not_covered: 0 });
    expect(summaryWords({ controls: 3, techniques: 5, fully_covered: 1, coverage_pct: 40 })).toBe(
      "40% of 5 distinct techniques covered over 3 controls; 1 fully covered",
    );
  });
});
