import { describe, expect, it } from "vitest";
import type { Role, Test, TestState } from "@/api/types";
import { allowedActions, bestDetection, can, evidenceSide, hasDetectionGap, hasRole, navigationFor, ROLES, voteRoles } from "./permissions";

const vote = { decision: "approve" as const, by: "someone", comment: "", at: "2026-01-01T00:00:00Z" };
const test = (state: TestState, votes: Test["votes"] = {}) => ({ state, votes });

describe("hasRole", () => {
  it("lets admin do everything and nobody else more than listed", () => {
    expect(hasRole("admin", [])).toBe(true);
    expect(hasRole("red_tech", ["red_tech"])).toBe(true);
    expect(hasRole("blue_tech", ["red_tech", "red_lead"])).toBe(false);
    expect(hasRole(undefined, ["viewer"])).toBe(false);
  });
});

describe("allowedActions", () => {
  it("gives each state's step to its role only (admin included)", () => {
    expect(allowedActions("red_tech", test("draft"))).toEqual(["start-execution"]);
    expect(allowedActions("red_tech", test("red_executing"))).toEqual(["submit-red"]);
    expect(allowedActions("blue_tech", test("blue_evaluating"))).toEqual(["submit-blue"]);
    expect(allowedActions("red_lead", test("in_review"))).toEqual(["vote"]);
    expect(allowedActions("blue_lead", test("rejected"))).toEqual(["reopen"]);
    expect(allowedActions("admin", test("draft"))).toEqual(["start-execution"]);
  });

  it("refuses the wrong role in every state", () => {
    expect(allowedActions("blue_tech", test("draft"))).toEqual([]);
    expect(allowedActions("red_lead", test("red_executing"))).toEqual([]);
    expect(allowedActions("red_tech", test("blue_evaluating"))).toEqual([]);
    expect(allowedActions("red_tech", test("in_review"))).toEqual([]);
    expect(allowedActions("blue_tech", test("rejected"))).toEqual([]);
  });

  it("gives a viewer nothing, ever", () => {
    for (const s of ["draft", "red_executing", "blue_evaluating", "in_review", "validated", "rejected"] as TestState[]) {
      expect(allowedActions("viewer", test(s))).toEqual([]);
    }
  });

  it("gives nobody anything on a validated test", () => {
    for (const r of ROLES) expect(allowedActions(r, test("validated"))).toEqual([]);
  });

  it("takes the vote away from a lead who has voted", () => {
    expect(allowedActions("red_lead", test("in_review", { red_lead: vote }))).toEqual([]);
    expect(allowedActions("blue_lead", test("in_review", { red_lead: vote }))).toEqual(["vote"]);
  });
});

describe("voteRoles", () => {
  it("lets admin vote as any lead still pending", () => {
    expect(voteRoles("admin", test("in_review"))).toEqual(["red_lead", "blue_lead"]);
    expect(voteRoles("admin", test("in_review", { blue_lead: vote }))).toEqual(["red_lead"]);
    expect(voteRoles("admin", test("in_review", { red_lead: vote, blue_lead: vote }))).toEqual([]);
  });

  it("lets a lead vote only as itself and only in review", () => {
    expect(voteRoles("blue_lead", test("in_review"))).toEqual(["blue_lead"]);
    expect(voteRoles("blue_lead", test("blue_evaluating"))).toEqual([]);
    expect(voteRoles("red_tech", test("in_review"))).toEqual([]);
  });
});

describe("evidenceSide", () => {
  it("lets each team add its own evidence while it holds the test", () => {
    expect(evidenceSide("red_tech", "red_executing")).toBe("red");
    expect(evidenceSide("red_lead", "red_executing")).toBe("red");
    expect(evidenceSide("blue_tech", "blue_evaluating")).toBe("blue");
    expect(evidenceSide("admin", "blue_evaluating")).toBe("blue");
  });

  it("refuses the other team, the viewer and every other state", () => {
    expect(evidenceSide("blue_tech", "red_executing")).toBeNull();
    expect(evidenceSide("red_tech", "blue_evaluating")).toBeNull();
    expect(evidenceSide("viewer", "red_executing")).toBeNull();
    expect(evidenceSide("red_tech", "draft")).toBeNull();
    expect(evidenceSide("blue_tech", "in_review")).toBeNull();
  });
});

