import { describe, expect, it } from "vitest";
import type { Matrix, TechniqueCell } from "@/api/types";
import { actorTechniques, buildPreview, hasExactTemplate } from "./preview";

const cell = (attack_id: string, over: Partial<TechniqueCell> = {}): TechniqueCell => ({
  attack_id,
  name: attack_id,
  status: "not_covered",
  score: 0,
  color: "#fff",
  tests_total: 0,
  tests_validated: 0,
  platforms: ["Windows"],
  components: {} as TechniqueCell["components"],
  subtechniques: [],
  ...over,
});

// The heatmap filtered to the actor: kill-chain columns; T1059 is used under Execution, T1566
// only through its sub-technique (its own cell is context), T1078 under two tactics.
const matrix: Pick<Matrix, "tactics"> = {
  tactics: [
    {
      id: "TA0001",
      name: "Initial Access",
      shortname: "initial-access",
      score: 0,
      techniques: [cell("T1566", { context_only: true, subtechniques: [cell("T1566.001", { platforms: ["Linux"] })] }), cell("T1078", { status: "validated" })],
    },
    { id: "TA0002", name: "Execution", shortname: "execution", score: 0, techniques: [cell("T1059", { platforms: ["Windows", "Linux"] })] },
    { id: "TA0003", name: "Persistence", shortname: "persistence", score: 0, techniques: [cell("T1078", { status: "validated" })] },
  ],
};
const actor = {
  techniques: [
    { attack_id: "T1059", name: "Command and Scripting Interpreter", source: "mitre" },
    { attack_id: "T1566.001", name: "Spearphishing Attachment", source: "mitre" },
    { attack_id: "T1078", name: "Valid Accounts", source: "mitre" },
    { attack_id: "T1086", name: "PowerShell (revoked)", source: "mitre" },
  ],
};

describe("actorTechniques", () => {
  it("keeps the actor's techniques the heatmap shows, in kill-chain order of their first tactic, and names the others", () => {
    const { current, notCurrent } = actorTechniques(actor, matrix);
    expect(current.map((t) => [t.attack_id, t.tactic])).toEqual([
      ["T1078", "Initial Access"],
      ["T1566.001", "Initial Access"],
      ["T1059", "Execution"],
    ]);
    expect(current.find((t) => t.attack_id === "T1566.001")?.subtechnique).toBe(true);
    expect(notCurrent).toEqual(["T1086"]);
  });
});

describe("buildPreview", () => {
  const { current } = actorTechniques(actor, matrix);

  it("makes one test per technique with every option open, phases by first tactic, templates counted", () => {
    const p = buildPreview(current, { platforms: [], includeSubtechniques: true, onlyGaps: false }, { T1078: true, "T1566.001": false, T1059: true });
    expect(p.tests).toBe(3);
    expect(p.withTemplate).toBe(2);
    expect(p.pending).toBe(0);
    expect(p.phases).toEqual([
      { name: "Initial Access", tests: 2 },
      { name: "Execution", tests: 1 },
    ]);
  });

  it("leaves out sub-techniques, other platforms and (only gaps) validated ones, counting those skipped as validated", () => {
    const p = buildPreview(current, { platforms: ["windows"], includeSubtechniques: false, onlyGaps: true }, {});
    expect(Object.fromEntries(p.rows.map((r) => [r.technique.attack_id, r.leftOut ?? "kept"]))).toEqual({
      T1078: "validated",
      "T1566.001": "subtechnique",
      T1059: "kept",
    });
    expect(p.tests).toBe(1);
    expect(p.skippedValidated).toBe(1);
    expect(p.pending).toBe(1);
    expect(p.phases).toEqual([{ name: "Execution", tests: 1 }]);
  });
});

describe("hasExactTemplate", () => {
  it("counts only a template of exactly that technique (a parent's filter also lists its sub-techniques' templates)", () => {
    expect(hasExactTemplate([{ technique_ids: ["T1059.001"] }], "T1059")).toBe(false);
    expect(hasExactTemplate([{ technique_ids: ["T1059.001"] }, { technique_ids: ["T1105", "T1059"] }], "T1059")).toBe(true);
  });
});
