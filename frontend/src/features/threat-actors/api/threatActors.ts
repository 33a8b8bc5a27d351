import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { pagedList } from "@/api/pagination";
import type { ActorDetail, ActorScore, ActorSummary, Coverage, Kpis, Matrix, Page, TestRow, Tracking } from "@/api/types";

/** Threat actors matching `q`; with `trackedOnly`, only those the organisation tracks (`?tracked=true`). */
export const actorsList = (q: string, trackedOnly = false) =>
  pagedList<ActorSummary>(["threat-actors", "list"], "/api/v1/threat-actors", { q, tracked: trackedOnly || undefined }, 50);

export const actorQuery = (id: string) =>
  queryOptions({
    queryKey: ["threat-actors", "detail", id],
    queryFn: ({ signal }) => api<ActorDetail>(`/api/v1/threat-actors/${encodeURIComponent(id)}`, { signal }),
  });

export const actorScoreQuery = (id: string) =>
  queryOptions({
    queryKey: ["threat-actors", "score", id],
    queryFn: ({ signal }) => api<ActorScore>(`/api/v1/scores/threat-actors/${encodeURIComponent(id)}`, { signal }),
  });

export interface ActorTechniqueCoverage {
  status: Coverage;
  tests: number;
}

/** The coverage status and test count of each technique the actor uses, from the heatmap filtered to it. */
/** The heatmap filtered to the actor, cells and sub-techniques as the matrix shows them. */
export const actorMatrixQuery = (id: string) =>
  queryOptions({
    queryKey: ["heatmap", { threat_actor: id }],
    queryFn: ({ signal }) => api<Matrix>("/api/v1/heatmap", { query: { threat_actor: id }, signal }),
  });

export const actorCoverageQuery = (id: string) =>
  queryOptions({
    queryKey: ["heatmap", { threat_actor: id }, "statuses"],
    queryFn: async ({ signal }) => {
      const m = await api<Matrix>("/api/v1/heatmap", { query: { threat_actor: id }, signal });
      const out: Record<string, ActorTechniqueCoverage> = {};
      for (const col of m.tactics) {
        for (const cell of col.techniques) {
          if (!cell.context_only) out[cell.attack_id] = { status: cell.status, tests: cell.tests_total };
          for (const s of cell.subtechniques) out[s.attack_id] = { status: s.status, tests: s.tests_total };
        }
      }
      return out;
    },
  });

/** The tests of one technique (the actor's techniques that have any are asked one by one). */
export const techniqueTestsQuery = (techniqueId: string) =>
  queryOptions({
    queryKey: ["tests", "by-technique", techniqueId],
    queryFn: ({ signal }) => api<Page<TestRow>>("/api/v1/tests", { query: { technique: techniqueId, limit: 50 }, signal }),
  });

/** The organisation's score, to show next to the actor's. */
export const orgKpisQuery = queryOptions({
  queryKey: ["dashboard", "kpis"],
  queryFn: ({ signal }) => api<Kpis>("/api/v1/dashboard/kpis", { signal }),
});

/**
 * `PUT /threat-actors/{id}/tracked` (leads, admin): starts or stops tracking an actor. Its lists
 * and pages carry the flag, and the intel view orders by it, so all are read again.
 */
export function useSetTracked() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, tracked }: { id: string; tracked: boolean }) =>
      api<Tracking>(`/api/v1/threat-actors/${encodeURIComponent(id)}/tracked`, { method: "PUT", json: { tracked } }),
    onSuccess: (t) => {
      qc.setQueryData(actorQuery(t.attack_id).queryKey, (a) => (a ? { ...a, tracked: t.tracked } : a));
      void qc.invalidateQueries({ queryKey: ["threat-actors"] });
      void qc.invalidateQueries({ queryKey: ["intel"] });
    },
  });
}
