import { queryOptions } from "@tanstack/react-query";
import { api } from "@/api/client";
import { pagedList } from "@/api/pagination";
import type { ActorDetail, ActorScore, ActorSummary, Coverage, Matrix } from "@/api/types";

export const actorsList = (q: string) => pagedList<ActorSummary>(["threat-actors", "list"], "/api/v1/threat-actors", { q }, 50);

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

/** The coverage status of each technique the actor uses, from the heatmap filtered to it. */
export const actorCoverageQuery = (id: string) =>
  queryOptions({
    queryKey: ["heatmap", { threat_actor: id }, "statuses"],
    queryFn: async ({ signal }) => {
      const m = await api<Matrix>("/api/v1/heatmap", { query: { threat_actor: id }, signal });
      const out: Record<string, Coverage> = {};
      for (const col of m.tactics) {
        for (const cell of col.techniques) {
          out[cell.attack_id] = cell.status;
          for (const s of cell.subtechniques) out[s.attack_id] = s.status;
        }
      }
      return out;
    },
  });
