import { queryOptions, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, type Query } from "@/api/client";
import { pagedList } from "@/api/pagination";
import { invalidateAfterTestChange } from "@/api/testChanges";
import type { RulePage } from "@/api/defense";
import type { BlueRequest, CreateTest, RedRequest, TaskList, TechniqueSummary, Test, TestAction, TestDetail, TestRow, VoteRequest } from "@/api/types";

export interface TestFilters extends Query {
  state?: string;
  technique?: string;
  tactic?: string;
  assignee?: string;
  platform?: string;
  from?: string;
  to?: string;
}

export const testsList = (filters: TestFilters) => pagedList<TestRow>(["tests", "list"], "/api/v1/tests", filters, 50);

export const myTasksQuery = queryOptions({
  queryKey: ["tests", "my-tasks"],
  queryFn: ({ signal }) => api<TaskList>("/api/v1/tests/my-tasks", { signal }),
});

export const testQuery = (id: string) =>
  queryOptions({
    queryKey: ["tests", "detail", id],
    queryFn: ({ signal }) => api<TestDetail>(`/api/v1/tests/${id}`, { signal }),
  });

export { invalidateAfterTestChange };

export function useCreateTest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTest) => api<Test>("/api/v1/tests", { method: "POST", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => invalidateAfterTestChange(qc),
  });
}

export type TestPatch = Partial<Pick<Test, "title" | "procedure" | "platform" | "severity" | "target_host" | "assigned_red" | "assigned_blue">>;

export function useUpdateTest(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TestPatch) => api<Test>(`/api/v1/tests/${id}`, { method: "PATCH", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => invalidateAfterTestChange(qc),
    onError: () => invalidateTest(qc, id),
  });
}

export function useDeleteTest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<undefined>(`/api/v1/tests/${id}`, { method: "DELETE" }),
    onSuccess: () => invalidateAfterTestChange(qc),
  });
}

/** The endpoint of each workflow step the server names in a test's `allowed_actions`. */
export const STEP_PATHS: Record<TestAction, string> = {
  start_execution: "start-execution",
  submit_red: "submit-red",
  submit_blue: "submit-blue",
  vote: "vote",
  reopen: "reopen",
};

export type WorkflowStep =
  | { action: "start_execution"; body: { comment?: string | null } }
  | { action: "submit_red"; body: RedRequest }
  | { action: "submit_blue"; body: BlueRequest }
  | { action: "vote"; body: VoteRequest }
  | { action: "reopen"; body: { comment?: string | null } };

/** The test detail (and with it the caller's `allowed_actions`) is read again after a refusal too. */
function invalidateTest(qc: QueryClient, id: string) {
  return qc.invalidateQueries({ queryKey: ["tests", "detail", id] });
}

/**
 * One workflow step: `POST /tests/{id}/{step}`; 403 wrong role or assigned to someone else, 409
 * wrong state. A refusal means the page was out of date, so the test is read again either way.
 */
export function useWorkflowStep(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (step: WorkflowStep) => api<Test>(`/api/v1/tests/${id}/${STEP_PATHS[step.action]}`, { method: "POST", json: step.body }),
    meta: { shows: "field-errors" },
    onSuccess: () => invalidateAfterTestChange(qc),
    onError: () => invalidateTest(qc, id),
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

/** Detection rules of the catalog matching `q`, for the blue side to add one a test did not attach. */
export const ruleSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ["detection-rules", "search", q],
    queryFn: ({ signal }) => api<RulePage>("/api/v1/detection-rules", { query: { q, limit: 10 }, signal }),
    enabled: q.length > 1,
    staleTime: 60_000,
  });
