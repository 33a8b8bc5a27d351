//! The catalog's filters and the URL: every filter is a search parameter named as the API's
//! (`source`, `technique`, `tactic`, `platform`, `active`, `retired`, `flagged`, `q`), so a
//! filtered catalog can be linked to (a technique's "N active test templates") and survives a
//! reload. Values the API would refuse are dropped when read.

import type { Query } from "@/api/client";
import { TEMPLATE_SOURCES, type TemplateFilterBody, type TemplateSource } from "@/api/content";

export type TriState = "" | "true" | "false";

export interface CatalogFilters {
  source: TemplateSource | "";
  technique: string;
  tactic: string;
  platform: string;
  active: TriState;
  /** Only templates their source no longer has; otherwise only current ones (the API's default). */
  retired: boolean;
  flagged: boolean;
  q: string;
}

export const NO_FILTERS: CatalogFilters = { source: "", technique: "", tactic: "", platform: "", active: "", retired: false, flagged: false, q: "" };

const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;
const triState = (v: string | null): TriState => (v === "true" || v === "false" ? v : "");

/** The filters a URL's search parameters hold. */
export function filtersFromParams(params: URLSearchParams): CatalogFilters {
  const source = (params.get("source") ?? "") as TemplateSource;
  const technique = (params.get("technique") ?? "").trim().toUpperCase();
  return {
    source: TEMPLATE_SOURCES.includes(source) ? source : "",
    technique: TECHNIQUE_ID.test(technique) ? technique : "",
    tactic: params.get("tactic") ?? "",
    platform: params.get("platform") ?? "",
    active: triState(params.get("active")),
    retired: params.get("retired") === "true",
    flagged: params.get("flagged") === "true",
    q: params.get("q") ?? "",
  };
}

/** `params` with one filter changed (an empty value removes it); other parameters are kept. */
export function withFilter<K extends keyof CatalogFilters>(params: URLSearchParams, key: K, value: CatalogFilters[K]): URLSearchParams {
  const next = new URLSearchParams(params);
  const text = typeof value === "boolean" ? (value ? "true" : "") : String(value).trim();
  if (text) next.set(key, text);
  else next.delete(key);
  return next;
}

/** `params` with every filter removed. */
export function withoutFilters(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of Object.keys(NO_FILTERS)) next.delete(key);
  return next;
}

export function hasFilters(f: CatalogFilters): boolean {
  return (Object.keys(NO_FILTERS) as (keyof CatalogFilters)[]).some((k) => f[k] !== NO_FILTERS[k]);
}

/** The query of `GET /test-templates` (empty values are left out by the client). */
export function toListQuery(f: CatalogFilters): Query {
  return {
    source: f.source,
    technique: f.technique,
    tactic: f.tactic,
    platform: f.platform,
    active: f.active,
    retired: f.retired ? "true" : "",
    flagged: f.flagged ? "true" : "",
    q: f.q.trim(),
  };
}

/** The `filter` of `POST /test-templates/bulk`: the list's own filters, so "all matching" is what the list shows. */
export function toBulkFilter(f: CatalogFilters): TemplateFilterBody {
  const body: TemplateFilterBody = {};
  if (f.source) body.source = f.source;
  if (f.technique) body.technique = f.technique;
  if (f.tactic) body.tactic = f.tactic;
  if (f.platform) body.platform = f.platform;
  if (f.q.trim()) body.q = f.q.trim();
  if (f.active) body.active = f.active === "true";
  if (f.retired) body.retired = true;
  if (f.flagged) body.flagged = true;
  return body;
}
