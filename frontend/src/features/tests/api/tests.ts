import { queryOptions, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, type Query } from "@/api/client";
import { pagedList } from "@/api/pagination";
import type { BlueRequest, CreateTest, RedRequest, TechniqueSummary, Test, TestDetail, VoteRequest } from "@/api/types";
import type { WorkflowAction } from "@/auth/permissions";

export interface TestFilters extends Query {
  state?: string;
  technique?: string;
  tactic?: string;
  assignee?: string;
  platform?: string;
  from?: string;
  to?: string;
}

export const testsList = (filters: TestFilters) => pagedList<Test>(["tests", "list"], "/api/v1/tests", filters, 50);

export const myTasksQuery = queryOptions({
  queryKey: ["tests", "my-tasks"],
  queryFn: ({ signal }) => api<{ items: Test[] }>("/api/v1/tests/my-tasks", { signal }),
});

export const testQuery = (id: string) =>
  queryOptions({
    queryKey: ["tests", "detail", id],
    queryFn: ({ signal }) => api<TestDetail>(`/api/v1/tests/${id}`, { signal }),
  });

/** A test's state feeds coverage, the matrix, dashboards and notifications: refresh them all. */
export function invalidateAfterTestChange(qc: QueryClient) {
  for (const key of ["tests", "techniques", "heatmap", "dashboard", "notifications"]) {
    void qc.invalidateQueries({ queryKey: [key] });
  }
}

export function useCreateTest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTest) => api<Test>("/api/v1/tests", { method: "POST", json: body }),
    onSuccess: () => invalidateAfterTestChange(qc),
  });
}

export type TestPatch = Partial<Pick<Test, "title" | "procedure" | "platform" | "severity" | "target_host" | "assigned_red" | "assigned_blue">>;

export function useUpdateTest(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TestPatch) => api<Test>(`/api/v1/tests/${id}`, { method: "PATCH", json: body }),
    onSuccess: () => invalidateAfterTestChange(qc),
  });
}

export function useDeleteTest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<undefined>(`/api/v1/tests/${id}`, { method: "DELETE" }),
    onSuccess: () => invalidateAfterTestChange(qc),
  });
}

export type WorkflowStep =
  | { action: "start-execution"; body: { comment?: string | null } }
  | { action: "submit-red"; body: RedRequest }
  | { action: "submit-blue"; body: BlueRequest }
  | { action: "vote"; body: VoteRequest }
  | { action: "reopen"; body: { comment?: string | null } };

/** One workflow step: `POST /tests/{id}/{action}`; 403 wrong role, 409 wrong state. */
export function useWorkflowStep(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (step: WorkflowStep) => api<Test>(`/api/v1/tests/${id}/${step.action satisfies WorkflowAction}`, { method: "POST", json: step.body }),
    onSuccess: () => invalidateAfterTestChange(qc),
  });
}

/** Techniques matching `q`, for picking the one a new test validates. */
export const techniqueSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ["techniques", "search", q],
    queryFn: ({ signal }) =>
      api<{ items: TechniqueSummary[] }>("/api/v1/techniques", { query: { q, limit: 20 }, signal }),
    enabled: q.length > 0,
    staleTime: 60_000,
  });

export const techniqueBriefQuery = (id: string) =>
  queryOptions({
    queryKey: ["techniques", "detail", id],
    queryFn: ({ signal }) => api<TechniqueSummary>(`/api/v1/techniques/${encodeURIComponent(id)}`, { signal }),
    enabled: id.length > 0,
  });
