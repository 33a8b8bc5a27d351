//! Recording whether a D3FEND countermeasure is deployed (`PUT /d3fend/techniques/{id}/deployment`,
//! leads and admin). Shared by the D3FEND screen and technique detail, which both offer it; the
//! change moves the D3FEND score component of every technique the countermeasure counters.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import type { Deployment, DeploymentRequest } from "./defense";

export function useSetDeployment(d3fendId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DeploymentRequest) =>
      api<Deployment>(`/api/v1/d3fend/techniques/${encodeURIComponent(d3fendId)}/deployment`, { method: "PUT", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["d3fend"] });
      void qc.invalidateQueries({ queryKey: ["techniques"] });
      void qc.invalidateQueries({ queryKey: ["heatmap"] });
    },
  });
}
