//! The custom-template form's values and the request body they become: lists typed as text
//! (technique ids separated by commas or spaces, one reference per line), empty optional fields
//! sent as null, argument rows without a name left out.

import { fieldErrorLists } from "@/api/client";
import type { TemplateArgument, TemplateInput, TemplatePatch } from "@/api/content";
import type { FullTemplate } from "./template";

export interface ArgumentRow {
  name: string;
  description: string;
  type: string;
  default: string;
}

export interface TemplateFormValues {
  name: string;
  description: string;
  techniques: string;
  platforms: string[];
  executor: string;
  command: string;
  cleanup: string;
  privileges: string;
  elevation_required: boolean;
  references: string;
  arguments: ArgumentRow[];
}

export const EMPTY_TEMPLATE_FORM: TemplateFormValues = {
  name: "",
  description: "",
  techniques: "",
  platforms: [],
  executor: "",
  command: "",
  cleanup: "",
  privileges: "",
  elevation_required: false,
  references: "",
  arguments: [],
};

export const EMPTY_ARGUMENT: ArgumentRow = { name: "", description: "", type: "string", default: "" };

/** The form filled from an existing template, for editing. */
export function formFromTemplate(t: FullTemplate): TemplateFormValues {
  return {
    name: t.name,
    description: t.description,
    techniques: t.technique_ids.join(", "),
    platforms: [...t.platforms],
    executor: t.executor ?? "",
    command: t.command ?? "",
    cleanup: t.cleanup ?? "",
    privileges: t.privileges ?? "",
    elevation_required: t.elevation_required,
    references: t.references.join("\n"),
    arguments: t.arguments.map((a) => ({ name: a.name, description: a.description ?? "", type: a.type ?? "", default: a.default ?? "" })),
  };
}

/** "t1059.001, T1105  t1003" → ["T1059.001", "T1105", "T1003"] (duplicates once). */
export function parseTechniqueIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim().toUpperCase()).filter(Boolean))];
}

const opt = (s: string) => (s.trim() ? s.trim() : null);

export function toTemplateInput(v: TemplateFormValues): TemplateInput {
  const args: TemplateArgument[] = v.arguments
    .filter((a) => a.name.trim())
    .map((a) => ({ name: a.name.trim(), description: opt(a.description), type: opt(a.type), default: a.default === "" ? null : a.default }));
  return {
    name: v.name.trim(),
    description: v.description.trim(),
    technique_ids: parseTechniqueIds(v.techniques),
    platforms: v.platforms,
    executor: opt(v.executor),
    command: v.command.trim() ? v.command : null,
    cleanup: v.cleanup.trim() ? v.cleanup : null,
    privileges: opt(v.privileges),
    elevation_required: v.elevation_required,
    references: v.references.split("\n").map((r) => r.trim()).filter(Boolean),
    arguments: args,
  };
}

/**
 * The body of `PATCH` for a custom template: as for creating one, except that a cleared optional
 * text is sent empty (the server clears a field on "", and leaves it as it was on null).
 */
export function toTemplatePatch(v: TemplateFormValues): TemplatePatch {
  const body = toTemplateInput(v);
  return { ...body, executor: body.executor ?? "", command: body.command ?? "", cleanup: body.cleanup ?? "", privileges: body.privileges ?? "" };
}

/** The server's refusals placed on the form: per field, and per argument row. */
export interface TemplateFormErrors {
  /** `name`, `description`, `techniques`, `platforms`, `executor`, `command`, `cleanup`, `privileges`, `references`, `arguments`. */
  fields: Record<string, string[]>;
  /** By the row's index in the form: `name`, `description`, `type`, `default`. */
  rows: Record<number, Record<string, string>>;
}

/**
 * Places each field error of a failed save: `technique_ids[2]` on the techniques field naming the
 * id, `arguments[1].name` on the form's row that was sent second (unnamed rows are not sent).
 */
export function templateFormErrors(error: unknown, v: TemplateFormValues): TemplateFormErrors {
  const out: TemplateFormErrors = { fields: {}, rows: {} };
  const sentIds = parseTechniqueIds(v.techniques);
  const sentRows = v.arguments.flatMap((a, i) => (a.name.trim() ? [i] : []));
  const add = (field: string, message: string) => (out.fields[field] ??= []).push(message);
  for (const [key, messages] of Object.entries(fieldErrorLists(error))) {
    const indexed = /^(\w+)\[(\d+)\](?:\.(\w+))?$/.exec(key);
    const [field, index, sub] = indexed ? [indexed[1]!, Number(indexed[2]), indexed[3]] : [key, -1, undefined];
    for (const m of messages) {
      if (field === "technique_ids") add("techniques", index >= 0 && sentIds[index] ? `${sentIds[index]}: ${m}` : m);
      else if (field === "arguments" && sub && sentRows[index] !== undefined) (out.rows[sentRows[index]!] ??= {})[sub] = m;
      else add(field, index >= 0 ? `${field} ${index + 1}: ${m}` : m);
    }
  }
  return out;
}
