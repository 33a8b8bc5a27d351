//! Names for the content library's shapes (data sources, their runs, test templates), from
//! `schema.d.ts` like every API type, with the catalog's sources in display order.

import type { components } from "./schema";

type S = components["schemas"];

export type SourceId = S["SourceKey"];
export type SourceKind = S["SourceKind"];
export type SyncSchedule = S["SyncSchedule"];
export type SourceCounts = S["SourceCounts"];
export type SourceRunError = S["SourceRunError"];
/** One sync or import of a data source: stage and records while it runs, then counts and skipped files. */
export type SourceRun = S["SourceRun"];
export type DataSource = S["DataSource"];
/** `PATCH /data-sources/{id}`: `url: null` returns to the default URL. */
export type UpdateDataSource = S["SourceUpdate"];
export type SourceRunStarted = S["RunStarted"];
export type SourceRunsStarted = S["RunsStarted"];

export type TemplateSource = S["TemplateOrigin"];
export type TemplateSummary = S["TemplateSummary"];
export type TemplateArgument = S["TemplateArgument"];
/** A template as created or changed (`POST`, `PATCH /test-templates`). */
export type TestTemplate = S["TestTemplate"];
/** `GET /test-templates/{id}`: the template and how many tests were created from it. */
export type TemplateDetail = S["TemplateDetail"];
export type TemplatePage = S["TemplatePage"];
/** A custom template as its author writes it. */
export type TemplateInput = S["CustomTemplate"];
/** A custom template's content, or any template's `active` (leads, admin). */
export type TemplatePatch = S["TemplateUpdate"];
/** The catalog's filters, shared by the list and `POST /test-templates/bulk`. */
export type TemplateFilterBody = S["TemplateFilter"];
export type BulkActivate = S["BulkActive"];
export type BulkResult = S["BulkResult"];
export type TemplateStats = S["TemplateStats"];
/** `POST /tests` from a template: the template fills the title, technique, procedure, platform and cleanup left out. */
export type CreateTestFromTemplate = S["CreateTest"] & { template_id: string };

export const TEMPLATE_SOURCES: readonly TemplateSource[] = ["atomic-red-team", "caldera", "lolbas", "gtfobins", "custom"];

export const TEMPLATE_SOURCE_LABELS: Record<TemplateSource, string> = {
  "atomic-red-team": "Atomic Red Team",
  caldera: "CALDERA",
  lolbas: "LOLBAS",
  gtfobins: "GTFOBins",
  custom: "Custom",
};

