import { describe, expect, it } from "vitest";
import type { Role, TestState } from "@/api/types";
import { bestDetection, can, hasDetectionGap, hasRole, navigationFor, ROLES, sideHasSubmitted } from "./permissions";

describe("hasRole", () => {
  it("lets admin do everything and nobody else more than listed", () => {
    expect(hasRole("admin", [])).toBe(true);
    expect(hasRole("red_tech", ["red_tech"])).toBe(true);
    expect(hasRole("blue_tech", ["red_tech", "red_lead"])).toBe(false);
    expect(hasRole(undefined, ["viewer"])).toBe(false);
  });
});

describe("sideHasSubmitted", () => {
  it("closes red evidence once the red team submitted, blue once the blue team did", () => {
    expect(sideHasSubmitted("red", "draft")).toBe(false);
    expect(sideHasSubmitted("red", "red_executing")).toBe(false);
    for (const s of ["blue_evaluating", "in_review", "validated", "rejected"] as TestState[]) expect(sideHasSubmitted("red", s)).toBe(true);
    for (const s of ["draft", "red_executing", "blue_evaluating"] as TestState[]) expect(sideHasSubmitted("blue", s)).toBe(false);
    for (const s of ["in_review", "validated", "rejected"] as TestState[]) expect(sideHasSubmitted("blue", s)).toBe(true);
  });
});

describe("evidence and assignment", () => {
  const red = { uploaded_by: "alice", side: "red" as const };
  const blue = { uploaded_by: "bob", side: "blue" as const };

  it("lets the uploader delete while their side works, and only an admin afterwards", () => {
    expect(can.deleteEvidence("red_tech", "alice", red, "red_executing")).toBe(true);
    expect(can.deleteEvidence("red_tech", "carol", red, "red_executing")).toBe(false);
    expect(can.deleteEvidence("red_tech", "alice", red, "blue_evaluating")).toBe(false);
    expect(can.deleteEvidence("admin", "root", red, "validated")).toBe(true);
    expect(can.deleteEvidence("blue_tech", "bob", blue, "blue_evaluating")).toBe(true);
    expect(can.deleteEvidence("blue_tech", "bob", blue, "in_review")).toBe(false);
  });

  it("lets each lead assign its own side and an admin both, until the test is validated", () => {
    expect(can.assignSides("red_lead", "red_executing")).toEqual(["red"]);
    expect(can.assignSides("blue_lead", "draft")).toEqual(["blue"]);
    expect(can.assignSides("admin", "rejected")).toEqual(["red", "blue"]);
    expect(can.assignSides("admin", "validated")).toEqual([]);
    expect(can.assignSides("red_tech", "draft")).toEqual([]);
    expect(can.assignSides("viewer", "draft")).toEqual([]);
  });
});

