import { queryOptions } from "@tanstack/react-query";
import { api, downloadFile, type Query } from "@/api/client";
import type { ActorSummary, Kpis, Matrix, Page, Tactic } from "@/api/types";

export interface HeatmapFilters extends Query {
  platform?: string;
  threat_actor?: string;
  tactic?: string;
  status?: string;
  /** Only the techniques of an imported technique set (its uuid). */
  technique_set?: string;
}

export const heatmapQuery = (filters: HeatmapFilters) =>
  queryOptions({
    queryKey: ["heatmap", filters],
    queryFn: ({ signal }) => api<Matrix>("/api/v1/heatmap", { query: filters, signal }),
    placeholderData: (previous) => previous,
  });

/**
 * The organisation's KPIs, for its score next to a filtered matrix's (the heatmap's `org_score`
 * is the mean over what the filters let through). Shares the dashboard's key and answer.
 */
export const orgKpisQuery = queryOptions({
  queryKey: ["dashboard", "kpis"],
  queryFn: ({ signal }) => api<Kpis>("/api/v1/dashboard/kpis", { signal }),
});

export const matrixTacticsQuery = queryOptions({
  queryKey: ["catalog", "tactics"],
  queryFn: ({ signal }) => api<{ items: Tactic[] }>("/api/v1/tactics", { signal }),
  staleTime: 10 * 60_000,
});

/** Threat actors for the filter (the first 500 by id covers MITRE's groups). */
export const actorOptionsQuery = queryOptions({
  queryKey: ["threat-actors", "options"],
  queryFn: ({ signal }) => api<Page<ActorSummary>>("/api/v1/threat-actors", { query: { limit: 500 }, signal }),
  staleTime: 10 * 60_000,
});

/** Downloads the heatmap with the same filters as an ATT&CK Navigator layer. */
export function exportNavigatorLayer(filters: HeatmapFilters): Promise<string> {
  return downloadFile("/api/v1/heatmap/navigator-layer", filters, "aegis-navigator-layer.json");
}

/**
 * Downloads validated results as a DeTT&CT technique administration file (YAML): detection and
 * visibility scores per technique from its latest validated detection (docs/DETECTION.md).
 */
export function exportDettect(): Promise<string> {
  return downloadFile("/api/v1/heatmap/dettect", undefined, "aegis-dettect-techniques.yaml");
}
