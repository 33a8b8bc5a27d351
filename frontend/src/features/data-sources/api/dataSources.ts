import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { DataSource, SourceRun, SourceRunsStarted, SourceRunStarted, UpdateDataSource } from "@/api/content";
import type { Page } from "@/api/types";

const BASE = "/api/v1/data-sources";

export const dataSourcesQuery = queryOptions({
  queryKey: ["data-sources", "list"],
  queryFn: ({ signal }) => api<{ items: DataSource[] }>(BASE, { signal }),
  // While a run is in progress the list is read again, so its last run and counts follow.
  refetchInterval: (query) => (query.state.data?.items.some((s) => s.last_run?.status === "running") ? 3000 : false),
});

/** One run, polled every second while it runs: its stage and records read and written. */
export const sourceRunQuery = (runId: string) =>
  queryOptions({
    queryKey: ["data-sources", "run", runId],
    queryFn: ({ signal }) => api<SourceRun>(`${BASE}/runs/${encodeURIComponent(runId)}`, { signal }),
    refetchInterval: (query) => (query.state.data?.status === "running" || !query.state.data ? 1000 : false),
  });

/** A source's runs, newest first, a page at a time. */
export const sourceRunsList = (id: string) =>
  infiniteQueryOptions({
    queryKey: ["data-sources", "runs", id],
    queryFn: ({ pageParam, signal }) =>
      api<Page<SourceRun>>(`${BASE}/${encodeURIComponent(id)}/runs`, { query: { limit: 10, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page<SourceRun>) => last.next_cursor ?? undefined,
  });

export function useUpdateSource(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateDataSource) => api<DataSource>(`${BASE}/${encodeURIComponent(id)}`, { method: "PATCH", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => qc.invalidateQueries({ queryKey: ["data-sources", "list"] }),
  });
}

export function useSyncSource(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<SourceRunStarted>(`${BASE}/${encodeURIComponent(id)}/sync`, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["data-sources"] }),
  });
}

export function useSyncAll() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<SourceRunsStarted>(`${BASE}/sync-all`, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["data-sources"] }),
  });
}
