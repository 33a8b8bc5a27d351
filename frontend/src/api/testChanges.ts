//! Changes to many tests at once (the tables' bulk actions), shared by every screen that lists
//! tests. Each test is changed by its own call, one after the other; the calls that fail are
//! reported together as one failed mutation, so the app's one error toast names them.

import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, ApiError, errorMessage } from "./client";
import { ofTotal } from "@/lib/format";
import type { AssignRequest, Test } from "./types";

/** A test's state feeds coverage, the matrix, dashboards and notifications: refresh them all. */
export function invalidateAfterTestChange(qc: QueryClient) {
  for (const key of ["tests", "techniques", "heatmap", "dashboard", "notifications", "threat-actors", "campaigns"]) {
    void qc.invalidateQueries({ queryKey: [key] });
  }
}

export interface BulkResult {
  done: Pick<Test, "id" | "title">[];
}

/** Runs `call` on each test in turn; throws one `ApiError` listing every failure. */
async function eachTest(tests: readonly Pick<Test, "id" | "title">[], verb: string, call: (id: string) => Promise<unknown>): Promise<BulkResult> {
  const done: Pick<Test, "id" | "title">[] = [];
  const failed: { test: Pick<Test, "id" | "title">; error: unknown }[] = [];
  for (const test of tests) {
    try {
      await call(test.id);
      done.push(test);
    } catch (error) {
      failed.push({ test, error });
    }
  }
  if (failed.length > 0) {
    const first = failed[0]!.error;
    throw new ApiError({
      status: first instanceof ApiError ? first.status : 0,
      title: `${ofTotal(failed.length, tests.length, "test")} not ${verb}${done.length ? ` (${done.length} ${verb})` : ""}`,
      detail: failed.map((f) => `“${f.test.title}”: ${errorMessage(f.error)}`).join("; "),
      requestId: first instanceof ApiError ? first.requestId : null,
    });
  }
  return { done };
}

/** `POST /tests/{id}/assign` for each test (leads of that side, admin). */
export function useBulkAssign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ tests, body }: { tests: readonly Pick<Test, "id" | "title">[]; body: AssignRequest }) =>
      eachTest(tests, "assigned", (id) => api<Test>(`/api/v1/tests/${id}/assign`, { method: "POST", json: body })),
    onSettled: () => invalidateAfterTestChange(qc),
  });
}

/** `DELETE /tests/{id}` for each test (admin). */
export function useBulkDelete() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tests: readonly Pick<Test, "id" | "title">[]) => eachTest(tests, "deleted", (id) => api<undefined>(`/api/v1/tests/${id}`, { method: "DELETE" })),
    onSettled: () => invalidateAfterTestChange(qc),
  });
}
