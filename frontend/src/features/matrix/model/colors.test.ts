import { describe, expect, it } from "vitest";
import { cellStyle, contrast, MIN_CONTRAST, readable, UNTESTED_BASE, UNTESTED_HATCH } from "./colors";
import { cellView, KIND_ORDER } from "./coverage";
import { cell, tested } from "./fixtures";

describe("untested cells", () => {
  it("are neutral (grey, hatched) in status and score mode alike", () => {
    const v = cellView(cell("T1"));
    for (const mode of ["status", "score"] as const) {
      const s = cellStyle(v, mode);
      expect(s.background).toBe(UNTESTED_HATCH);
      expect(s.base).toBe(UNTESTED_BASE);
    }
  });

  it("never look like a tested technique without coverage, in either mode", () => {
    const untested = cellView(cell("T1"));
    const failed = cellView(tested("T2", "not_covered", { score: 0 }));
    for (const mode of ["status", "score"] as const) {
      expect(cellStyle(failed, mode).background).not.toBe(cellStyle(untested, mode).background);
      expect(cellStyle(failed, mode).background.startsWith("#")).toBe(true);
    }
  });
});

describe("text contrast", () => {
  it("reaches 4.5:1 on every status colour", () => {
    for (const kind of KIND_ORDER) {
      for (const context of [false, true]) {
        const s = cellStyle({ kind, context, score: 50 }, "status");
        expect(contrast(s.color, s.base), `${kind}${context ? " (context)" : ""}`).toBeGreaterThanOrEqual(MIN_CONTRAST);
      }
    }
  });

  it("reaches 4.5:1 on every score colour from 0 to 100", () => {
    for (let score = 0; score <= 100; score += 0.5) {
      const s = cellStyle({ kind: "validated", context: false, score }, "score");
      expect(contrast(s.color, s.base), `score ${score}`).toBeGreaterThanOrEqual(MIN_CONTRAST);
    }
  });

  it("changes a colour only as much as needed", () => {
    expect(readable("#1a9850")).toBe("#1a9850");
    expect(readable("#dc4734")).not.toBe("#dc4734");
  });
});
