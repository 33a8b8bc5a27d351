import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { Comparison, SnapshotList, SnapshotSummary, Trend } from "@/api/types";

/**
 * Every snapshot of the default domain, newest first. The endpoint answers the whole list in one
 * page (it takes no `limit` or `cursor`; retention bounds it), so the screen pages it itself.
 */
export const snapshotsQuery = queryOptions({
  queryKey: ["snapshots", "list"],
  queryFn: ({ signal }) => api<SnapshotList>("/api/v1/snapshots", { signal }),
});

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
