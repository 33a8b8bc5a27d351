import { describe, expect, it } from "vitest";
import type { TestRule } from "@/api/defense";
import { addRule, removeRule, rowsFromTest, ruleSummary, setOutcome, toRuleOutcomes } from "./ruleOutcomes";

const attached: TestRule[] = [
  { rule_id: "r1", title: "Encoded PowerShell", source: "sigma", mapped: true },
  { rule_id: "r2", title: "Suspicious script block", source: "elastic", mapped: true },
];

describe("rule outcomes of the blue form", () => {
  it("starts with the attached rules and nothing chosen", () => {
    const rows = rowsFromTest(attached);
    expect(rows.map((r) => r.outcome)).toEqual(["", ""]);
    expect(toRuleOutcomes(rows)).toEqual([]);
    expect(rowsFromTest(undefined)).toEqual([]);
  });

  it("sends only the rules answered, each once", () => {
    let rows = rowsFromTest(attached);
    rows = setOutcome(rows, "r2", "not_fired");
    rows = setOutcome(rows, "r2", "fired");
    expect(toRuleOutcomes(rows)).toEqual([{ rule_id: "r2", outcome: "fired" }]);
  });

  it("adds a rule of the catalog once, as not mapped, and only an added one can be taken out", () => {
    let rows = addRule(rowsFromTest(attached), { id: "r3", title: "Custom EDR rule", source: "custom" });
    rows = addRule(rows, { id: "r3", title: "Custom EDR rule", source: "custom" });
    rows = addRule(rows, { id: "r1", title: "Encoded PowerShell", source: "sigma" });
    expect(rows.map((r) => [r.rule_id, r.mapped, r.added])).toEqual([
      ["r1", true, false],
      ["r2", true, false],
      ["r3", false, true],
    ]);
    rows = setOutcome(rows, "r3", "not_applicable");
    expect(toRuleOutcomes(rows)).toEqual([{ rule_id: "r3", outcome: "not_applicable" }]);
    expect(removeRule(rows, "r1")).toHaveLength(3);
    expect(removeRule(rows, "r3").map((r) => r.rule_id)).toEqual(["r1", "r2"]);
  });

  it("summarises by outcome, naming the rules not reported", () => {
    const rows = setOutcome(rowsFromTest(attached), "r1", "fired");
    expect(ruleSummary(rows)).toBe("Fired: “Encoded PowerShell” · Not reported: “Suspicious script block”");
    expect(ruleSummary([])).toBe("No rule attached or added");
  });
});
