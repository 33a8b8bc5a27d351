import { describe, expect, it } from "vitest";
import type { Matrix, TestResult } from "@/api/types";
import { median, periodSummary, tacticRows, topGaps } from "./reportModel";

type Cell = Matrix["tactics"][number]["techniques"][number];
const cell = (attack_id: string, status: Cell["status"], score: number, extra: Partial<Cell> = {}) =>
  ({ attack_id, name: `Name ${attack_id}`, status, score, tests_total: 1, tests_validated: 0, subtechniques: [], ...extra }) as unknown as Cell;

const matrix = {
  tactics: [
    { id: "TA0002", name: "Execution", shortname: "execution", score: 40, techniques: [cell("T1059", "validated", 90, { context_only: true, subtechniques: [cell("T1059.001", "partial", 30)] }), cell("T1106", "not_covered", 0)] },
    { id: "TA0003", name: "Persistence", shortname: "persistence", score: 10, techniques: [cell("T1053", "in_progress", 10), cell("T1106", "not_covered", 0)] },
  ],
} as unknown as Matrix;

describe("report model", () => {
  it("counts each tactic's matching techniques by status, named not slugged", () => {
    const rows = tacticRows(matrix);
    expect(rows.map((r) => [r.name, r.techniques, r.counts.partial, r.counts.not_covered])).toEqual([
      ["Execution", 2, 1, 1],
      ["Persistence", 2, 0, 1],
    ]);
  });

  it("lists the gaps once, not covered first, lowest score first, never a context-only parent", () => {
    const { gaps, total } = topGaps(matrix);
    expect(gaps.map((g) => g.attack_id)).toEqual(["T1106", "T1053", "T1059.001"]);
    expect(total).toBe(3);
    expect(topGaps(matrix, 1).gaps).toHaveLength(1);
  });

  it("takes a median", () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("summarises the period's approved tests", () => {
    const r = (state: TestResult["state"], detection: TestResult["detection"], ttd: number | null) => ({ state, detection, time_to_detect_secs: ttd }) as TestResult;
    const s = periodSummary([r("validated", "alerted", 60), r("validated", "logged", null), r("validated", "prevented", 180), r("draft", null, null)]);
    expect(s).toEqual({ tests: 4, approved: 3, outcomes: { prevented: 1, alerted: 1, logged: 1, none: 0 }, medianTtd: 120, ttdSample: 2 });
  });
});
