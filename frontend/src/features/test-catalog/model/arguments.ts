//! A template's arguments when a test is created from it: inputs start at each argument's
//! default, the body carries what was typed (the server falls back to the default for what is
//! left empty), and the preview resolves `#{name}` as the server does.

import type { TemplateArgument } from "@/api/content";

/** One input per argument, prefilled with its default (empty when it has none). */
export function initialValues(args: readonly TemplateArgument[]): Record<string, string> {
  return Object.fromEntries(args.map((a) => [a.name, a.default ?? ""]));
}

/** The `arguments` of `POST /tests`: every argument given a value; empty ones are left to the server's default. */
export function argumentsBody(args: readonly TemplateArgument[], values: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of args) {
    const v = values[a.name];
    if (v !== undefined && v !== "") out[a.name] = v;
  }
  return out;
}

/** The value `#{name}` becomes: the one given, else the default; undefined when neither. */
function valueOf(a: TemplateArgument, values: Readonly<Record<string, string>>): string | undefined {
  const v = values[a.name];
  if (v !== undefined && v !== "") return v;
  return a.default ?? undefined;
}

/** `text` with each argument's `#{name}` replaced; arguments without a value stay as written. */
export function resolveArguments(text: string, args: readonly TemplateArgument[], values: Readonly<Record<string, string>>): string {
  let out = text;
  for (const a of args) {
    const v = valueOf(a, values);
    if (v !== undefined) out = out.split(`#{${a.name}}`).join(v);
  }
  return out;
}

/** The arguments `text` uses that have neither a value nor a default (they would stay `#{name}`). */
export function missingArguments(text: string, args: readonly TemplateArgument[], values: Readonly<Record<string, string>>): string[] {
  return args.filter((a) => text.includes(`#{${a.name}}`) && valueOf(a, values) === undefined).map((a) => a.name);
}
