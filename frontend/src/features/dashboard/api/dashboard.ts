import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { Executive, Kpis, Metrics, Page, SnapshotSummary, TaskList, TestRow } from "@/api/types";

export const kpisQuery = queryOptions({
  queryKey: ["dashboard", "kpis"],
  queryFn: ({ signal }) => api<Kpis>("/api/v1/dashboard/kpis", { signal }),
});

export const metricsQuery = queryOptions({
  queryKey: ["dashboard", "metrics"],
  queryFn: ({ signal }) => api<Metrics>("/api/v1/metrics", { signal }),
});

export const recentTestsQuery = queryOptions({
  queryKey: ["tests", "recent"],
  queryFn: ({ signal }) => api<Page<TestRow>>("/api/v1/tests", { query: { limit: 8 }, signal }),
});

/** What waits on the caller (the same list as My Pending Tasks). */
export const myTasksQuery = (enabled: boolean) =>
  queryOptions({
    queryKey: ["tests", "my-tasks"],
    queryFn: ({ signal }) => api<TaskList>("/api/v1/tests/my-tasks", { signal }),
    enabled,
  });

export const executiveQuery = queryOptions({
  queryKey: ["dashboard", "executive"],
  queryFn: ({ signal }) => api<Executive>("/api/v1/dashboard/executive", { signal }),
});

export function useTakeSnapshot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<SnapshotSummary>("/api/v1/snapshots", { method: "POST" }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["dashboard"] });
      void qc.invalidateQueries({ queryKey: ["snapshots"] });
    },
  });
}
