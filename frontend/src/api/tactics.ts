//! Tactic names for the places the API gives shortnames (`execution`): shown as names, never slugs.

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "./client";
import type { Tactic } from "./types";

export const tacticsQuery = queryOptions({
  queryKey: ["catalog", "tactics"],
  queryFn: ({ signal }) => api<{ items: Tactic[] }>("/api/v1/tactics", { signal }),
  staleTime: 10 * 60_000,
});

/** "command-and-control" → "Command And Control": a readable stand-in until the names load. */
export function titleFromSlug(slug: string): string {
  return slug
    .split(/[-_]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}

/** A function from a tactic shortname to its name ("Command and Control"). */
export function useTacticName(): (shortname: string) => string {
  const q = useQuery(tacticsQuery);
  const names = new Map((q.data?.items ?? []).map((t) => [t.shortname, t.name]));
  return (shortname) => names.get(shortname) ?? titleFromSlug(shortname);
}
