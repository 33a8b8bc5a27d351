// Role gating in one place: which screens a role sees and which workflow actions it may take on a
// test in its current state. The server enforces the same rules; this only decides what to show.

import type { Role, Test, TestState } from "../api/types";

export type Action = "start-execution" | "submit-red" | "submit-blue" | "vote" | "reopen";

const ACTION_ROLES: Record<Action, { roles: Role[]; from: TestState }> = {
  "start-execution": { roles: ["red_tech"], from: "draft" },
  "submit-red": { roles: ["red_tech"], from: "red_executing" },
  "submit-blue": { roles: ["blue_tech"], from: "blue_evaluating" },
  vote: { roles: ["red_lead", "blue_lead"], from: "in_review" },
  reopen: { roles: ["red_lead", "blue_lead"], from: "rejected" },
};

/** Admin may act as any role. */
export function hasRole(role: Role, allowed: Role[]): boolean {
  return role === "admin" || allowed.includes(role);
}

/** The workflow actions `role` may take on `test` now. A lead who has voted has no vote left. */
export function allowedActions(role: Role, test: Pick<Test, "state" | "votes">): Action[] {
  return (Object.keys(ACTION_ROLES) as Action[]).filter((a) => {
    const rule = ACTION_ROLES[a];
    if (rule.from !== test.state || !hasRole(role, rule.roles)) return false;
    if (a === "vote" && role === "red_lead") return test.votes.red_lead === null;
    if (a === "vote" && role === "blue_lead") return test.votes.blue_lead === null;
    return true;
  });
}

export const can = {
  createTest: (r: Role) => hasRole(r, ["red_tech", "red_lead"]),
  uploadEvidence: (r: Role, state: TestState) =>
    (state === "red_executing" && hasRole(r, ["red_tech", "red_lead"])) ||
    (state === "blue_evaluating" && hasRole(r, ["blue_tech", "blue_lead"])),
  review: (r: Role) => hasRole(r, ["red_lead", "blue_lead"]),
  executive: (r: Role) => hasRole(r, ["red_lead", "blue_lead"]),
  admin: (r: Role) => r === "admin",
};

export interface NavItem {
  to: string;
  label: string;
  visible: (r: Role) => boolean;
}

/** The sidebar, in the reference's order. */
export const NAV: NavItem[] = [
  { to: "/", label: "Dashboard", visible: () => true },
  { to: "/executive", label: "Executive", visible: can.executive },
  { to: "/matrix", label: "ATT&CK Matrix", visible: () => true },
  { to: "/techniques", label: "Techniques", visible: () => true },
  { to: "/tests", label: "Tests", visible: () => true },
  { to: "/tests/mine", label: "My Tasks", visible: (r) => r !== "viewer" },
  { to: "/threat-actors", label: "Threat Actors", visible: () => true },
  { to: "/reports", label: "Reports", visible: () => true },
  { to: "/system", label: "System", visible: can.admin },
  { to: "/users", label: "Users", visible: can.admin },
  { to: "/audit", label: "Audit Log", visible: can.admin },
];
