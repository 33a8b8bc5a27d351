import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, downloadFile } from "@/api/client";
import type { TechniqueSet, TechniqueSetList } from "@/api/types";

/** Imported technique sets (e.g. threat actors' Navigator layers) with their coverage, newest first. */
export const techniqueSetsQuery = queryOptions({
  queryKey: ["technique-sets", "list"],
  queryFn: ({ signal }) => api<TechniqueSetList>("/api/v1/technique-sets", { signal }),
});

/** `POST /heatmap/navigator-layer` with the layer JSON as the body (leads, admin): the layer's name names the set. */
export function useImportLayer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (layerJson: string) =>
      api<TechniqueSet>("/api/v1/heatmap/navigator-layer", {
        method: "POST",
        body: layerJson,
        headers: { "content-type": "application/json" },
      }),
    meta: { shows: "field-errors" },
    onSuccess: () => qc.invalidateQueries({ queryKey: ["technique-sets"] }),
  });
}

/** `DELETE /technique-sets/{id}` (admin). */
export function useDeleteTechniqueSet() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<undefined>(`/api/v1/technique-sets/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["technique-sets"] }),
  });
}

export type GapFormat = "layer" | "csv";

/** The matrix filters a gap export takes (coverage status is what makes a gap, so not that one). */
export interface GapFilters {
  platform?: string;
  threat_actor?: string;
  tactic?: string;
  technique_set?: string;
}

export function exportGaps(filters: GapFilters, format: GapFormat): Promise<string> {
  return downloadFile(
    "/api/v1/heatmap/gaps",
    {
      platform: filters.platform || undefined,
      threat_actor: filters.threat_actor || undefined,
      tactic: filters.tactic || undefined,
      technique_set: filters.technique_set || undefined,
      format,
    },
    format === "csv" ? "aegis-gaps.csv" : "aegis-gaps-layer.json",
  );
}
