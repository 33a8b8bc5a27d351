import { describe, expect, it } from "vitest";
import { autoExpanded, filtersTechniques, isExpanded, toggled } from "./expansion";
import { cell, column } from "@/test/matrix";
import { DEFAULT_VIEW, readView, writeView } from "./view";

const cols = [column("execution", [cell("T1059", { subtechniques: [cell("T1059.001", { name: "Command and Scripting Interpreter: PowerShell" })] }), cell("T1106")]), column("persistence", [cell("T1547", { subtechniques: [cell("T1547.001")] })])];

describe("autoExpanded", () => {
  it("expands the parents of sub-techniques matching the search", () => {
    expect([...autoExpanded(cols, "powershell", false)]).toEqual(["T1059"]);
    expect([...autoExpanded(cols, "T1059.001", false)]).toEqual(["T1059"]);
  });

  it("does not expand for a match in the parent's part of a sub-technique's name", () => {
    expect([...autoExpanded(cols, "Scripting", false)]).toEqual([]);
  });

  it("expands every parent with a sub-technique shown under a filter on techniques", () => {
    // The server sends only the sub-techniques that match every filter: those are the matches.
    expect([...autoExpanded(cols, "", true)]).toEqual(["T1059", "T1547"]);
  });

  it("never expands a parent without a sub-technique shown, whatever the filter", () => {
    expect(autoExpanded(cols, "", true).has("T1106")).toBe(false);
  });

  it("expands nothing without a search or a filter on techniques", () => {
    expect(autoExpanded(cols, "  ", false).size).toBe(0);
  });
});

describe("filtersTechniques", () => {
  it("is on for platform, threat actor, technique set and coverage, off for the tactic alone", () => {
    expect(filtersTechniques({ platform: "Linux" })).toBe(true);
    expect(filtersTechniques({ threat_actor: "G0016" })).toBe(true);
    expect(filtersTechniques({ technique_set: "0b7f…" })).toBe(true);
    expect(filtersTechniques({ status: "validated" })).toBe(true);
    expect(filtersTechniques({ platform: "", threat_actor: "", technique_set: "", status: "" })).toBe(false);
    expect(filtersTechniques({ tactic: "execution" } as never)).toBe(false);
  });
});

describe("toggling", () => {
  const auto = new Set(["T1059"]);

  it("keeps only departures from the base, so the URL stays short", () => {
    let view = DEFAULT_VIEW;
    expect(isExpanded(view, "T1059", auto)).toBe(true);
    view = { ...view, ...toggled(view, "T1059", auto) };
    expect(view).toMatchObject({ open: [], shut: ["T1059"] });
    expect(isExpanded(view, "T1059", auto)).toBe(false);
    view = { ...view, ...toggled(view, "T1059", auto) };
    expect(view).toMatchObject({ open: [], shut: [] });
    view = { ...view, ...toggled(view, "T1547", auto) };
    expect(view).toMatchObject({ open: ["T1547"], shut: [] });
  });

  it("survives the URL", () => {
    const view = { ...DEFAULT_VIEW, expand: "all" as const, ...toggled({ ...DEFAULT_VIEW, expand: "all" }, "T1547", auto) };
    const back = readView(writeView(new URLSearchParams(), view));
    expect(isExpanded(back, "T1547", auto)).toBe(false);
    expect(isExpanded(back, "T1059", auto)).toBe(true);
    expect(isExpanded({ ...back, expand: "none" }, "T1059", auto)).toBe(false);
  });
});
