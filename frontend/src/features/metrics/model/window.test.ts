import { describe, expect, it } from "vitest";
import { DEFAULT_FILTERS, filtersFromParams, toApiQuery, utcDay, validDay, withFilters } from "./window";

const p = (s: string) => new URLSearchParams(s);

describe("filtersFromParams", () => {
  it("reads every filter from the URL", () => {
    expect(filtersFromParams(p("window=custom&from=2026-01-01&to=2026-03-31&tactic=execution&team=blue"))).toEqual({
      window: "custom",
      from: "2026-01-01",
      to: "2026-03-31",
      tactic: "execution",
      team: "blue",
    });
    expect(filtersFromParams(p("window=30"))).toEqual({ ...DEFAULT_FILTERS, window: "30" });
  });

  it("drops what it does not know: the server's default window, no team, no unreal day", () => {
    expect(filtersFromParams(p(""))).toEqual(DEFAULT_FILTERS);
    expect(filtersFromParams(p("window=7&team=purple"))).toEqual(DEFAULT_FILTERS);
    expect(filtersFromParams(p("window=custom&from=2026-02-30&to=yesterday"))).toMatchObject({ window: "custom", from: "", to: "" });
    // Dates belong to a custom window only.
    expect(filtersFromParams(p("window=180&from=2026-01-01"))).toMatchObject({ window: "180", from: "" });
  });
});

describe("withFilters", () => {
  it("writes only what differs from the defaults and keeps other parameters", () => {
    expect(withFilters(p("x=1"), { window: "30", team: "red" }).toString()).toBe("x=1&window=30&team=red");
    expect(withFilters(p("window=30&team=red"), { window: "90", team: "" }).toString()).toBe("");
    expect(withFilters(p("window=custom&from=2026-01-01&to=2026-01-31"), { window: "365" }).toString()).toBe("window=365");
    expect(withFilters(p("window=custom"), { from: "2026-01-01" }).toString()).toBe("window=custom&from=2026-01-01");
  });

  it("round-trips through the URL", () => {
    const f = { window: "custom", from: "2025-06-01", to: "2025-06-30", tactic: "persistence", team: "red" } as const;
    expect(filtersFromParams(withFilters(p(""), f))).toEqual(f);
  });
});

describe("toApiQuery", () => {
  const now = new Date("2026-03-31T12:00:00Z");

  it("turns a preset into the days before now", () => {
    expect(toApiQuery({ ...DEFAULT_FILTERS, window: "30" }, now)).toEqual({ from: "2026-03-01T12:00:00.000Z", tactic: undefined, team: undefined });
  });

  it("runs a custom window from its first day's start to its last day's end (UTC)", () => {
    expect(toApiQuery({ window: "custom", from: "2026-01-01", to: "2026-01-31", tactic: "execution", team: "blue" }, now)).toEqual({
      from: "2026-01-01T00:00:00Z",
      to: "2026-01-31T23:59:59Z",
      tactic: "execution",
      team: "blue",
    });
    expect(toApiQuery({ ...DEFAULT_FILTERS, window: "custom", to: "2026-01-31" }, now)).toMatchObject({ from: undefined, to: "2026-01-31T23:59:59Z" });
  });
});

describe("days", () => {
  it("validates and shifts UTC days", () => {
    expect(validDay("2024-02-29")).toBe("2024-02-29");
    expect(validDay("2025-02-29")).toBe("");
    expect(validDay("2025-1-2")).toBe("");
    expect(utcDay(new Date("2026-03-01T23:30:00Z"), -1)).toBe("2026-02-28");
  });
});
