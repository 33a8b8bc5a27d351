//! The Detection Rules list's filters and the URL: each one a search parameter named as the
//! API's (`source`, `technique`, `tactic`, `level`, `status`, `platform`, `mapped`,
//! `deprecated`, `q`), so a filtered list can be linked to (a technique's rules) and survives a
//! reload. Values the API would refuse are dropped when read.

import type { Query } from "@/api/client";
import { RULE_SOURCES, type RuleSource } from "@/api/defense";

export type TriState = "" | "true" | "false";

export interface RuleFilters {
  source: RuleSource | "";
  technique: string;
  tactic: string;
  /** Sigma level or Elastic severity. */
  level: string;
  /** Sigma status or Elastic maturity. */
  status: string;
  /** A platform (`windows`) or a log source part (`process_creation`). */
  platform: string;
  mapped: TriState;
  deprecated: TriState;
  q: string;
}

export const NO_RULE_FILTERS: RuleFilters = { source: "", technique: "", tactic: "", level: "", status: "", platform: "", mapped: "", deprecated: "", q: "" };

/** What Sigma levels and Elastic severities are, for the level filter. */
export const RULE_LEVELS = ["informational", "low", "medium", "high", "critical"] as const;
/** Sigma statuses, then Elastic maturities, for the status filter. */
export const RULE_STATUSES = ["stable", "test", "experimental", "deprecated", "unsupported", "production", "development"] as const;

export const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;
const triState = (v: string | null): TriState => (v === "true" || v === "false" ? v : "");

/** The filters a URL's search parameters hold. */
export function ruleFiltersFromParams(params: URLSearchParams): RuleFilters {
  const source = (params.get("source") ?? "") as RuleSource;
  const technique = (params.get("technique") ?? "").trim().toUpperCase();
  return {
    source: RULE_SOURCES.includes(source) ? source : "",
    technique: TECHNIQUE_ID.test(technique) ? technique : "",
    tactic: (params.get("tactic") ?? "").trim(),
    level: (params.get("level") ?? "").trim().toLowerCase(),
    status: (params.get("status") ?? "").trim().toLowerCase(),
    platform: (params.get("platform") ?? "").trim(),
    mapped: triState(params.get("mapped")),
    deprecated: triState(params.get("deprecated")),
    q: params.get("q") ?? "",
  };
}

/** `params` with one filter changed (an empty value removes it); other parameters are kept. */
export function withRuleFilter<K extends keyof RuleFilters>(params: URLSearchParams, key: K, value: RuleFilters[K]): URLSearchParams {
  const next = new URLSearchParams(params);
  const text = String(value).trim();
  if (text) next.set(key, text);
  else next.delete(key);
  return next;
}

/** `params` with every filter removed. */
export function withoutRuleFilters(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of Object.keys(NO_RULE_FILTERS)) next.delete(key);
  return next;
}

export function hasRuleFilters(f: RuleFilters): boolean {
  return (Object.keys(NO_RULE_FILTERS) as (keyof RuleFilters)[]).some((k) => f[k] !== NO_RULE_FILTERS[k]);
}

/** The query of `GET /detection-rules` (empty values are left out by the client). */
export function toRuleQuery(f: RuleFilters): Query {
  return { ...f, q: f.q.trim() };
}

/** "T1059.001, T1027" typed by a person → the ids, upper case, each once; the bad ones apart. */
export function parseTechniqueIds(text: string): { ids: string[]; invalid: string[] } {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim().toUpperCase())
    .filter(Boolean);
  const ids = [...new Set(parts.filter((p) => TECHNIQUE_ID.test(p)))];
  const invalid = parts.filter((p) => !TECHNIQUE_ID.test(p));
  return { ids, invalid };
}
