//! What a rule refers to, for its pickers and its description in words: threat actors
//! (searched), imported technique sets, webhook channels. Tactics and users come from `src/api`.

import { queryOptions } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { ActorDetail, ActorSummary, AlertChannel, Page, TechniqueSetList } from "@/api/types";

/** Threat actors matching `q` (id, name or alias), 50 at most. */
export const actorSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ["threat-actors", "list", { q }, 50],
    queryFn: ({ signal }) => api<Page<ActorSummary>>("/api/v1/threat-actors", { query: { q, limit: 50 }, signal }),
    staleTime: 60_000,
  });

/** One actor, for the name of the one a rule names. */
export const actorQuery = (id: string) =>
  queryOptions({
    queryKey: ["threat-actors", "detail", id],
    queryFn: ({ signal }) => api<ActorDetail>(`/api/v1/threat-actors/${encodeURIComponent(id)}`, { signal }),
    enabled: id !== "",
    staleTime: 5 * 60_000,
  });

/** Imported technique sets, newest first. */
export const techniqueSetsQuery = queryOptions({
  queryKey: ["technique-sets", "list"],
  queryFn: ({ signal }) => api<TechniqueSetList>("/api/v1/technique-sets", { signal }),
});

/**
 * Webhook channels (leads and admin read them; the admin manages them on their own screen), by
 * the key that screen's changes invalidate.
 */
export const channelsQuery = queryOptions({
  queryKey: ["alert-channels", "list"],
  queryFn: ({ signal }) => api<Page<AlertChannel>>("/api/v1/alert-channels", { signal }),
  select: (page) => page.items,
});
