import { describe, expect, it } from "vitest";
import { dayText, durationText, durationUnit, pctText, partText, signed } from "./format";

describe("durationText", () => {
  it("reads at a glance, to the minute past the first one", () => {
    expect(durationText(42)).toBe("42 s");
    expect(durationText(240)).toBe("4 min");
    expect(durationText(252)).toBe("4 min");
    expect(durationText(2 * 3600 + 10 * 60)).toBe("2 h 10 min");
    expect(durationText(2 * 3600 + 10 * 60 + 29)).toBe("2 h 10 min");
    expect(durationText(3 * 86_400)).toBe("3 d");
    expect(durationText(3 * 86_400 + 4 * 3600)).toBe("3 d 4 h");
    expect(durationText(0)).toBe("0 s");
  });

  it("says nothing was measured with a dash, never 0", () => {
    expect(durationText(null)).toBe("—");
    expect(durationText(undefined)).toBe("—");
    expect(durationText(Number.NaN)).toBe("—");
    expect(durationText(-5)).toBe("—");
  });
});

describe("shares", () => {
  it("gives the percent and what it is a share of, and a dash for an empty whole", () => {
    expect(pctText({ part: 5, whole: 8, pct: 62.5 })).toBe("62.5%");
    expect(partText({ part: 5, whole: 8, pct: 62.5 })).toBe("5 of 8");
    expect(pctText({ part: 0, whole: 0, pct: null })).toBe("—");
    expect(pctText({ part: 0, whole: 4, pct: 0 })).toBe("0%");
  });
});

describe("signed", () => {
  it("signs with a true minus and drops a zero's sign", () => {
    expect(signed(3, 0)).toBe("+3");
    expect(signed(-2, 0)).toBe("\u22122");
    expect(signed(1.25)).toBe("+1.3");
    expect(signed(0.01)).toBe("0");
  });
});

describe("durationUnit and dayText", () => {
  it("picks the unit a chart reads best in", () => {
    expect(durationUnit(30 * 60).label).toBe("minutes");
    expect(durationUnit(10 * 3600).label).toBe("hours");
    expect(durationUnit(5 * 86_400).label).toBe("days");
  });

  it("reads a day in UTC, whatever the browser's zone", () => {
    expect(dayText("2026-03-02")).toMatch(/2/);
    expect(dayText("2026-03-02")).toMatch(/2026/);
    expect(dayText("nope")).toBe("—");
  });
});
