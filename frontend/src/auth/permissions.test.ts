import { describe, expect, it } from "vitest";
import { NAV, allowedActions, can } from "./permissions";

const votes = { red_lead: null, blue_lead: null };

describe("allowedActions", () => {
  it("gives each step to its role in its state only", () => {
    expect(allowedActions("red_tech", { state: "draft", votes })).toEqual(["start-execution"]);
    expect(allowedActions("blue_tech", { state: "draft", votes })).toEqual([]);
    expect(allowedActions("blue_tech", { state: "blue_evaluating", votes })).toEqual(["submit-blue"]);
    expect(allowedActions("viewer", { state: "in_review", votes })).toEqual([]);
    expect(allowedActions("admin", { state: "in_review", votes })).toEqual(["vote"]);
    expect(allowedActions("red_lead", { state: "rejected", votes })).toEqual(["reopen"]);
  });

  it("takes the vote away from a lead who has voted", () => {
    const voted = { red_lead: { decision: "approve" as const, comment: "", by: "r", at: "" }, blue_lead: null };
    expect(allowedActions("red_lead", { state: "in_review", votes: voted })).toEqual([]);
    expect(allowedActions("blue_lead", { state: "in_review", votes: voted })).toEqual(["vote"]);
  });
});

describe("visibility", () => {
  it("hides admin screens and actions from other roles", () => {
    const labels = (r: Parameters<typeof can.admin>[0]) => NAV.filter((n) => n.visible(r)).map((n) => n.label);
    expect(labels("viewer")).not.toContain("Users");
    expect(labels("viewer")).not.toContain("My Tasks");
    expect(labels("viewer")).not.toContain("Executive");
    expect(labels("admin")).toContain("Audit Log");
    expect(labels("blue_lead")).toContain("Executive");
    expect(can.createTest("viewer")).toBe(false);
    expect(can.uploadEvidence("blue_tech", "red_executing")).toBe(false);
    expect(can.uploadEvidence("red_tech", "red_executing")).toBe(true);
  });
});
