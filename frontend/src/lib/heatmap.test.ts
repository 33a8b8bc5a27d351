import { describe, expect, it } from "vitest";
import { cellColors, CONTEXT_COLORS, describeCell, isContextOnly, luminance, matchingCells, mix, scoreColor, STATUS_COLORS, textOn, type MatrixCellLike } from "./heatmap";

describe("status colours", () => {
  it("are the server's, so the matrix and exported layers agree", () => {
    expect(STATUS_COLORS).toEqual({
      validated: "#1a9850",
      partial: "#fee08b",
      in_progress: "#74add1",
      not_covered: "#d73027",
    });
  });
});

describe("mix", () => {
  it("goes from the first colour to the second", () => {
    expect(mix("#000000", "#ffffff", 0)).toBe("#000000");
    expect(mix("#000000", "#ffffff", 1)).toBe("#ffffff");
    expect(mix("#000000", "#ffffff", 0.5)).toBe("#808080");
    expect(mix("#000", "#fff", 2)).toBe("#ffffff");
  });

  it("refuses what is not a hex colour", () => {
    expect(() => mix("red", "#fff", 0.5)).toThrow(/hex/);
  });
});

describe("scoreColor", () => {
  it("runs red → yellow → green over 0..100", () => {
    expect(scoreColor(0)).toBe("#d73027");
    expect(scoreColor(50)).toBe("#fee08b");
    expect(scoreColor(100)).toBe("#1a9850");
  });

  it("clamps scores outside 0..100 and treats NaN as 0", () => {
    expect(scoreColor(-5)).toBe(scoreColor(0));
    expect(scoreColor(250)).toBe(scoreColor(100));
    expect(scoreColor(Number.NaN)).toBe(scoreColor(0));
  });

  it("is monotonic in green from 0 to 50", () => {
    const green = (hex: string) => parseInt(hex.slice(3, 5), 16);
    expect(green(scoreColor(10))).toBeLessThan(green(scoreColor(40)));
  });
});

describe("text contrast", () => {
  it("puts dark text on light colours and white on dark ones", () => {
    expect(textOn("#ffffff")).toBe("#0f172a");
    expect(textOn("#000000")).toBe("#ffffff");
    expect(textOn(STATUS_COLORS.partial)).toBe("#0f172a");
    expect(textOn(STATUS_COLORS.not_covered)).toBe("#ffffff");
  });

  it("computes WCAG luminance", () => {
    expect(luminance("#ffffff")).toBeCloseTo(1);
    expect(luminance("#000000")).toBeCloseTo(0);
  });
});

describe("cellColors", () => {
  it("uses the status colour for a tested technique", () => {
    const c = cellColors({ status: "validated", score: 80, tests_total: 2 });
    expect(c.background).toBe("#1a9850");
    // Dark text has the higher contrast on this green (4.8:1 against 3.7:1 for white).
    expect(c.color).toBe("#0f172a");
  });

  it("fades an untested, uncovered technique so tested ones stand out", () => {
    const untested = cellColors({ status: "not_covered", score: 0, tests_total: 0 });
    const tested = cellColors({ status: "not_covered", score: 0, tests_total: 1 });
    expect(tested.background).toBe("#d73027");
    expect(untested.background).not.toBe("#d73027");
    expect(luminance(untested.background)).toBeGreaterThan(luminance(tested.background));
    expect(untested.color).toBe("#0f172a");
  });

  it("colours by score in score mode", () => {
    expect(cellColors({ status: "not_covered", score: 100, tests_total: 0 }, "score").background).toBe("#1a9850");
  });
});

describe("context-only parents", () => {
  it("are neutral in both modes, whatever their own coverage", () => {
    const parent = { status: "validated" as const, score: 92, tests_total: 3, context_only: true };
    expect(cellColors(parent, "status")).toEqual(CONTEXT_COLORS);
    expect(cellColors(parent, "score")).toEqual(CONTEXT_COLORS);
    expect(cellColors({ ...parent, context_only: false }, "status").background).toBe(STATUS_COLORS.validated);
  });
});

const cell = (attack_id: string, extra: Partial<MatrixCellLike> = {}): MatrixCellLike => ({
  attack_id,
  name: attack_id,
  status: "validated",
  score: 80,
  tests_total: 2,
  tests_validated: 2,
  subtechniques: [],
  ...extra,
});

describe("isContextOnly", () => {
  it("is true only when the server says so", () => {
    expect(isContextOnly({ context_only: true })).toBe(true);
    expect(isContextOnly({ context_only: false })).toBe(false);
    expect(isContextOnly({})).toBe(false);
  });
});

describe("matchingCells", () => {
  it("counts sub-techniques and matching parents, never a parent shown only for its sub-techniques", () => {
    const column = [
      cell("T1059", { context_only: true, subtechniques: [cell("T1059.001"), cell("T1059.003")] }),
      cell("T1106"),
      cell("T1053", { subtechniques: [cell("T1053.005")] }),
    ];
    expect(matchingCells(column).map((c) => c.attack_id)).toEqual(["T1059.001", "T1059.003", "T1106", "T1053", "T1053.005"]);
  });

  it("is empty for an empty column", () => {
    expect(matchingCells([])).toEqual([]);
  });
});

describe("describeCell", () => {
  it("labels a context-only parent as shown for its sub-techniques, without its own coverage", () => {
    const parent = cell("T1059", { name: "Command and Scripting Interpreter", context_only: true, subtechniques: [cell("T1059.001")] });
    const label = describeCell(parent);
    expect(label).toBe("T1059 Command and Scripting Interpreter: does not match the filters, shown for its sub-techniques (1 matching)");
    expect(label).not.toMatch(/Validated|score/);
  });

  it("gives a matching technique its status, score and tests", () => {
    expect(describeCell(cell("T1106", { name: "Native API", score: 72.25 }))).toBe("T1106 Native API: Validated, score 72.3, 2 of 2 tests approved");
  });
});
