//! Role gating in one place: which screens a role sees and which actions it may take, mirroring
//! the server's guards (the server still decides; this only hides what would be refused).
//! Admin may do everything, as on the server.

import type { Detection, RemediationStep, Role, Test, TestState } from "@/api/types";

export const ROLES: readonly Role[] = ["admin", "red_tech", "blue_tech", "red_lead", "blue_lead", "viewer"];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administrator",
  red_tech: "Red Team Technician",
  blue_tech: "Blue Team Technician",
  red_lead: "Red Team Lead",
  blue_lead: "Blue Team Lead",
  viewer: "Viewer",
};

const RED: Role[] = ["red_tech", "red_lead"];
const BLUE: Role[] = ["blue_tech", "blue_lead"];
const LEADS: Role[] = ["red_lead", "blue_lead"];

/** True when `role` is admin or one of `allowed`. */
export function hasRole(role: Role | undefined, allowed: readonly Role[]): boolean {
  if (!role) return false;
  return role === "admin" || allowed.includes(role);
}

/** The workflow steps, each with its endpoint name, the roles that take it and its start state. */
export const WORKFLOW = {
  "start-execution": { roles: ["red_tech"], from: "draft" },
  "submit-red": { roles: ["red_tech"], from: "red_executing" },
  "submit-blue": { roles: ["blue_tech"], from: "blue_evaluating" },
  vote: { roles: LEADS, from: "in_review" },
  reopen: { roles: LEADS, from: "rejected" },
} as const satisfies Record<string, { roles: readonly Role[]; from: TestState }>;

export type WorkflowAction = keyof typeof WORKFLOW;

/** The lead roles whose vote is still missing on `test`. */
export function pendingVotes(test: Pick<Test, "votes">): ("red_lead" | "blue_lead")[] {
  const out: ("red_lead" | "blue_lead")[] = [];
  if (!test.votes.red_lead) out.push("red_lead");
  if (!test.votes.blue_lead) out.push("blue_lead");
  return out;
}

/** The roles `role` may vote as on `test`: its own lead role, or (admin) any lead still pending. */
export function voteRoles(role: Role | undefined, test: Pick<Test, "state" | "votes">): ("red_lead" | "blue_lead")[] {
  if (test.state !== "in_review" || !role) return [];
  const pending = pendingVotes(test);
  if (role === "admin") return pending;
  return pending.filter((r) => r === role);
}

/** The workflow steps `role` may take on `test` now (a lead who has voted has no vote left). */
export function allowedActions(role: Role | undefined, test: Pick<Test, "state" | "votes">): WorkflowAction[] {
  return (Object.keys(WORKFLOW) as WorkflowAction[]).filter((action) => {
    const rule = WORKFLOW[action];
    if (rule.from !== test.state || !hasRole(role, rule.roles)) return false;
    if (action === "vote") return voteRoles(role, test).length > 0;
    return true;
  });
}

/** The evidence side `role` writes while `state` lasts, or null when it may not upload now. */
export function evidenceSide(role: Role | undefined, state: TestState): "red" | "blue" | null {
  if (state === "red_executing" && hasRole(role, RED)) return "red";
  if (state === "blue_evaluating" && hasRole(role, BLUE)) return "blue";
  return null;
}

const DETECTION_RANK: Record<Detection, number> = { not_applicable: 0, none: 1, logged: 2, alerted: 3, prevented: 4 };

/** The best blue outcome of `test` over the layers that apply; `none` when there is none. */
export function bestDetection(test: Pick<Test, "blue">): Detection {
  let best: Detection = "none";
  for (const o of test.blue?.outcomes ?? []) {
    if (o.result !== "not_applicable" && DETECTION_RANK[o.result] > DETECTION_RANK[best]) best = o.result;
  }
  return best;
}

/** A validated test whose best outcome is below `alerted`: remediation applies (as the server's `has_gap`). */
export function hasDetectionGap(test: Pick<Test, "state" | "blue">): boolean {
  return test.state === "validated" && DETECTION_RANK[bestDetection(test)] < DETECTION_RANK.alerted;
}

