import { describe, expect, it } from "vitest";
import {
  hasRuleFilters,
  NO_RULE_FILTERS,
  parseTechniqueIds,
  ruleFiltersFromParams,
  toRuleQuery,
  withoutRuleFilters,
  withRuleFilter,
} from "./filters";

describe("detection rule filters and the URL", () => {
  it("reads every filter from the URL, dropping values the API would refuse", () => {
    const f = ruleFiltersFromParams(
      new URLSearchParams("source=sigma&technique=t1059.001&tactic=execution&level=High&status=stable&platform=windows&mapped=false&deprecated=true&q=powershell"),
    );
    expect(f).toEqual({
      source: "sigma",
      technique: "T1059.001",
      tactic: "execution",
      level: "high",
      status: "stable",
      platform: "windows",
      mapped: "false",
      deprecated: "true",
      q: "powershell",
    });
    expect(ruleFiltersFromParams(new URLSearchParams("source=splunk&technique=1059&mapped=maybe"))).toEqual(NO_RULE_FILTERS);
  });

  it("writes a changed filter into the URL and removes an emptied one, keeping the rest", () => {
    const start = new URLSearchParams("source=elastic&view=list");
    const next = withRuleFilter(start, "mapped", "false");
    expect(next.toString()).toBe("source=elastic&view=list&mapped=false");
    expect(withRuleFilter(next, "source", "").toString()).toBe("view=list&mapped=false");
    expect(withoutRuleFilters(next).toString()).toBe("view=list");
    expect(start.toString()).toBe("source=elastic&view=list");
  });

  it("round-trips: the URL written from filters reads back as the same filters", () => {
    let params = new URLSearchParams();
    params = withRuleFilter(params, "technique", "T1003");
    params = withRuleFilter(params, "deprecated", "false");
    params = withRuleFilter(params, "q", "  lsass ");
    const f = ruleFiltersFromParams(params);
    expect(f).toMatchObject({ technique: "T1003", deprecated: "false", q: "lsass" });
    expect(hasRuleFilters(f)).toBe(true);
    expect(hasRuleFilters(NO_RULE_FILTERS)).toBe(false);
    expect(toRuleQuery({ ...f, q: " lsass " })).toMatchObject({ technique: "T1003", deprecated: "false", q: "lsass", source: "" });
  });

  it("parses a typed list of technique ids, naming the bad ones", () => {
    expect(parseTechniqueIds("t1059.001, T1027 ;T1059.001\nT10")).toEqual({ ids: ["T1059.001", "T1027"], invalid: ["T10"] });
    expect(parseTechniqueIds("  ")).toEqual({ ids: [], invalid: [] });
  });
});
