import { describe, expect, it } from "vitest";
import { ApiError } from "@/api/client";
import type { AlertRule } from "@/api/types";
import { buildCreate, buildUpdate, changesSomething, emptyForm, formFromRule, sameCondition, sortIds, unplacedErrors, type RuleForm } from "./form";

const A = "0f000000-0000-4000-8000-000000000001";
const B = "a0000000-0000-4000-8000-000000000002";
const C = "3c000000-0000-4000-8000-000000000003";

function rule(over: Partial<AlertRule> = {}): AlertRule {
  return {
    id: "r1",
    name: "Execution is weak",
    description: "",
    enabled: true,
    condition: { kind: "tactic_score_below", tactic: "execution", threshold: 40 },
    severity: "high",
    recipients: { roles: ["blue_lead"], users: [B, A] },
    channels: [],
    cooldown_minutes: 1440,
    created_by: "lead",
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    version: 3,
    ...over,
  };
}

const form = (over: Partial<RuleForm>): RuleForm => ({ ...emptyForm(), name: "Rule", roles: ["admin"], ...over });

describe("buildCreate", () => {
  it("sends only the chosen kind's parameters, typed, with the cooldown in minutes", () => {
    const built = buildCreate(form({ kind: "tests_stuck", state: "in_review", days: "14", threshold: "12", tactic: "execution", cooldown: "12", cooldownUnit: "hours" }));
    expect(built).toEqual({
      ok: true,
      body: {
        name: "Rule",
        description: "",
        severity: "medium",
        enabled: true,
        condition: { kind: "tests_stuck", state: "in_review", days: 14 },
        recipients: { roles: ["admin"], users: [] },
        channels: [],
        cooldown_minutes: 720,
      },
    });
  });

  it("builds every kind's condition", () => {
    const base = { threshold: "40", tactic: "execution", threatActor: "G0016", techniqueSetId: "s1", days: "30", graceDays: "2" };
    const condition = (kind: RuleForm["kind"]) => {
      const built = buildCreate(form({ ...base, kind }));
      if (!built.ok) throw new Error(JSON.stringify(built.errors));
      return built.body.condition;
    };
    expect(condition("org_score_below")).toEqual({ kind: "org_score_below", threshold: 40 });
    expect(condition("tactic_score_below")).toEqual({ kind: "tactic_score_below", tactic: "execution", threshold: 40 });
    expect(condition("threat_actor_score_below")).toEqual({ kind: "threat_actor_score_below", threat_actor: "G0016", threshold: 40 });
    expect(condition("technique_set_score_below")).toEqual({ kind: "technique_set_score_below", technique_set_id: "s1", threshold: 40 });
    expect(condition("coverage_regressed")).toEqual({ kind: "coverage_regressed" });
    expect(condition("remediation_overdue")).toEqual({ kind: "remediation_overdue", grace_days: 2 });
    expect(condition("validation_stale")).toEqual({ kind: "validation_stale", days: 30 });
    expect(condition("unreviewed_changes")).toEqual({ kind: "unreviewed_changes", days: 30 });
    expect(condition("tracked_actor_gap")).toEqual({ kind: "tracked_actor_gap" });
  });

  it("refuses what JSON cannot carry, under the server's field names, and leaves ranges to the server", () => {
    expect(buildCreate(form({ threshold: "" }))).toEqual({ ok: false, errors: { "condition.threshold": "Enter a number." } });
    expect(buildCreate(form({ kind: "validation_stale", days: "2.5", cooldown: "-1" }))).toEqual({
      ok: false,
      errors: { "condition.days": "Enter a whole number, 0 or more.", cooldown_minutes: "Enter a whole number, 0 or more." },
    });
    expect(buildCreate(form({ kind: "tactic_score_below", tactic: "" }))).toEqual({ ok: false, errors: { "condition.tactic": "Choose a tactic." } });
    // Out of range, but a number: the server says why, next to the same field.
    const high = buildCreate(form({ threshold: "150" }));
    expect(high.ok && high.body.condition).toEqual({ kind: "org_score_below", threshold: 150 });
  });

  it("sends users in the server's order (so its recipients.users[i] names the person listed i-th)", () => {
    const built = buildCreate(form({ users: [B, A, C, A] }));
    expect(built.ok && built.body.recipients?.users).toEqual([A, C, B]);
    expect(sortIds([B.toUpperCase(), A])).toEqual([A, B]);
  });

  it("sends channels in the server's order too (its channels[i] names the channel chosen i-th in that order)", () => {
    const built = buildCreate(form({ channels: [C, A, C] }));
    expect(built.ok && built.body.channels).toEqual([A, C]);
  });
});

