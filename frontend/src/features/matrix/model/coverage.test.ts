import { describe, expect, it } from "vitest";
import { cellView, describeCellView, kindCounts, ownKind, subLabel, uncoveredTargets } from "./coverage";
import { cell, column, tested } from "@/test/matrix";

const subs = (n: number, validated: number) =>
  Array.from({ length: n }, (_, i) => (i < validated ? tested(`T1059.${String(i + 1).padStart(3, "0")}`, "validated") : cell(`T1059.${String(i + 1).padStart(3, "0")}`)));

describe("ownKind", () => {
  it("tells never-tested apart from tested without coverage", () => {
    expect(ownKind(cell("T1"))).toBe("untested");
    expect(ownKind(tested("T1", "not_covered"))).toBe("not_covered");
    expect(ownKind(tested("T1", "validated"))).toBe("validated");
    expect(ownKind(tested("T1", "in_progress"))).toBe("in_progress");
  });
});

describe("the parent rule", () => {
  it("shows an untested parent with one validated sub-technique of 13 as partial via sub-techniques, 1/13", () => {
    const v = cellView(cell("T1059", { subtechniques: subs(13, 1) }));
    expect(v).toMatchObject({ kind: "partial", own: "untested", viaSubs: true, context: false });
    expect(subLabel(v.subs!)).toBe("1/13");
  });

  it("shows a parent whose every sub-technique is validated as validated via sub-techniques", () => {
    expect(cellView(cell("T1059", { subtechniques: subs(3, 3) }))).toMatchObject({ kind: "validated", viaSubs: true });
  });

  it("keeps a parent's own better coverage, not marked as coming from its sub-techniques", () => {
    expect(cellView(tested("T1059", "validated", { subtechniques: subs(3, 1) }))).toMatchObject({ kind: "validated", own: "validated", viaSubs: false });
    expect(cellView(tested("T1059", "partial", { subtechniques: subs(3, 1) }))).toMatchObject({ kind: "partial", viaSubs: false });
  });

  it("lifts a parent whose own test is still under way when a sub-technique is validated", () => {
    expect(cellView(tested("T1059", "in_progress", { subtechniques: subs(2, 1) }))).toMatchObject({ kind: "partial", own: "in_progress", viaSubs: true });
  });

  it("counts a partial (logged only) sub-technique as partial coverage of its parent", () => {
    const v = cellView(cell("T1021", { subtechniques: [tested("T1021.001", "partial"), cell("T1021.002")] }));
    expect(v).toMatchObject({ kind: "partial", viaSubs: true });
    expect(subLabel(v.subs!)).toBe("0/2");
  });

  it("takes nothing from sub-techniques that are only under way, not covered or untested", () => {
    const v = cellView(cell("T1110", { subtechniques: [tested("T1110.001", "in_progress"), tested("T1110.002", "not_covered"), cell("T1110.003")] }));
    expect(v).toMatchObject({ kind: "untested", viaSubs: false });
    expect(v.subs!.counts).toMatchObject({ in_progress: 1, not_covered: 1, untested: 1 });
  });

  it("leaves a parent shown only for its sub-techniques neutral, with its count", () => {
    const v = cellView(cell("T1059", { context_only: true, subtechniques: subs(1, 1) }));
    expect(v).toMatchObject({ context: true, viaSubs: false, score: null });
    expect(describeCellView(cell("T1059", { context_only: true, subtechniques: subs(1, 1) }))).toContain("shown for its sub-techniques (1 matching)");
  });

  it("paints by the best lifting sub-technique's score, by its own when tested, and not at all when untested", () => {
    const lifted = cell("T1059", { subtechniques: [tested("T1059.001", "validated", { score: 72 }), tested("T1059.002", "partial", { score: 40 }), cell("T1059.003")] });
    expect(cellView(lifted).score).toBe(72);
    expect(cellView(tested("T1", "not_covered", { score: 12 })).score).toBe(12);
    expect(cellView(cell("T1")).score).toBeNull();
  });
});

describe("describeCellView", () => {
  it("says the status in words, and where it comes from", () => {
    expect(describeCellView(cell("T1059", { name: "Command", subtechniques: subs(13, 1) }))).toBe(
      "T1059 Command: Partial via sub-techniques, score 0, 0 of 0 tests approved, 1 of 13 sub-techniques validated",
    );
    expect(describeCellView(cell("T1", { name: "One" }))).toBe("T1 One: Untested, score 0, 0 of 0 tests approved");
  });

  it("names a sub-technique as the cell shows it, id then its own name, then its parent", () => {
    expect(describeCellView(tested("T1059.001", "validated", { name: "Command and Scripting Interpreter: PowerShell", score: 60 }))).toBe(
      "T1059.001 PowerShell (sub-technique of Command and Scripting Interpreter): Validated, score 60, 1 of 1 test approved",
    );
  });
});

describe("kindCounts", () => {
  it("counts each technique once however many tactics show it, by its own tests, and the lifted parents apart", () => {
    const parent = cell("T1059", { subtechniques: subs(2, 1) });
    const cols = [column("execution", [parent, tested("T1", "not_covered")]), column("persistence", [parent, cell("T2", { context_only: true, subtechniques: [cell("T2.001")] })])];
    expect(kindCounts(cols)).toEqual({ counts: { validated: 1, partial: 0, in_progress: 0, not_covered: 1, untested: 3 }, viaSubs: 1 });
  });
});

describe("uncoveredTargets", () => {
  it("takes untested and tested-without-coverage techniques once, not parents covered through sub-techniques", () => {
    const cols = [
      column("a", [cell("T1"), tested("T2", "not_covered"), tested("T3", "in_progress"), cell("T4", { subtechniques: [tested("T4.001", "validated"), cell("T4.002")] })]),
      column("b", [cell("T1")]),
    ];
    const u = uncoveredTargets(cols);
    expect(u.targets.map((c) => c.attack_id)).toEqual(["T1", "T2", "T4.002"]);
    expect([u.untested, u.notCovered]).toEqual([2, 1]);
  });
});
