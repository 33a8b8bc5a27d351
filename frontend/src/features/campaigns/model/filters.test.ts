import { describe, expect, it } from "vitest";
import { filtersFromParams, hasFilters, toListQuery, withFilter } from "./filters";

describe("the list's filters in the URL", () => {
  it("reads the API's parameters, dropping an unknown status and upper-casing the actor", () => {
    const f = filtersFromParams(new URLSearchParams("status=active&actor=g0016&owner=ann&q=apt&page=2"));
    expect(f).toEqual({ status: "active", actor: "G0016", owner: "ann", q: "apt" });
    expect(filtersFromParams(new URLSearchParams("status=paused")).status).toBe("");
    expect(toListQuery(f)).toEqual({ status: "active", actor: "G0016", owner: "ann", q: "apt" });
  });

  it("sets and removes one filter, keeping the other parameters", () => {
    const p = withFilter(new URLSearchParams("q=apt&tab=x"), "status", "planned");
    expect(p.toString()).toBe("q=apt&tab=x&status=planned");
    expect(withFilter(p, "q", " ").toString()).toBe("tab=x&status=planned");
    expect(hasFilters(filtersFromParams(new URLSearchParams("tab=x")))).toBe(false);
  });
});