describe("formFromRule and buildUpdate", () => {
  it("read a rule back into the form, users sorted, the cooldown in its largest unit", () => {
    const f = formFromRule(rule({ cooldown_minutes: 2 * 1440 }));
    expect(f).toMatchObject({ kind: "tactic_score_below", tactic: "execution", threshold: "40", users: [A, B], roles: ["blue_lead"], cooldown: "2", cooldownUnit: "days" });
    expect(formFromRule(rule({ condition: { kind: "remediation_overdue" } })).graceDays).toBe("0");
    expect(formFromRule(rule({ channels: [C, A] })).channels).toEqual([A, C]);
  });

  it("send the version read and only what changed", () => {
    const r = rule();
    const unchanged = buildUpdate(formFromRule(r), r);
    expect(unchanged).toEqual({ ok: true, body: { version: 3 } });
    expect(unchanged.ok && changesSomething(unchanged.body)).toBe(false);

    const changed = buildUpdate({ ...formFromRule(r), threshold: "55", severity: "critical", roles: ["blue_lead", "admin"] }, r);
    expect(changed).toEqual({
      ok: true,
      body: {
        version: 3,
        severity: "critical",
        condition: { kind: "tactic_score_below", tactic: "execution", threshold: 55 },
        recipients: { roles: ["admin", "blue_lead"], users: [A, B] },
      },
    });
  });

  it("send the channels only when the set chosen changed", () => {
    const r = rule({ channels: [C, A] });
    expect(buildUpdate({ ...formFromRule(r), channels: [A, C] }, r)).toEqual({ ok: true, body: { version: 3 } });
    expect(buildUpdate({ ...formFromRule(r), channels: [C] }, r)).toEqual({ ok: true, body: { version: 3, channels: [C] } });
    expect(buildUpdate({ ...formFromRule(r), channels: [] }, r)).toEqual({ ok: true, body: { version: 3, channels: [] } });
  });

  it("leave an unchanged condition out whatever its key order or absent defaults", () => {
    expect(sameCondition({ kind: "remediation_overdue" }, { kind: "remediation_overdue", grace_days: 0 })).toBe(true);
    expect(sameCondition({ threshold: 4, kind: "org_score_below" }, { kind: "org_score_below", threshold: 4 })).toBe(true);
    expect(sameCondition({ kind: "org_score_below", threshold: 4 }, { kind: "org_score_below", threshold: 5 })).toBe(false);
    const r = rule({ condition: { kind: "remediation_overdue" } });
    expect(buildUpdate(formFromRule(r), r)).toEqual({ ok: true, body: { version: 3 } });
  });
});

describe("unplacedErrors", () => {
  it("keeps the refusals no field shows", () => {
    const error = new ApiError({
      status: 422,
      detail: "invalid",
      errors: [
        { field: "condition.threshold", code: "range", message: "a score threshold is 0 to 100" },
        { field: "recipients.users[0]", code: "unknown", message: "no user" },
        { field: "recipients.users[2]", code: "unknown", message: "no user" },
        { field: "channels[0]", code: "unknown", message: "no alert channel" },
      ],
    });
    expect(unplacedErrors(error, 2)).toEqual(["recipients.users[2]: no user", "channels[0]: no alert channel"]);
    // A channel chosen is listed with its own message.
    expect(unplacedErrors(error, 2, 1)).toEqual(["recipients.users[2]: no user"]);
    expect(unplacedErrors(new Error("offline"), 0)).toEqual([]);
  });
});
