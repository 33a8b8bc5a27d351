//! The custom-rule form's values and the `CustomRule` body they become: technique ids and
//! platforms typed as text (commas or spaces), one reference per line, empty optional fields
//! sent as null. The server's field errors (`technique_ids[2]`) are gathered under the form's
//! fields, naming the id they are about.

import { fieldErrorLists } from "@/api/client";
import type { CustomRule, DetectionRule } from "@/api/defense";
import { parseTechniqueIds } from "./filters";

export interface RuleFormValues {
  title: string;
  description: string;
  techniques: string;
  level: string;
  status: string;
  language: string;
  logsource: string;
  platforms: string;
  query: string;
  references: string;
}

export const EMPTY_RULE_FORM: RuleFormValues = {
  title: "",
  description: "",
  techniques: "",
  level: "",
  status: "",
  language: "",
  logsource: "",
  platforms: "",
  query: "",
  references: "",
};

export function formFromRule(r: DetectionRule): RuleFormValues {
  return {
    title: r.title,
    description: r.description ?? "",
    techniques: (r.technique_ids ?? []).join(", "),
    level: r.level ?? "",
    status: r.status ?? "",
    language: r.language ?? "",
    logsource: r.logsource ?? "",
    platforms: (r.platforms ?? []).join(", "),
    query: r.query ?? "",
    references: (r.references ?? []).join("\n"),
  };
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

export function toCustomRule(v: RuleFormValues): CustomRule {
  return {
    title: v.title.trim(),
    description: v.description.trim(),
    technique_ids: parseTechniqueIds(v.techniques).ids,
    level: orNull(v.level),
    status: orNull(v.status),
    language: orNull(v.language),
    logsource: orNull(v.logsource),
    platforms: v.platforms
      .split(/[\s,;]+/)
      .map((p) => p.trim().toLowerCase())
      .filter(Boolean),
    query: v.query.trim() ? v.query : null,
    references: v.references
      .split("\n")
      .map((r) => r.trim())
      .filter(Boolean),
  };
}

/** What the form checks before sending: a title, and technique ids that look like ids. */
export function ruleFormProblems(v: RuleFormValues): Partial<Record<keyof RuleFormValues, string>> {
  const out: Partial<Record<keyof RuleFormValues, string>> = {};
  if (!v.title.trim()) out.title = "A title is required";
  const { ids, invalid } = parseTechniqueIds(v.techniques);
  if (invalid.length) out.techniques = `Not ATT&CK technique ids: ${invalid.join(", ")} (e.g. T1059.001)`;
  else if (ids.length > 20) out.techniques = "At most 20 techniques";
  return out;
}

/** The server's field errors under the form's fields; `technique_ids[i]` names the id it refused. */
export function ruleServerErrors(error: unknown, sent: CustomRule): Partial<Record<keyof RuleFormValues, string[]>> {
  const out: Partial<Record<keyof RuleFormValues, string[]>> = {};
  for (const [field, messages] of Object.entries(fieldErrorLists(error))) {
    const item = /^technique_ids\[(\d+)\]$/.exec(field);
    const key = (item || field === "technique_ids" ? "techniques" : field) as keyof RuleFormValues;
    const id = item ? sent.technique_ids?.[Number(item[1])] : undefined;
    for (const m of messages) (out[key] ??= []).push(id && !m.includes(id) ? `${id}: ${m}` : m);
  }
  return out;
}
