//! The blue side's report on each detection rule of a test: the rules attached when the test was
//! created (mapped to its technique), plus any the blue tech adds from the catalog. Each has no
//! answer until one is chosen; an unanswered rule is simply not reported (it is optional), and
//! only answered ones are sent as `rule_outcomes`.

import { RULE_OUTCOME_LABELS, type RuleOutcome, type RuleResult, type RuleSource, type RuleSummary, type TestRule } from "@/api/defense";

export interface RuleRow {
  rule_id: string;
  title: string;
  source: RuleSource;
  /** Attached because its source maps the test's technique; false: added by the blue side. */
  mapped: boolean;
  /** Added in this form (so it may be taken out again). */
  added: boolean;
  outcome: RuleOutcome | "";
}

/** The test's attached rules, none answered, with what an earlier round recorded if any. */
export function rowsFromTest(rules: readonly TestRule[] | undefined, previous: readonly RuleResult[] = []): RuleRow[] {
  return (rules ?? []).map((r) => ({
    rule_id: r.rule_id,
    title: r.title,
    source: r.source,
    mapped: r.mapped,
    added: false,
    outcome: previous.find((p) => p.rule_id === r.rule_id)?.outcome ?? "",
  }));
}

/** `rows` with a rule of the catalog added (not mapped), unless it is already there. */
export function addRule(rows: readonly RuleRow[], rule: Pick<RuleSummary, "id" | "title" | "source">): RuleRow[] {
  if (rows.some((r) => r.rule_id === rule.id)) return [...rows];
  return [...rows, { rule_id: rule.id, title: rule.title, source: rule.source, mapped: false, added: true, outcome: "" }];
}

export function setOutcome(rows: readonly RuleRow[], ruleId: string, outcome: RuleOutcome): RuleRow[] {
  return rows.map((r) => (r.rule_id === ruleId ? { ...r, outcome } : r));
}

export function removeRule(rows: readonly RuleRow[], ruleId: string): RuleRow[] {
  return rows.filter((r) => !(r.rule_id === ruleId && r.added));
}

/** The request's `rule_outcomes`: every answered rule, once. */
export function toRuleOutcomes(rows: readonly RuleRow[]): RuleResult[] {
  return rows.filter((r) => r.outcome !== "").map((r) => ({ rule_id: r.rule_id, outcome: r.outcome as RuleOutcome }));
}

/** "Fired: A, B · Did not fire: C · Not reported: D", for the summary before submitting. */
export function ruleSummary(rows: readonly RuleRow[]): string {
  if (rows.length === 0) return "No rule attached or added";
  const groups: [string, RuleRow[]][] = [
    [RULE_OUTCOME_LABELS.fired, rows.filter((r) => r.outcome === "fired")],
    [RULE_OUTCOME_LABELS.not_fired, rows.filter((r) => r.outcome === "not_fired")],
    [RULE_OUTCOME_LABELS.not_applicable, rows.filter((r) => r.outcome === "not_applicable")],
    ["Not reported", rows.filter((r) => r.outcome === "")],
  ];
  return groups
    .filter(([, list]) => list.length > 0)
    .map(([label, list]) => `${label}: ${list.map((r) => `“${r.title}”`).join(", ")}`)
    .join(" · ");
}
