import { describe, expect, it } from "vitest";
import { matchesQuery, ownName, searchMatches } from "./search";
import { cell, column } from "@/test/matrix";

const ps = cell("T1059.001", { name: "Command and Scripting Interpreter: PowerShell" });

describe("matchesQuery", () => {
  it("finds by id, whole or in part, in any case", () => {
    expect(matchesQuery(ps, "T1059.001")).toBe(true);
    expect(matchesQuery(ps, "t1059")).toBe(true);
    expect(matchesQuery(ps, "1059.0")).toBe(true);
    expect(matchesQuery(ps, "T1003")).toBe(false);
  });

  it("finds by a sub-technique's own name, not its parent's", () => {
    expect(ownName(ps)).toBe("PowerShell");
    expect(matchesQuery(ps, "  power  ")).toBe(true);
    expect(matchesQuery(ps, "scripting")).toBe(false);
    expect(matchesQuery(cell("T1059", { name: "Command and Scripting Interpreter" }), "scripting")).toBe(true);
  });

  it("matches nothing for an empty search", () => {
    expect(matchesQuery(ps, " ")).toBe(false);
  });
});

describe("searchMatches", () => {
  it("lists matches once each, in matrix order, sub-techniques after their parent", () => {
    const parent = cell("T1059", { name: "Command and Scripting Interpreter", subtechniques: [ps] });
    const cols = [column("execution", [cell("T1047", { name: "Windows Management Instrumentation" }), parent]), column("persistence", [parent])];
    expect(searchMatches(cols, "t10")).toEqual(["T1047", "T1059", "T1059.001"]);
    expect(searchMatches(cols, "")).toEqual([]);
  });
});
