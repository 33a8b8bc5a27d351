//! The rule form's state and the requests built from it. The form keeps every kind's parameters
//! as typed text, so switching kinds loses nothing; the request takes only the chosen kind's.
//! Only what JSON cannot carry is checked here (a number that is not one, a picker left empty);
//! ranges and references are the server's to judge, and its 422 names the same fields
//! (`condition.threshold`, `recipients.users[0]`) the form shows its messages under.
//!
//! The server sorts and de-duplicates a rule's users and channels before it checks them, so a
//! refusal's `recipients.users[i]` or `channels[i]` counts in that order: the form keeps its
//! users and channels sorted the same way.

import { ApiError } from "@/api/client";
import type { AlertKind, AlertRule, AlertSeverity, CreateAlertRule, Role, TestState, UpdateAlertRule } from "@/api/types";
import type { KindName } from "./condition";

export type CooldownUnit = "minutes" | "hours" | "days";

export const COOLDOWN_UNITS: readonly { unit: CooldownUnit; label: string; minutes: number }[] = [
  { unit: "minutes", label: "minutes", minutes: 1 },
  { unit: "hours", label: "hours", minutes: 60 },
  { unit: "days", label: "days", minutes: 24 * 60 },
];

export interface RuleForm {
  name: string;
  description: string;
  severity: AlertSeverity;
  enabled: boolean;
  kind: KindName;
  /** Every kind's parameters, as typed; the request takes the chosen kind's. */
  threshold: string;
  tactic: string;
  threatActor: string;
  techniqueSetId: string;
  state: TestState;
  days: string;
  graceDays: string;
  roles: Role[];
  /** User ids, in the server's order (see the module's doc). */
  users: string[];
  /** Webhook channel ids, in the server's order. */
  channels: string[];
  cooldown: string;
  cooldownUnit: CooldownUnit;
}

export function emptyForm(): RuleForm {
  return {
    name: "",
    description: "",
    severity: "medium",
    enabled: true,
    kind: "org_score_below",
    threshold: "50",
    tactic: "",
    threatActor: "",
    techniqueSetId: "",
    state: "red_executing",
    days: "30",
    graceDays: "0",
    roles: [],
    users: [],
    channels: [],
    cooldown: "1",
    cooldownUnit: "days",
  };
}

/** The largest unit that divides the cooldown exactly. */
function cooldownFields(minutes: number): Pick<RuleForm, "cooldown" | "cooldownUnit"> {
  const u = [...COOLDOWN_UNITS].reverse().find((x) => minutes % x.minutes === 0)!;
  return { cooldown: String(minutes / u.minutes), cooldownUnit: u.unit };
}

/** Orders ids (users, channels) as the server does (by their bytes: lowercase hex text order), each once. */
export function sortIds(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.toLowerCase()))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function formFromRule(rule: AlertRule): RuleForm {
  const c = rule.condition;
  const form: RuleForm = {
    ...emptyForm(),
    name: rule.name,
    description: rule.description,
    severity: rule.severity,
    enabled: rule.enabled,
    kind: c.kind,
    roles: [...(rule.recipients.roles ?? [])],
    users: sortIds(rule.recipients.users ?? []),
    channels: sortIds(rule.channels),
    ...cooldownFields(rule.cooldown_minutes),
  };
  if ("threshold" in c) form.threshold = String(c.threshold);
  if (c.kind === "tactic_score_below") form.tactic = c.tactic;
  if (c.kind === "threat_actor_score_below") form.threatActor = c.threat_actor;
  if (c.kind === "technique_set_score_below") form.techniqueSetId = c.technique_set_id;
  if (c.kind === "tests_stuck") form.state = c.state;
  if ("days" in c) form.days = String(c.days);
  if (c.kind === "remediation_overdue") form.graceDays = String(c.grace_days ?? 0);
  return form;
}

/** Client-side problems by the server's field names. */
export type FormErrors = Record<string, string>;

function number(text: string, field: string, errors: FormErrors): number {
  const t = text.trim();
  const n = t === "" ? Number.NaN : Number(t);
  if (!Number.isFinite(n)) errors[field] = "Enter a number.";
  return n;
}

function wholeNumber(text: string, field: string, errors: FormErrors): number {
  const n = number(text, field, errors);
  if (!errors[field] && (!Number.isInteger(n) || n < 0)) errors[field] = "Enter a whole number, 0 or more.";
  return n;
}

