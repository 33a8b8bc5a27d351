import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { Page, RunStarted, SchedulerStatus, SyncRun } from "@/api/types";

export const syncRunsQuery = queryOptions({
  queryKey: ["system", "sync-runs"],
  queryFn: ({ signal }) => api<Page<SyncRun>>("/api/v1/system/sync-runs", { query: { limit: 20 }, signal }),
  // Poll while a run is in progress, so its counts and outcome appear without a reload.
  refetchInterval: (query) => (query.state.data?.items.some((r) => r.status === "running") ? 2000 : false),
});

export const schedulerQuery = queryOptions({
  queryKey: ["system", "scheduler"],
  queryFn: ({ signal }) => api<SchedulerStatus>("/api/v1/system/scheduler-status", { signal }),
  refetchInterval: 30_000,
});

export function useStartSync() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<RunStarted>("/api/v1/system/sync-mitre", { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["system"] }),
  });
}

/** `POST /system/sync-runs/{run}/repoints/{from}/revert`: moves a revoked technique's user data back. */
export function useRevertRepoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ runId, from }: { runId: string; from: string }) =>
      api<SyncRun>(`/api/v1/system/sync-runs/${runId}/repoints/${encodeURIComponent(from)}/revert`, { method: "POST" }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["system"] });
      void qc.invalidateQueries({ queryKey: ["tests"] });
      void qc.invalidateQueries({ queryKey: ["heatmap"] });
    },
  });
}
