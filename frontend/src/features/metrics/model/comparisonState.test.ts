import { describe, expect, it } from "vitest";
import { comparisonFromParams, defaultSnapshotPair, periodQuery, withComparison } from "./comparisonState";

const today = new Date("2026-03-31T10:00:00Z");
const p = (s: string) => new URLSearchParams(s);

describe("comparisonFromParams", () => {
  it("opens on the last 30 days against the 30 before, in two-period mode", () => {
    expect(comparisonFromParams(p(""), today)).toEqual({
      mode: "periods",
      a: { from: "2026-01-31", to: "2026-03-01" },
      b: { from: "2026-03-02", to: "2026-03-31" },
      snapFrom: "",
      snapTo: "",
    });
  });

  it("reads the mode, the periods and the snapshots, and falls back on unreadable days", () => {
    const s = comparisonFromParams(p("mode=snapshots&a_from=2025-01-01&a_to=2025-03-31&b_from=2025-13-01&snap_from=s1&snap_to=s2"), today);
    expect(s.mode).toBe("snapshots");
    expect(s.a).toEqual({ from: "2025-01-01", to: "2025-03-31" });
    expect(s.b.from).toBe("2026-03-02");
    expect([s.snapFrom, s.snapTo]).toEqual(["s1", "s2"]);
    expect(comparisonFromParams(p("mode=other"), today).mode).toBe("periods");
  });
});

describe("withComparison", () => {
  it("writes what was chosen, leaves the default mode out and keeps the rest", () => {
    const next = withComparison(p("x=1"), { mode: "snapshots", snapFrom: "s1", snapTo: "s2" });
    expect(next.toString()).toBe("x=1&mode=snapshots&snap_from=s1&snap_to=s2");
    expect(withComparison(next, { mode: "periods", a: { from: "2026-01-01", to: "2026-01-31" } }).toString()).toBe(
      "x=1&snap_from=s1&snap_to=s2&a_from=2026-01-01&a_to=2026-01-31",
    );
  });

  it("round-trips a period through the URL", () => {
    const b = { from: "2026-02-01", to: "2026-02-28" };
    expect(comparisonFromParams(withComparison(p(""), { b }), today).b).toEqual(b);
  });
});

describe("periodQuery and defaultSnapshotPair", () => {
  it("asks for whole UTC days", () => {
    expect(periodQuery({ from: "2026-01-01", to: "2026-01-31" })).toEqual({ from: "2026-01-01T00:00:00Z", to: "2026-01-31T23:59:59Z" });
  });

  it("compares the newest snapshot with the one before", () => {
    expect(defaultSnapshotPair([{ id: "new" }, { id: "old" }, { id: "older" }])).toEqual({ from: "old", to: "new" });
    expect(defaultSnapshotPair([{ id: "only" }])).toEqual({ from: "", to: "" });
  });
});