/** What each role may do outside the workflow. */
export const can = {
  createTest: (r?: Role) => hasRole(r, RED),
  editTest: (r: Role | undefined, state: TestState) => state === "draft" && hasRole(r, RED),
  deleteTest: (r?: Role) => hasRole(r, []),
  reviewTechnique: (r?: Role) => hasRole(r, LEADS),
  viewExecutive: (r?: Role) => hasRole(r, LEADS),
  takeSnapshot: (r?: Role) => hasRole(r, LEADS),
  /** `POST /tests/{id}/remediation`: leads and admin, on a validated test with a detection gap. */
  addRemediationStep: (r: Role | undefined, test: Pick<Test, "state" | "blue">) => hasRole(r, LEADS) && hasDetectionGap(test),
  /** `PATCH /tests/{id}/remediation/{step}`: the step's owner, leads and admin. */
  updateRemediationStep: (r: Role | undefined, username: string | undefined, step: Pick<RemediationStep, "owner">) =>
    hasRole(r, LEADS) || (r !== undefined && username !== undefined && step.owner === username),
  importTechniqueSet: (r?: Role) => hasRole(r, LEADS),
  deleteTechniqueSet: (r?: Role) => hasRole(r, []),
  editScoringWeights: (r?: Role) => hasRole(r, []),
  manageSystem: (r?: Role) => hasRole(r, []),
  manageUsers: (r?: Role) => hasRole(r, []),
  viewAudit: (r?: Role) => hasRole(r, []),
  hasTasks: (r?: Role) => r !== undefined && r !== "viewer",
};

export type NavIcon =
  | "dashboard"
  | "executive"
  | "matrix"
  | "techniques"
  | "tests"
  | "tasks"
  | "actors"
  | "reports"
  | "snapshots"
  | "system"
  | "scoring"
  | "users"
  | "audit";

export interface NavItem {
  to: string;
  label: string;
  icon: NavIcon;
  visible: (role?: Role) => boolean;
}

export interface NavSection {
  title: string | null;
  items: NavItem[];
}

const everyone = () => true;

/** The sidebar, in the reference's order and grouping. */
export const NAVIGATION: NavSection[] = [
  {
    title: null,
    items: [
      { to: "/", label: "Dashboard", icon: "dashboard", visible: everyone },
      { to: "/executive", label: "Executive Dashboard", icon: "executive", visible: can.viewExecutive },
      { to: "/matrix", label: "ATT&CK Matrix", icon: "matrix", visible: everyone },
      { to: "/techniques", label: "Techniques", icon: "techniques", visible: everyone },
    ],
  },
  {
    title: "Tests",
    items: [
      { to: "/tests", label: "All Tests", icon: "tests", visible: everyone },
      { to: "/tests/my-tasks", label: "My Pending Tasks", icon: "tasks", visible: can.hasTasks },
    ],
  },
  {
    title: "Intelligence",
    items: [
      { to: "/threat-actors", label: "Threat Actors", icon: "actors", visible: everyone },
      { to: "/reports", label: "Reports", icon: "reports", visible: everyone },
      { to: "/snapshots", label: "Snapshots", icon: "snapshots", visible: everyone },
    ],
  },
  {
    title: "System",
    items: [
      { to: "/system", label: "MITRE Sync", icon: "system", visible: can.manageSystem },
      { to: "/scoring", label: "Scoring Weights", icon: "scoring", visible: can.editScoringWeights },
      { to: "/users", label: "Users", icon: "users", visible: can.manageUsers },
      { to: "/audit", label: "Audit Log", icon: "audit", visible: can.viewAudit },
    ],
  },
];

/** The sidebar sections with only what `role` may see; empty sections are dropped. */
export function navigationFor(role?: Role): NavSection[] {
  return NAVIGATION.map((s) => ({ ...s, items: s.items.filter((i) => i.visible(role)) })).filter(
    (s) => s.items.length > 0,
  );
}
