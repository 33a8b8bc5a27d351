//! An alert rule in words: its kind and parameters ("Execution score below 40"), its cooldown,
//! its recipients, and where each thing a firing matched leads. The names of what a condition
//! refers to (tactic, threat actor, technique set, user) come from lookups the screen passes in,
//! so these stay pure and testable; an unknown reference is shown by its id.

import type { AlertKind, AlertRecipients, AlertSeverity, Role, TestState } from "@/api/types";
import { ROLE_LABELS } from "@/auth/permissions";
import { STATE_LABELS } from "@/lib/labels";

export type KindName = AlertKind["kind"];

/** Every kind, in the order the form offers them, with what it watches in a few words. */
export const KINDS: readonly { kind: KindName; label: string; hint: string }[] = [
  { kind: "org_score_below", label: "Organisation score below a threshold", hint: "The organisation score (the mean of the tactic scores) is below the threshold." },
  { kind: "tactic_score_below", label: "Tactic score below a threshold", hint: "The tactic's score is below the threshold." },
  { kind: "threat_actor_score_below", label: "Threat actor score below a threshold", hint: "The score over the actor's techniques (MITRE's and custom mappings) is below the threshold." },
  { kind: "technique_set_score_below", label: "Technique set score below a threshold", hint: "The score over an imported technique set is below the threshold." },
  { kind: "coverage_regressed", label: "Coverage regressed", hint: "A technique's status fell since the previous evaluation (validated → partial → in progress or not covered). The first evaluation records the baseline." },
  { kind: "tests_stuck", label: "Tests stuck in a state", hint: "Tests have not moved out of a state for more than a number of days (since the test last changed)." },
  { kind: "remediation_overdue", label: "Remediation overdue", hint: "A remediation step not done is more than the grace days past its due date." },
  { kind: "validation_stale", label: "Validation stale", hint: "A technique's latest validation is older than a number of days." },
  { kind: "unreviewed_changes", label: "ATT&CK changes unreviewed", hint: "A technique added or changed by the latest ATT&CK sync has no review newer than the sync, some days after it." },
  { kind: "tracked_actor_gap", label: "Tracked threat actor gap", hint: "A threat actor the organisation tracks gained techniques in the latest ATT&CK release (found by the intel scan after each sync) that are not validated. Leads track actors on their pages." },
];

export const KIND_LABELS = Object.fromEntries(KINDS.map((k) => [k.kind, k.label])) as Record<KindName, string>;

export const ALERT_SEVERITIES: readonly AlertSeverity[] = ["info", "low", "medium", "high", "critical"];

export const ALERT_SEVERITY_LABELS: Record<AlertSeverity, string> = {
  info: "Info",
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
};

/** Tests may be stuck in every state but the one they end in. */
export const STUCK_STATES: readonly TestState[] = ["draft", "red_executing", "blue_evaluating", "in_review", "rejected"];

/** The names a description uses for what a condition refers to; each falls back to the id. */
export interface Names {
  tactic?: (shortname: string) => string;
  actor?: (id: string) => string | undefined;
  set?: (id: string) => string | undefined;
}

const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;
const score = (n: number) => (Math.round(n * 10) / 10).toString();

/** What the condition watches, in one sentence: "Execution score below 40". */
export function describeCondition(c: AlertKind, names: Names = {}): string {
  switch (c.kind) {
    case "org_score_below":
      return `Organisation score below ${score(c.threshold)}`;
    case "tactic_score_below":
      return `${names.tactic?.(c.tactic) ?? c.tactic} score below ${score(c.threshold)}`;
    case "threat_actor_score_below": {
      const name = names.actor?.(c.threat_actor);
      return `Score over ${name ? `${name} (${c.threat_actor})` : c.threat_actor}'s techniques below ${score(c.threshold)}`;
    }
    case "technique_set_score_below": {
      const name = names.set?.(c.technique_set_id);
      return `Score over the technique set ${name ? `“${name}”` : c.technique_set_id} below ${score(c.threshold)}`;
    }
    case "coverage_regressed":
      return "A technique's coverage fell since the previous evaluation";
    case "tests_stuck":
      return `Tests in “${STATE_LABELS[c.state]}” for more than ${days(c.days)}`;
    case "remediation_overdue": {
      const grace = c.grace_days ?? 0;
      return grace === 0 ? "Remediation steps past their due date" : `Remediation steps more than ${days(grace)} past their due date`;
    }
    case "validation_stale":
      return `Techniques last validated more than ${days(c.days)} ago`;
    case "unreviewed_changes":
      return `Techniques changed by an ATT&CK sync and not reviewed ${days(c.days)} after it`;
    case "tracked_actor_gap":
      return "Techniques gained by a tracked threat actor and not validated";
  }
}

const UNITS = [
  { minutes: 24 * 60, one: "day", many: "days" },
  { minutes: 60, one: "hour", many: "hours" },
  { minutes: 1, one: "minute", many: "minutes" },
] as const;

/** "1 day", "12 hours", "90 minutes"; "none" for 0 (fires at every evaluation while it holds). */
export function describeCooldown(minutes: number): string {
  if (minutes <= 0) return "none";
  const unit = UNITS.find((u) => minutes % u.minutes === 0)!;
  const n = minutes / unit.minutes;
  return `${n} ${n === 1 ? unit.one : unit.many}`;
}

/** The roles by name and the users by username (their id when the directory does not know them). */
export function describeRecipients(r: AlertRecipients, username: (id: string) => string | undefined = () => undefined): string[] {
  const roles = (r.roles ?? []).map((role: Role) => `Every ${ROLE_LABELS[role]}`);
  const users = (r.users ?? []).map((id) => username(id) ?? id);
  return [...roles, ...users];
}

/** Kinds whose matches are techniques (`T1059.001`), tests or threat actors, to link them. */
const TECHNIQUE_KINDS = new Set(["coverage_regressed", "validation_stale", "unreviewed_changes", "tracked_actor_gap"]);

/** Where a matched subject of a firing of `kind` leads in the app; null when it has no page. */
export function subjectLink(kind: string, subject: string): string | null {
  if (TECHNIQUE_KINDS.has(kind)) return `/techniques/${encodeURIComponent(subject)}`;
  if (kind === "tests_stuck") return `/tests/${encodeURIComponent(subject)}`;
  if (kind === "threat_actor_score_below") return `/threat-actors/${encodeURIComponent(subject)}`;
  return null;
}

/** A matched subject as a reader knows it: "Organisation", a tactic's or set's name, else as is. */
export function subjectLabel(kind: string, subject: string, names: Names = {}): string {
  if (kind === "org_score_below") return "Organisation";
  if (kind === "tactic_score_below") return names.tactic?.(subject) ?? subject;
  if (kind === "threat_actor_score_below") return names.actor?.(subject) ? `${names.actor(subject)} (${subject})` : subject;
  if (kind === "technique_set_score_below") return names.set?.(subject) ?? subject;
  return subject;
}
