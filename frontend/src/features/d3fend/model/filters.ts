//! The D3FEND list's filters and the URL (`q`, `tactic`, `deployed`, `attack_id`, named as the
//! API's), so a technique's countermeasures can be linked to (`/d3fend?attack_id=T1003`).

import type { Query } from "@/api/client";
import { D3FEND_TACTICS } from "@/api/defense";

export interface CountermeasureFilters {
  q: string;
  tactic: string;
  deployed: "" | "true" | "false";
  attack_id: string;
}

export const NO_COUNTERMEASURE_FILTERS: CountermeasureFilters = { q: "", tactic: "", deployed: "", attack_id: "" };

const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;

export function countermeasureFiltersFromParams(params: URLSearchParams): CountermeasureFilters {
  const tactic = params.get("tactic") ?? "";
  const deployed = params.get("deployed");
  const attack = (params.get("attack_id") ?? "").trim().toUpperCase();
  return {
    q: params.get("q") ?? "",
    tactic: (D3FEND_TACTICS as readonly string[]).includes(tactic) ? tactic : "",
    deployed: deployed === "true" || deployed === "false" ? deployed : "",
    attack_id: TECHNIQUE_ID.test(attack) ? attack : "",
  };
}

export function withCountermeasureFilter<K extends keyof CountermeasureFilters>(params: URLSearchParams, key: K, value: CountermeasureFilters[K]): URLSearchParams {
  const next = new URLSearchParams(params);
  const text = value.trim();
  if (text) next.set(key, text);
  else next.delete(key);
  return next;
}

export function toCountermeasureQuery(f: CountermeasureFilters): Query {
  return { ...f, q: f.q.trim() };
}

export const isTechniqueId = (v: string) => TECHNIQUE_ID.test(v.trim().toUpperCase());
