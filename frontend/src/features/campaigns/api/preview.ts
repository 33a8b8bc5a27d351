import { queryOptions, useQueries } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { TemplatePage } from "@/api/content";
import type { ActorDetail, ActorSummary, Matrix, Page } from "@/api/types";
import { hasExactTemplate } from "../model/preview";

/** Threat actors matching `q` (id, name or alias), for choosing the one to emulate. */
export const actorSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ["threat-actors", "list", { q }, 50],
    queryFn: ({ signal }) => api<Page<ActorSummary>>("/api/v1/threat-actors", { query: { q, limit: 50 }, signal }),
    staleTime: 60_000,
  });

export const actorDetailQuery = (id: string) =>
  queryOptions({
    queryKey: ["threat-actors", "detail", id],
    queryFn: ({ signal }) => api<ActorDetail>(`/api/v1/threat-actors/${encodeURIComponent(id)}`, { signal }),
    enabled: id !== "",
  });

/** The heatmap filtered to the actor: which of its techniques are current, their platforms, coverage and tactics. */
export const actorMatrixQuery = (id: string) =>
  queryOptions({
    queryKey: ["heatmap", { threat_actor: id }],
    queryFn: ({ signal }) => api<Matrix>("/api/v1/heatmap", { query: { threat_actor: id }, signal }),
    enabled: id !== "",
  });

/** Whether `techniqueId` has an active, current template of exactly that technique. */
export const activeTemplateQuery = (techniqueId: string) =>
  queryOptions({
    queryKey: ["test-templates", "list", { technique: techniqueId, active: "true" }, "exists"],
    queryFn: async ({ signal }) => {
      const page = await api<TemplatePage>("/api/v1/test-templates", { query: { technique: techniqueId, active: "true", limit: 50 }, signal });
      return hasExactTemplate(page.items, techniqueId);
    },
    staleTime: 60_000,
  });

/** The template check of each technique, by id (undefined while it is asked). */
export function useTemplateChecks(techniqueIds: readonly string[]): Record<string, boolean | undefined> {
  return useQueries({
    queries: techniqueIds.map((id) => activeTemplateQuery(id)),
    combine: (results) => Object.fromEntries(techniqueIds.map((id, i) => [id, results[i]?.data])),
  });
}
