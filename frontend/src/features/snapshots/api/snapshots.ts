import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { pagedList } from "@/api/pagination";
import type { Comparison, SnapshotSummary, Trend } from "@/api/types";

/** Snapshots of the default domain, newest first, a page at a time. */
export const snapshotsList = (limit = 25) => pagedList<SnapshotSummary>(["snapshots", "list"], "/api/v1/snapshots", {}, limit);

export const trendQuery = (days: number) =>
  queryOptions({
    queryKey: ["snapshots", "trend", days],
    queryFn: ({ signal }) => api<Trend>("/api/v1/snapshots/trend", { query: { days }, signal }),
    placeholderData: (previous) => previous,
  });

export const compareQuery = (from: string, to: string) =>
  queryOptions({
    queryKey: ["snapshots", "compare", from, to],
    queryFn: ({ signal }) => api<Comparison>("/api/v1/snapshots/compare", { query: { from, to }, signal }),
    enabled: Boolean(from && to && from !== to),
    staleTime: Infinity, // snapshots never change
  });

export function useTakeSnapshot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<SnapshotSummary>("/api/v1/snapshots", { method: "POST" }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["snapshots"] });
      void qc.invalidateQueries({ queryKey: ["dashboard"] });
    },
  });
}