describe("can", () => {
  it("matches the server's guards outside the workflow", () => {
    const who = (f: (r: Role) => boolean) => ROLES.filter(f);
    expect(who(can.createTest)).toEqual(["admin", "red_tech", "red_lead"]);
    expect(who(can.reviewTechnique)).toEqual(["admin", "red_lead", "blue_lead"]);
    expect(who(can.viewExecutive)).toEqual(ROLES);
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

describe("campaigns", () => {
  it("lets leads and admin manage campaigns, and every role read them", () => {
    for (const r of ["red_lead", "blue_lead", "admin"] as Role[]) expect(can.manageCampaigns(r)).toBe(true);
    for (const r of ["red_tech", "blue_tech", "viewer"] as Role[]) expect(can.manageCampaigns(r)).toBe(false);
    for (const r of ["red_tech", "blue_tech", "viewer", "red_lead", "blue_lead", "admin"] as Role[]) {
      expect(navigationFor(r).flatMap((s) => s.items.map((i) => i.to))).toContain("/campaigns");
    }
  });
});

describe("alert rules", () => {
  it("lets leads and admin manage rules, admin alone evaluate them now, and every role reach the firings", () => {
    for (const r of ["red_lead", "blue_lead", "admin"] as Role[]) expect(can.manageAlertRules(r)).toBe(true);
    for (const r of ["red_tech", "blue_tech", "viewer"] as Role[]) expect(can.manageAlertRules(r)).toBe(false);
    expect(can.evaluateAlertsNow("admin")).toBe(true);
    for (const r of ["red_lead", "blue_lead", "red_tech", "viewer"] as Role[]) expect(can.evaluateAlertsNow(r)).toBe(false);
    for (const r of ROLES) expect(navigationFor(r).flatMap((s) => s.items.map((i) => i.to))).toContain("/alert-rules");
  });

  it("lets leads and admin read webhook channels (to name them in rules), admin alone manage them", () => {
    const who = (f: (r: Role) => boolean) => ROLES.filter(f);
    expect(who(can.readAlertChannels)).toEqual(["admin", "red_lead", "blue_lead"]);
    expect(who(can.manageAlertChannels)).toEqual(["admin"]);
    const reach = (r: Role) => navigationFor(r).flatMap((s) => s.items.map((i) => i.to)).includes("/alert-channels");
    expect(who(reach)).toEqual(["admin", "red_lead", "blue_lead"]);
  });
});

describe("intel", () => {
  it("lets leads and admin track threat actors, admin alone start an intel scan", () => {
    const who = (f: (r: Role) => boolean) => ROLES.filter(f);
    expect(who(can.trackThreatActors)).toEqual(["admin", "red_lead", "blue_lead"]);
    expect(who(can.runIntelScan)).toEqual(["admin"]);
  });
});

describe("blue team content", () => {
  it("lets the blue team write rules, leads mark countermeasures deployed, admin manage frameworks", () => {
    for (const r of ["blue_tech", "blue_lead", "admin"] as Role[]) expect(can.writeRules(r)).toBe(true);
    for (const r of ["red_tech", "red_lead", "viewer"] as Role[]) expect(can.writeRules(r)).toBe(false);
    for (const r of ["red_lead", "blue_lead", "admin"] as Role[]) expect(can.deployCountermeasures(r)).toBe(true);
    for (const r of ["red_tech", "blue_tech", "viewer"] as Role[]) expect(can.deployCountermeasures(r)).toBe(false);
    expect(can.manageCompliance("admin")).toBe(true);
    for (const r of ["red_lead", "blue_lead", "blue_tech", "viewer"] as Role[]) expect(can.manageCompliance(r)).toBe(false);
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
      "Test Catalog",
      "Campaigns",
      "Detection Rules",
      "D3FEND",
      "Compliance",
      "Threat Actors",
      "Reports",
      "Snapshots",
      "Operational metrics",
      "Comparison",
      "Alert rules",
      "Webhook channels",
      "MITRE Sync",
      "Data Sources",
      "Scoring Weights",
      "Users",
      "Audit Log",
    ]);
  });

  it("shows a viewer no admin or task screens and drops the empty System section", () => {
    expect(labels("viewer")).toEqual(["Dashboard", "Executive Dashboard", "ATT&CK Matrix", "Techniques", "All Tests", "Test Catalog", "Campaigns", "Detection Rules", "D3FEND", "Compliance", "Threat Actors", "Reports", "Snapshots", "Operational metrics", "Alert rules"]);
    expect(navigationFor("viewer").map((s) => s.title)).not.toContain("System");
  });

  it("shows every role the executive dashboard, leads not the admin screens", () => {
    expect(labels("blue_lead")).toContain("Executive Dashboard");
    expect(labels("blue_lead")).not.toContain("Users");
    expect(labels("red_tech")).toContain("Executive Dashboard");
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

describe("content library", () => {
  const who = (f: (r: Role) => boolean) => ROLES.filter(f);

  it("keeps data sources to admin and shows the test catalog to every role", () => {
    expect(who(can.manageDataSources)).toEqual(["admin"]);
    for (const r of ROLES) expect(navigationFor(r).flatMap((s) => s.items.map((i) => i.label))).toContain("Test Catalog");
    expect(navigationFor("red_lead").flatMap((s) => s.items.map((i) => i.label))).not.toContain("Data Sources");
  });

  it("lets the red team write custom templates and leads switch templates on and off", () => {
    expect(who(can.createTemplate)).toEqual(["admin", "red_tech", "red_lead"]);
    expect(who(can.activateTemplates)).toEqual(["admin", "red_lead", "blue_lead"]);
    expect(who((r) => can.editTemplate(r, { source: "custom" }))).toEqual(["admin", "red_tech", "red_lead"]);
    // An imported template belongs to its source: nobody edits or deletes it in the app.
    expect(who((r) => can.editTemplate(r, { source: "atomic-red-team" }))).toEqual([]);
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

describe("operational metrics and comparison", () => {
  it("shows Operational metrics to every role and Comparison to leads and admin only", () => {
    const links = (r: Role) => navigationFor(r).flatMap((s) => s.items.map((i) => i.to));
    for (const r of ROLES) expect(links(r)).toContain("/metrics/operational");
    expect(ROLES.filter((r) => can.compareMetrics(r))).toEqual(["admin", "red_lead", "blue_lead"]);
    for (const r of ["red_tech", "blue_tech", "viewer"] as Role[]) expect(links(r)).not.toContain("/comparison");
  });
});
