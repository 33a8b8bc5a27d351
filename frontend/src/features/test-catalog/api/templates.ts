import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, type Query } from "@/api/client";
import type {
  BulkActivate,
  BulkResult,
  CreateTestFromTemplate,
  TemplateInput,
  TemplatePage,
  TemplateDetail,
  TemplatePatch,
  TemplateStats,
  TestTemplate,
} from "@/api/content";
import { invalidateAfterTestChange } from "@/api/testChanges";
import type { Test } from "@/api/types";
import { withDefaults } from "../model/template";

const BASE = "/api/v1/test-templates";
export const PAGE_SIZE = 100;

/** The catalog filtered by `query`, `PAGE_SIZE` templates a page; every page carries the total. */
export const templatesList = (query: Query) =>
  infiniteQueryOptions({
    queryKey: ["test-templates", "list", query],
    queryFn: ({ pageParam, signal }) => api<TemplatePage>(BASE, { query: { ...query, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: TemplatePage) => last.next_cursor ?? undefined,
  });

export const templateStatsQuery = queryOptions({
  queryKey: ["test-templates", "stats"],
  queryFn: ({ signal }) => api<TemplateStats>(`${BASE}/stats`, { signal }),
});

export const templateQuery = (id: string) =>
  queryOptions({
    queryKey: ["test-templates", "detail", id],
    queryFn: ({ signal }) => api<TemplateDetail>(`${BASE}/${encodeURIComponent(id)}`, { signal }).then(withDefaults),
  });

/** A template change shows in the list, the stats and the techniques' template counts. */
function invalidateTemplates(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: ["test-templates"] });
  void qc.invalidateQueries({ queryKey: ["techniques"] });
}

/** `POST /test-templates/bulk`: the chosen ids, or every template matching a filter, on or off. */
export function useBulkActivate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkActivate) => api<BulkResult>(`${BASE}/bulk`, { method: "POST", json: body }),
    onSuccess: () => invalidateTemplates(qc),
  });
}

export function useCreateTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TemplateInput) => api<TestTemplate>(BASE, { method: "POST", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => invalidateTemplates(qc),
  });
}

export function useUpdateTemplate(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TemplatePatch) => api<TestTemplate>(`${BASE}/${encodeURIComponent(id)}`, { method: "PATCH", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => invalidateTemplates(qc),
  });
}

export function useDeleteTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<undefined>(`${BASE}/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: (_r, id) => {
      qc.removeQueries({ queryKey: templateQuery(id).queryKey });
      invalidateTemplates(qc);
    },
  });
}

/** `POST /tests` with a template: the server fills the technique, title, procedure and cleanup. */
export function useCreateTestFromTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTestFromTemplate) => api<Test>("/api/v1/tests", { method: "POST", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: (_t, body) => {
      invalidateAfterTestChange(qc);
      void qc.invalidateQueries({ queryKey: templateQuery(body.template_id).queryKey });
    },
  });
}
