//! The list's filters and the URL: each one a search parameter named as the API's (`status`,
//! `actor`, `owner`, `q`), so a filtered list can be linked to and survives a reload. A status
//! the API does not know is dropped when read.

import type { Query } from "@/api/client";
import { CAMPAIGN_STATUSES, type CampaignStatus } from "@/api/campaigns";

export interface CampaignFilters {
  status: CampaignStatus | "";
  actor: string;
  owner: string;
  q: string;
}

export const NO_FILTERS: CampaignFilters = { status: "", actor: "", owner: "", q: "" };

export function filtersFromParams(params: URLSearchParams): CampaignFilters {
  const status = (params.get("status") ?? "") as CampaignStatus;
  return {
    status: CAMPAIGN_STATUSES.includes(status) ? status : "",
    actor: (params.get("actor") ?? "").trim().toUpperCase(),
    owner: (params.get("owner") ?? "").trim(),
    q: params.get("q") ?? "",
  };
}

/** `params` with one filter changed (empty removes it); other parameters are kept. */
export function withFilter(params: URLSearchParams, key: keyof CampaignFilters, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  const text = value.trim();
  if (text) next.set(key, text);
  else next.delete(key);
  return next;
}

export function hasFilters(f: CampaignFilters): boolean {
  return (Object.keys(NO_FILTERS) as (keyof CampaignFilters)[]).some((k) => f[k] !== "");
}

export function toListQuery(f: CampaignFilters): Query {
  return { status: f.status, actor: f.actor, owner: f.owner, q: f.q.trim() };
}