describe("can", () => {
  it("matches the server's guards outside the workflow", () => {
    const who = (f: (r: Role) => boolean) => ROLES.filter(f);
    expect(who(can.createTest)).toEqual(["admin", "red_tech", "red_lead"]);
    expect(who(can.reviewTechnique)).toEqual(["admin", "red_lead", "blue_lead"]);
    expect(who(can.viewExecutive)).toEqual(["admin", "red_lead", "blue_lead"]);
    expect(who(can.manageUsers)).toEqual(["admin"]);
    expect(who(can.manageSystem)).toEqual(["admin"]);
    expect(who(can.viewAudit)).toEqual(["admin"]);
    expect(who(can.deleteTest)).toEqual(["admin"]);
    expect(who(can.hasTasks)).not.toContain("viewer");
  });

  it("allows editing a test only while it is a draft", () => {
    expect(can.editTest("red_tech", "draft")).toBe(true);
    expect(can.editTest("red_tech", "red_executing")).toBe(false);
    expect(can.editTest("blue_tech", "draft")).toBe(false);
  });
});

describe("navigationFor", () => {
  const labels = (r: Role) => navigationFor(r).flatMap((s) => s.items.map((i) => i.label));

  it("shows admin every screen", () => {
    expect(labels("admin")).toEqual([
      "Dashboard",
      "Executive Dashboard",
      "ATT&CK Matrix",
      "Techniques",
      "All Tests",
      "My Pending Tasks",
      "Threat Actors",
      "Reports",
      "Snapshots",
      "MITRE Sync",
      "Scoring Weights",
      "Users",
      "Audit Log",
    ]);
  });

  it("shows a viewer no admin, executive or task screens and drops the empty System section", () => {
    expect(labels("viewer")).toEqual(["Dashboard", "ATT&CK Matrix", "Techniques", "All Tests", "Threat Actors", "Reports", "Snapshots"]);
    expect(navigationFor("viewer").map((s) => s.title)).not.toContain("System");
  });

  it("shows leads the executive dashboard but not the admin screens", () => {
    expect(labels("blue_lead")).toContain("Executive Dashboard");
    expect(labels("blue_lead")).not.toContain("Users");
    expect(labels("red_tech")).not.toContain("Executive Dashboard");
  });
});

describe("remediation", () => {
  const outcome = (result: "prevented" | "alerted" | "logged" | "none" | "not_applicable") => ({ layer: "edr" as const, result });
  const validated = (...results: Parameters<typeof outcome>[0][]) => ({
    state: "validated" as TestState,
    blue: { notes: "", outcomes: results.map(outcome) },
  });

  it("takes the best outcome over the layers that apply, as the server does", () => {
    expect(bestDetection({ blue: null })).toBe("none");
    expect(bestDetection(validated("not_applicable"))).toBe("none");
    expect(bestDetection(validated("logged", "none"))).toBe("logged");
    expect(bestDetection(validated("logged", "prevented", "alerted"))).toBe("prevented");
  });

  it("finds a gap only on validated tests below alerted", () => {
    expect(hasDetectionGap(validated("logged"))).toBe(true);
    expect(hasDetectionGap(validated("none", "not_applicable"))).toBe(true);
    expect(hasDetectionGap(validated("alerted"))).toBe(false);
    expect(hasDetectionGap({ ...validated("logged"), state: "in_review" })).toBe(false);
  });

  it("lets leads and admin add steps, and the owner, leads and admin change them", () => {
    const gap = validated("logged");
    expect(can.addRemediationStep("red_lead", gap)).toBe(true);
    expect(can.addRemediationStep("admin", gap)).toBe(true);
    expect(can.addRemediationStep("blue_tech", gap)).toBe(false);
    expect(can.addRemediationStep("blue_lead", validated("alerted"))).toBe(false);
    expect(can.updateRemediationStep("blue_tech", "bob", { owner: "bob" })).toBe(true);
    expect(can.updateRemediationStep("blue_tech", "bob", { owner: "alice" })).toBe(false);
    expect(can.updateRemediationStep("viewer", "carol", { owner: "carol" })).toBe(true);
    expect(can.updateRemediationStep("blue_lead", "x", { owner: "alice" })).toBe(true);
  });
});

describe("coverage administration", () => {
  it("mirrors the guards: leads import sets and take snapshots, admin deletes sets and edits weights", () => {
    expect(can.importTechniqueSet("blue_lead")).toBe(true);
    expect(can.importTechniqueSet("red_tech")).toBe(false);
    expect(can.deleteTechniqueSet("red_lead")).toBe(false);
    expect(can.deleteTechniqueSet("admin")).toBe(true);
    expect(can.editScoringWeights("blue_lead")).toBe(false);
    expect(can.editScoringWeights("admin")).toBe(true);
    expect(can.takeSnapshot("viewer")).toBe(false);
  });
});
