import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { Weights } from "@/api/types";

export const weightsQuery = queryOptions({
  queryKey: ["scores", "config"],
  queryFn: ({ signal }) => api<Weights>("/api/v1/scores/config", { signal }),
});

/** `PUT /scores/config` (admin): every score follows at once, so every view of scores is refreshed. */
export function useSaveWeights() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Weights) => api<Weights>("/api/v1/scores/config", { method: "PUT", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: (saved) => {
      qc.setQueryData(weightsQuery.queryKey, saved);
      for (const key of ["scores", "heatmap", "dashboard", "techniques", "threat-actors", "technique-sets"]) {
        void qc.invalidateQueries({ queryKey: [key] });
      }
    },
  });
}
