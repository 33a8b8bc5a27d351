import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Query } from "@/api/client";
import { pagedList } from "@/api/pagination";
import type { TechniqueTemplateCounts, TemplatePage } from "@/api/content";
import type { Page, Review, Tactic, TechniqueDetail, TechniqueSummary, Test } from "@/api/types";

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
    queryFn: ({ signal }) => api<Page<Test>>("/api/v1/tests", { query: { technique: id, limit: 50 }, signal }),
  });

export function useReviewTechnique(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reviewed: boolean) =>
      api<Review>(`/api/v1/techniques/${encodeURIComponent(id)}/review`, { method: "POST", json: { reviewed } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["techniques"] }),
  });
}

/**
 * How many current test templates cover a technique (its sub-techniques included), and how many
 * of them are active: the catalog's totals for the technique (`GET /test-templates?technique=`).
 */
export const techniqueTemplateCountsQuery = (id: string, enabled: boolean) =>
  queryOptions({
    queryKey: ["test-templates", "counts", id],
    queryFn: async ({ signal }): Promise<TechniqueTemplateCounts> => {
      const count = (active?: boolean) =>
        api<TemplatePage>("/api/v1/test-templates", { query: { technique: id, active, limit: 1 }, signal }).then((p) => p.total);
      const [active, total] = await Promise.all([count(true), count()]);
      return { active, total };
    },
    enabled,
  });
