import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Query } from "@/api/client";
import { pagedList } from "@/api/pagination";
import type { Page, Review, Tactic, TechniqueDetail, TechniqueSummary, TestRow } from "@/api/types";

export const tacticsQuery = queryOptions({
  queryKey: ["catalog", "tactics"],
  queryFn: ({ signal }) => api<{ items: Tactic[] }>("/api/v1/tactics", { signal }),
  staleTime: 10 * 60_000,
});

export interface TechniqueFilters extends Query {
  q?: string;
  tactic?: string;
  platform?: string;
  coverage?: string;
  subtechniques?: "true" | "false" | "";
  reviewed?: "true" | "false" | "";
  deprecated?: "true" | "";
}

export const techniquesList = (filters: TechniqueFilters) =>
  pagedList<TechniqueSummary>(["techniques", "list"], "/api/v1/techniques", filters, 200);

export const techniqueQuery = (id: string) =>
  queryOptions({
    queryKey: ["techniques", "detail", id],
    queryFn: ({ signal }) => api<TechniqueDetail>(`/api/v1/techniques/${encodeURIComponent(id)}`, { signal }),
  });

export const techniqueTestsQuery = (id: string) =>
  queryOptions({
    queryKey: ["tests", "by-technique", id],
    queryFn: ({ signal }) => api<Page<TestRow>>("/api/v1/tests", { query: { technique: id, limit: 50 }, signal }),
  });

export function useReviewTechnique(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reviewed: boolean) =>
      api<Review>(`/api/v1/techniques/${encodeURIComponent(id)}/review`, { method: "POST", json: { reviewed } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["techniques"] }),
  });
}

