//! Role gating in one place: which screens a role sees and which actions it may take, mirroring
//! the server's guards (the server still decides; this only hides what would be refused).
//! Admin may do everything, as on the server.

import type { Evidence, RemediationStep, Role, Side, Test, TestState } from "@/api/types";
import { bestDetection, DETECTION_RANK } from "@/lib/outcome";

export { bestDetection };

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
const LEADS: Role[] = ["red_lead", "blue_lead"];
const BLUE: Role[] = ["blue_tech", "blue_lead"];

/** True when `role` is admin or one of `allowed`. */
export function hasRole(role: Role | undefined, allowed: readonly Role[]): boolean {
  if (!role) return false;
  return role === "admin" || allowed.includes(role);
}

/**
 * Whether `side` has submitted its part of the current round in `state` (as the server's
 * `Side::has_submitted`): its evidence is then part of the record, which only an admin removes.
 * The workflow steps themselves are not decided here: the test detail carries the caller's
 * `allowed_actions` and `evidence_sides` from the server.
 */
export function sideHasSubmitted(side: Side, state: TestState): boolean {
  if (side === "red") return state !== "draft" && state !== "red_executing";
  return state === "in_review" || state === "validated" || state === "rejected";
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
  /**
   * `POST /tests/{id}/assign`: the sides `r` may (re)assign on a test in `state`; a red lead the
   * red side, a blue lead the blue side, an admin both; nobody once the test is validated.
   */
  assignSides: (r: Role | undefined, state: TestState): Side[] => {
    if (!r || state === "validated") return [];
    if (r === "admin") return ["red", "blue"];
    if (r === "red_lead") return ["red"];
    if (r === "blue_lead") return ["blue"];
    return [];
  },
  /** `DELETE …/evidence/{id}`: an admin always; the uploader until their side has submitted. */
  deleteEvidence: (r: Role | undefined, username: string | undefined, ev: Pick<Evidence, "uploaded_by" | "side">, state: TestState) =>
    r === "admin" || (r !== undefined && username !== undefined && ev.uploaded_by === username && !sideHasSubmitted(ev.side, state)),
  reviewTechnique: (r?: Role) => hasRole(r, LEADS),
  /** `GET /dashboard/executive` is readable by every signed-in role. */
  viewExecutive: (r?: Role) => r !== undefined,
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
  /** The data sources of the content library (`/data-sources/*`): admin only. */
  manageDataSources: (r?: Role) => hasRole(r, []),
  /** `POST /test-templates`: a custom template, written by the red team. */
  createTemplate: (r?: Role) => hasRole(r, RED),
  /** `PATCH` (content) and `DELETE /test-templates/{id}`: custom templates only, by the red team. */
  editTemplate: (r: Role | undefined, t: { source: string }) => t.source === "custom" && hasRole(r, RED),
  /** A template's `active` flag, one or in bulk (`POST /test-templates/bulk`): leads and admin. */
  activateTemplates: (r?: Role) => hasRole(r, LEADS),
  /** `POST`, `PUT`, `DELETE /detection-rules`: custom rules, by the blue team. */
  writeRules: (r?: Role) => hasRole(r, BLUE),
  /** `PUT /d3fend/techniques/{id}/deployment`: leads and admin. */
  deployCountermeasures: (r?: Role) => hasRole(r, LEADS),
  /** Import and delete compliance frameworks: admin only. */
  manageCompliance: (r?: Role) => hasRole(r, []),
  manageUsers: (r?: Role) => hasRole(r, []),
  viewAudit: (r?: Role) => hasRole(r, []),
  hasTasks: (r?: Role) => r !== undefined && r !== "viewer",
  /** Campaigns (create, change, start, complete, cancel, delete, their tests): leads and admin; everyone reads. */
  manageCampaigns: (r?: Role) => hasRole(r, LEADS),
  /**
   * Alert rules (`/alert-rules`: read, create, change, delete, dry run): leads and admin; every
   * role reads the firings (`/alert-rules/{id}/events`, `/alert-events`).
   */
  manageAlertRules: (r?: Role) => hasRole(r, LEADS),
  /** `POST /system/jobs/alert-evaluation`: every enabled rule evaluated now; admin only. */
  evaluateAlertsNow: (r?: Role) => hasRole(r, []),
  /** Webhook channels with their health and deliveries (`GET /alert-channels`): leads (to name them in rules) and admin. */
  readAlertChannels: (r?: Role) => hasRole(r, LEADS),
  /** Create, change, test, rotate the secret of and delete webhook channels: admin only. */
  manageAlertChannels: (r?: Role) => hasRole(r, []),
  /** `PUT /threat-actors/{id}/tracked`: leads and admin choose the actors the organisation tracks. */
  trackThreatActors: (r?: Role) => hasRole(r, LEADS),
  /** The Comparison screen (two periods of operational metrics, two snapshots): leads and admin. */
  compareMetrics: (r?: Role) => hasRole(r, LEADS),
  /** `POST /system/jobs/intel-scan`: what the catalog's ATT&CK release changed for actors, worked out now; admin only. */
  runIntelScan: (r?: Role) => hasRole(r, []),
};

export type NavIcon =
  | "dashboard"
  | "executive"
  | "matrix"
  | "techniques"
  | "tests"
  | "tasks"
  | "campaigns"
  | "catalog"
  | "actors"
  | "reports"
  | "snapshots"
  | "metrics"
  | "comparison"
  | "alerts"
  | "webhooks"
  | "system"
  | "sources"
  | "scoring"
  | "users"
  | "audit"
  | "rules"
  | "d3fend"
  | "compliance";

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
      { to: "/test-catalog", label: "Test Catalog", icon: "catalog", visible: everyone },
      { to: "/campaigns", label: "Campaigns", icon: "campaigns", visible: everyone },
    ],
  },
  {
    title: "Defense",
    items: [
      { to: "/detection-rules", label: "Detection Rules", icon: "rules", visible: everyone },
      { to: "/d3fend", label: "D3FEND", icon: "d3fend", visible: everyone },
      { to: "/compliance", label: "Compliance", icon: "compliance", visible: everyone },
    ],
  },
  {
    title: "Intelligence",
    items: [
      { to: "/threat-actors", label: "Threat Actors", icon: "actors", visible: everyone },
      { to: "/reports", label: "Reports", icon: "reports", visible: everyone },
      { to: "/snapshots", label: "Snapshots", icon: "snapshots", visible: everyone },
      { to: "/metrics/operational", label: "Operational metrics", icon: "metrics", visible: everyone },
      { to: "/comparison", label: "Comparison", icon: "comparison", visible: can.compareMetrics },
      { to: "/alert-rules", label: "Alert rules", icon: "alerts", visible: everyone },
      { to: "/alert-channels", label: "Webhook channels", icon: "webhooks", visible: can.readAlertChannels },
    ],
  },
  {
    title: "System",
    items: [
      { to: "/system", label: "MITRE Sync", icon: "system", visible: can.manageSystem },
      { to: "/data-sources", label: "Data Sources", icon: "sources", visible: can.manageDataSources },
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
