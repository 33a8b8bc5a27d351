import { describe, expect, it } from "vitest";
import type { SnapshotChange } from "@/api/types";
import { changeRows } from "@/lib/snapshotChanges";
import { countDeltas, defaultPair, deltaTone, filterRows, formatDelta, isBackwards, summarize, trendData } from "./comparison";

const change = (attack_id: string, from_status: string | null, to_status: string | null, from_score: number | null, to_score: number | null): SnapshotChange => ({
  attack_id,
  from_status,
  to_status,
  from_score,
  to_score,
  score_delta: Math.round(((to_score ?? 0) - (from_score ?? 0)) * 10) / 10,
});

describe("changeRows", () => {
  const rows = changeRows([
    change("T1001", "not_covered", "validated", 0, 71.6),
    change("T1002", "validated", "partial", 80, 40),
    change("T1003", "validated", "validated", 75.3, 71.6),
    change("T1004", null, "not_covered", null, 0),
    change("T1005", "partial", null, 40, null),
    change("T1006", "partial", "in_progress", 0, 0),
  ]);

  it("classifies status changes by coverage, and same-status changes by score", () => {
    expect(rows.map((r) => [r.attackId, r.direction, r.statusChanged])).toEqual([
      ["T1001", "improved", true],
      ["T1002", "regressed", true],
      ["T1003", "regressed", false],
      ["T1004", "unchanged", false],
      ["T1005", "regressed", false],
      ["T1006", "regressed", true],
    ]);
  });

  it("marks techniques that appear in or disappear from a snapshot", () => {
    expect(rows.find((r) => r.attackId === "T1004")).toMatchObject({ kind: "added", from: null, to: "not_covered" });
    expect(rows.find((r) => r.attackId === "T1005")).toMatchObject({ kind: "removed", from: "partial", to: null, delta: -40 });
  });

  it("summarises and filters", () => {
    expect(summarize(rows)).toEqual({ improved: 1, regressed: 4, statusChanges: 3, added: 1, removed: 1 });
    expect(filterRows(rows, "status").map((r) => r.attackId)).toEqual(["T1001", "T1002", "T1004", "T1005", "T1006"]);
    expect(filterRows(rows, "improved").map((r) => r.attackId)).toEqual(["T1001"]);
    expect(filterRows(rows, "all")).toHaveLength(6);
  });

  it("ignores a status it does not know instead of failing", () => {
    const [row] = changeRows([change("T1", "retired", "validated", 1, 2)]);
    expect(row).toMatchObject({ from: null, to: "validated", direction: "improved" });
  });
});

describe("deltas", () => {
  it("signs deltas with one decimal and a true minus", () => {
    expect(formatDelta(3.14)).toBe("+3.1");
    expect(formatDelta(-2)).toBe("\u22122");
    expect(formatDelta(0.04)).toBe("0");
  });

  it("tones deltas, with fewer uncovered techniques as good news", () => {
    expect(deltaTone(1)).toBe("up");
    expect(deltaTone(-1)).toBe("down");
    expect(deltaTone(0.01)).toBe("flat");
    expect(deltaTone(-3, false)).toBe("up");
  });

  it("puts coverage counts side by side in the legend's order", () => {
    const d = countDeltas({ counts: { validated: 1, not_covered: 5 } }, { counts: { validated: 3, partial: 1, not_covered: 2 } });
    expect(d).toEqual([
      { status: "validated", from: 1, to: 3, delta: 2 },
      { status: "partial", from: 0, to: 1, delta: 1 },
      { status: "in_progress", from: 0, to: 0, delta: 0 },
      { status: "not_covered", from: 5, to: 2, delta: -3 },
    ]);
  });
});

describe("pairs and trend", () => {
  it("compares the one before the newest with the newest", () => {
    expect(defaultPair([{ id: "c" }, { id: "b" }, { id: "a" }])).toEqual({ from: "b", to: "c" });
    expect(defaultPair([{ id: "a" }])).toEqual({ from: "", to: "" });
  });

  it("notices a comparison that runs backwards in time", () => {
    expect(isBackwards({ from: { taken_at: "2026-02-01T00:00:00Z" }, to: { taken_at: "2026-01-01T00:00:00Z" } } as never)).toBe(true);
    expect(isBackwards({ from: { taken_at: "2026-01-01T00:00:00Z" }, to: { taken_at: "2026-02-01T00:00:00Z" } } as never)).toBe(false);
  });

  it("orders trend points by time and rounds scores", () => {
    const data = trendData([
      { taken_at: "2026-01-02T00:00:00Z", org_score: 12.345, validated: 2, partial: 1 },
      { taken_at: "2026-01-01T00:00:00Z", org_score: 10, validated: 1, partial: 0 },
      { taken_at: "not a date", org_score: 1, validated: 0, partial: 0 },
    ]);
    expect(data.map((d) => d.score)).toEqual([10, 12.3]);
    expect(data[0]!.at).toBeLessThan(data[1]!.at);
  });
});