/** The chosen kind with its parameters; `errors` gets what cannot be sent. */
export function buildCondition(form: RuleForm, errors: FormErrors): AlertKind {
  const threshold = () => number(form.threshold, "condition.threshold", errors);
  const days = () => wholeNumber(form.days, "condition.days", errors);
  const chosen = (value: string, field: string, what: string) => {
    if (!value.trim()) errors[field] = `Choose ${what}.`;
    return value.trim();
  };
  switch (form.kind) {
    case "org_score_below":
      return { kind: form.kind, threshold: threshold() };
    case "tactic_score_below":
      return { kind: form.kind, tactic: chosen(form.tactic, "condition.tactic", "a tactic"), threshold: threshold() };
    case "threat_actor_score_below":
      return { kind: form.kind, threat_actor: chosen(form.threatActor, "condition.threat_actor", "a threat actor"), threshold: threshold() };
    case "technique_set_score_below":
      return { kind: form.kind, technique_set_id: chosen(form.techniqueSetId, "condition.technique_set_id", "a technique set"), threshold: threshold() };
    case "coverage_regressed":
      return { kind: form.kind };
    case "tests_stuck":
      return { kind: form.kind, state: form.state, days: days() };
    case "remediation_overdue":
      return { kind: form.kind, grace_days: wholeNumber(form.graceDays, "condition.grace_days", errors) };
    case "validation_stale":
      return { kind: form.kind, days: days() };
    case "unreviewed_changes":
      return { kind: form.kind, days: days() };
    case "tracked_actor_gap":
      return { kind: form.kind };
  }
}

function cooldownMinutes(form: RuleForm, errors: FormErrors): number {
  const n = wholeNumber(form.cooldown, "cooldown_minutes", errors);
  return n * COOLDOWN_UNITS.find((u) => u.unit === form.cooldownUnit)!.minutes;
}

function recipients(form: RuleForm) {
  return { roles: [...form.roles].sort(), users: sortIds(form.users) };
}

export type Built<T> = { ok: true; body: T } | { ok: false; errors: FormErrors };

/** `POST /alert-rules`'s body, or what keeps it from being sent. */
export function buildCreate(form: RuleForm): Built<CreateAlertRule> {
  const errors: FormErrors = {};
  const condition = buildCondition(form, errors);
  const cooldown_minutes = cooldownMinutes(form, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      name: form.name.trim(),
      description: form.description.trim(),
      severity: form.severity,
      enabled: form.enabled,
      condition,
      recipients: recipients(form),
      channels: sortIds(form.channels),
      cooldown_minutes,
    },
  };
}

/** Key order and absent defaults aside, whether two conditions say the same. */
export function sameCondition(a: AlertKind, b: AlertKind): boolean {
  const canon = (c: AlertKind) => {
    const o: Record<string, unknown> = { ...c };
    if (c.kind === "remediation_overdue") o.grace_days = c.grace_days ?? 0;
    return JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));
  };
  return canon(a) === canon(b);
}

/**
 * `PATCH /alert-rules/{id}`'s body: the version read and only what changed (a condition sent
 * unchanged would still be a change of the rule, not of its state, but is left out all the same).
 */
export function buildUpdate(form: RuleForm, rule: AlertRule): Built<UpdateAlertRule> {
  const built = buildCreate(form);
  if (!built.ok) return built;
  const next = built.body;
  const body: UpdateAlertRule = { version: rule.version };
  if (next.name !== rule.name) body.name = next.name;
  if (next.description !== rule.description) body.description = next.description;
  if (next.severity !== rule.severity) body.severity = next.severity;
  if (next.enabled !== rule.enabled) body.enabled = next.enabled;
  if (!sameCondition(next.condition, rule.condition)) body.condition = next.condition;
  if (next.cooldown_minutes !== rule.cooldown_minutes) body.cooldown_minutes = next.cooldown_minutes;
  const before = { roles: [...(rule.recipients.roles ?? [])].sort(), users: sortIds(rule.recipients.users ?? []) };
  if (JSON.stringify(next.recipients) !== JSON.stringify(before)) body.recipients = next.recipients;
  if (JSON.stringify(next.channels) !== JSON.stringify(sortIds(rule.channels))) body.channels = next.channels;
  return { ok: true, body };
}

/** Whether an update body changes anything (it always carries the version). */
export const changesSomething = (body: UpdateAlertRule) => Object.keys(body).some((k) => k !== "version");

/** The fields the form shows messages under, besides each user's `recipients.users[i]` and each channel's `channels[i]`. */
export const FORM_FIELDS = [
  "name",
  "description",
  "severity",
  "enabled",
  "cooldown_minutes",
  "recipients",
  "recipients.roles",
  "channels",
  "condition.threshold",
  "condition.tactic",
  "condition.threat_actor",
  "condition.technique_set_id",
  "condition.state",
  "condition.days",
  "condition.grace_days",
] as const;

/**
 * The refusals of a failed save that no field of the form shows (the body itself, an index past
 * the `userCount` users or `channelCount` channels chosen), as "field: message", so none goes
 * unseen.
 */
export function unplacedErrors(error: unknown, userCount: number, channelCount = 0): string[] {
  if (!(error instanceof ApiError)) return [];
  const shown = new Set<string>(FORM_FIELDS);
  return error.errors
    .filter((e) => {
      const user = /^recipients\.users\[(\d+)\]$/.exec(e.field);
      if (user) return Number(user[1]) >= userCount;
      const channel = /^channels\[(\d+)\]$/.exec(e.field);
      if (channel) return Number(channel[1]) >= channelCount;
      return !shown.has(e.field);
    })
    .map((e) => `${e.field}: ${e.message}`);
}
