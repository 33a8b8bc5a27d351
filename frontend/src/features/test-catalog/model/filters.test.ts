import { describe, expect, it } from "vitest";
import { filtersFromParams, hasFilters, NO_FILTERS, toBulkFilter, toListQuery, withFilter, withoutFilters } from "./filters";

const params = (s: string) => new URLSearchParams(s);

describe("catalog filters and the URL", () => {
  it("reads every filter from the search parameters the API names", () => {
    expect(filtersFromParams(params("source=caldera&technique=t1059.001&tactic=execution&platform=windows&active=false&retired=true&flagged=true&q=mimikatz"))).toEqual({
      source: "caldera",
      technique: "T1059.001",
      tactic: "execution",
      platform: "windows",
      active: "false",
      retired: true,
      flagged: true,
      q: "mimikatz",
    });
    expect(filtersFromParams(params(""))).toEqual(NO_FILTERS);
  });

  it("drops values the API would refuse (an unknown source, a malformed technique, a non-boolean)", () => {
    const f = filtersFromParams(params("source=metasploit&technique=T10&active=yes&flagged=1&retired=no"));
    expect(f).toEqual(NO_FILTERS);
    expect(hasFilters(f)).toBe(false);
  });

  it("changes one filter and keeps the others; an empty value removes it", () => {
    const start = params("technique=T1059&q=ps");
    const next = withFilter(start, "source", "atomic-red-team");
    expect(next.toString()).toBe("technique=T1059&q=ps&source=atomic-red-team");
    expect(withFilter(next, "technique", "").toString()).toBe("q=ps&source=atomic-red-team");
    expect(withFilter(next, "flagged", true).get("flagged")).toBe("true");
    expect(withFilter(withFilter(next, "flagged", true), "flagged", false).has("flagged")).toBe(false);
    // The input is left as it was (React Router hands out the current parameters).
    expect(start.toString()).toBe("technique=T1059&q=ps");
  });

  it("round-trips: the filters written to the URL are the filters read back", () => {
    let p = new URLSearchParams();
    p = withFilter(p, "technique", "T1003");
    p = withFilter(p, "active", "true");
    p = withFilter(p, "platform", "linux");
    expect(filtersFromParams(p)).toEqual({ ...NO_FILTERS, technique: "T1003", active: "true", platform: "linux" });
    expect(withoutFilters(withFilter(p, "q", "x")).toString()).toBe("");
  });

  it("queries the list with the filters as they are, empty ones left for the client to drop", () => {
    expect(toListQuery({ ...NO_FILTERS, technique: "T1059", active: "true", flagged: true, q: "  cmd " })).toEqual({
      source: "",
      technique: "T1059",
      tactic: "",
      platform: "",
      active: "true",
      retired: "",
      flagged: "true",
      q: "cmd",
    });
  });

  it("bulk-changes all matching with the list's own filters", () => {
    expect(toBulkFilter({ ...NO_FILTERS, source: "lolbas", technique: "T1218", active: "false", q: "x" })).toEqual({
      source: "lolbas",
      technique: "T1218",
      active: false,
      q: "x",
    });
    expect(toBulkFilter(NO_FILTERS)).toEqual({});
    expect(toBulkFilter({ ...NO_FILTERS, retired: true, flagged: true })).toEqual({ retired: true, flagged: true });
  });
});
