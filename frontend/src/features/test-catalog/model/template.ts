//! A template as the screens use it: the API leaves out empty lists and false flags of a
//! template's content; they are filled in once, when the template is read.

import type { TemplateDetail } from "@/api/content";

type Filled = "arguments" | "description" | "platforms" | "tactics" | "references" | "unknown_techniques" | "elevation_required";

export type FullTemplate = Omit<TemplateDetail, Filled> & Required<Pick<TemplateDetail, Filled>>;

export function withDefaults(t: TemplateDetail): FullTemplate {
  return {
    ...t,
    arguments: t.arguments ?? [],
    description: t.description ?? "",
    platforms: t.platforms ?? [],
    tactics: t.tactics ?? [],
    references: t.references ?? [],
    unknown_techniques: t.unknown_techniques ?? [],
    elevation_required: t.elevation_required ?? false,
  };
}
