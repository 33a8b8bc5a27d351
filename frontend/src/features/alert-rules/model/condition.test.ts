import { describe, expect, it } from "vitest";
import type { AlertKind } from "@/api/types";
import { describeCondition, describeCooldown, describeRecipients, KINDS, subjectLabel, subjectLink } from "./condition";

const names = {
  tactic: (s: string) => (s === "execution" ? "Execution" : s),
  actor: (id: string) => (id === "G0016" ? "APT29" : undefined),
  set: (id: string) => (id === "s1" ? "Finance profile" : undefined),
};

describe("describeCondition", () => {
  it("says every kind in words, with its parameters and the names of what it refers to", () => {
    const cases: [AlertKind, string][] = [
      [{ kind: "org_score_below", threshold: 40 }, "Organisation score below 40"],
      [{ kind: "tactic_score_below", tactic: "execution", threshold: 37.25 }, "Execution score below 37.3"],
      [{ kind: "threat_actor_score_below", threat_actor: "G0016", threshold: 50 }, "Score over APT29 (G0016)'s techniques below 50"],
      [{ kind: "technique_set_score_below", technique_set_id: "s1", threshold: 60 }, "Score over the technique set “Finance profile” below 60"],
      [{ kind: "coverage_regressed" }, "A technique's coverage fell since the previous evaluation"],
      [{ kind: "tests_stuck", state: "blue_evaluating", days: 14 }, "Tests in “Blue evaluating” for more than 14 days"],
      [{ kind: "remediation_overdue" }, "Remediation steps past their due date"],
      [{ kind: "remediation_overdue", grace_days: 1 }, "Remediation steps more than 1 day past their due date"],
      [{ kind: "validation_stale", days: 180 }, "Techniques last validated more than 180 days ago"],
      [{ kind: "unreviewed_changes", days: 30 }, "Techniques changed by an ATT&CK sync and not reviewed 30 days after it"],
      [{ kind: "tracked_actor_gap" }, "Techniques gained by a tracked threat actor and not validated"],
    ];
    for (const [condition, words] of cases) expect(describeCondition(condition, names)).toBe(words);
    // Every kind the form offers is described.
    expect(new Set(cases.map(([c]) => c.kind))).toEqual(new Set(KINDS.map((k) => k.kind)));
  });

  it("names an unknown reference by its id", () => {
    expect(describeCondition({ kind: "tactic_score_below", tactic: "impact", threshold: 10 })).toBe("impact score below 10");
    expect(describeCondition({ kind: "threat_actor_score_below", threat_actor: "G9999", threshold: 10 }, names)).toBe("Score over G9999's techniques below 10");
    expect(describeCondition({ kind: "technique_set_score_below", technique_set_id: "gone", threshold: 10 }, names)).toBe("Score over the technique set gone below 10");
  });
});

describe("describeCooldown", () => {
  it("uses the largest unit that divides it", () => {
    expect(describeCooldown(1440)).toBe("1 day");
    expect(describeCooldown(90 * 1440)).toBe("90 days");
    expect(describeCooldown(720)).toBe("12 hours");
    expect(describeCooldown(60)).toBe("1 hour");
    expect(describeCooldown(90)).toBe("90 minutes");
    expect(describeCooldown(0)).toBe("none");
  });
});

describe("describeRecipients", () => {
  it("lists the roles, then the users by username (their id when unknown)", () => {
    const username = (id: string) => (id === "u1" ? "alice" : undefined);
    expect(describeRecipients({ roles: ["blue_lead", "admin"], users: ["u1", "u2"] }, username)).toEqual([
      "Every Blue Team Lead",
      "Every Administrator",
      "alice",
      "u2",
    ]);
    expect(describeRecipients({})).toEqual([]);
  });
});

describe("matched subjects", () => {
  it("link techniques, tests and actors to their pages, and nothing else", () => {
    expect(subjectLink("coverage_regressed", "T1059.001")).toBe("/techniques/T1059.001");
    expect(subjectLink("validation_stale", "T1003")).toBe("/techniques/T1003");
    expect(subjectLink("tests_stuck", "0b1c")).toBe("/tests/0b1c");
    expect(subjectLink("threat_actor_score_below", "G0016")).toBe("/threat-actors/G0016");
    expect(subjectLink("remediation_overdue", "step-1")).toBeNull();
    expect(subjectLink("org_score_below", "organisation")).toBeNull();
  });

  it("are named as a reader knows them", () => {
    expect(subjectLabel("org_score_below", "organisation")).toBe("Organisation");
    expect(subjectLabel("tactic_score_below", "execution", names)).toBe("Execution");
    expect(subjectLabel("threat_actor_score_below", "G0016", names)).toBe("APT29 (G0016)");
    expect(subjectLabel("technique_set_score_below", "s1", names)).toBe("Finance profile");
    expect(subjectLabel("coverage_regressed", "T1059")).toBe("T1059");
  });
});
