//! Changes to many tests at once (the tables' bulk actions), shared by every screen that lists
//! tests. One request changes up to 100 tests (`POST /tests/bulk-assign`, `/tests/bulk-delete`),
//! each test on its own on the server, so one refusal neither undoes nor stops the others; a
//! larger selection is sent 100 at a time, one request after the other. The tests refused are
//! reported together as one failed mutation, so the app's one error toast names them.

import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, ApiError, errorMessage } from "./client";
import { ofTotal } from "@/lib/format";
import type { AssignRequest, Test, TestBulkAssign, TestBulkDelete, TestBulkResult } from "./types";

/** A test's state feeds coverage, the matrix, dashboards and notifications: refresh them all. */
export function invalidateAfterTestChange(qc: QueryClient) {
  for (const key of ["tests", "techniques", "heatmap", "dashboard", "notifications", "threat-actors", "campaigns"]) {
    void qc.invalidateQueries({ queryKey: [key] });
  }
}

/** Tests one bulk request may name (the server refuses more with a 422). */
export const BULK_MAX = 100;

type NamedTest = Pick<Test, "id" | "title">;

export interface BulkResult {
  done: NamedTest[];
}

interface Refusal {
  test: NamedTest;
  status: number;
  detail: string;
  requestId: string | null;
}

/**
 * Sends `tests` (each once) to a bulk endpoint `BULK_MAX` at a time and reads each test's result.
 * Throws one `ApiError` listing every test refused; a request refused as a whole before anything
 * was done is rethrown as it came (its field errors, status and request id intact).
 */
async function inBulk(tests: readonly NamedTest[], verb: string, send: (ids: string[]) => Promise<TestBulkResult>): Promise<BulkResult> {
  const unique = [...new Map(tests.map((t) => [t.id, t])).values()];
  const done: NamedTest[] = [];
  const refused: Refusal[] = [];
  let unsent: { tests: NamedTest[]; error: unknown } | null = null;
  for (let start = 0; start < unique.length; start += BULK_MAX) {
    const chunk = unique.slice(start, start + BULK_MAX);
    let result: TestBulkResult;
    try {
      result = await send(chunk.map((t) => t.id));
    } catch (error) {
      if (done.length === 0 && refused.length === 0) throw error;
      // The next requests would be refused the same way (a 403, an expired session, no network).
      unsent = { tests: unique.slice(start), error };
      break;
    }
    const byId = new Map(result.results.map((r) => [r.id, r]));
    for (const test of chunk) {
      const r = byId.get(test.id);
      if (r && !r.problem && r.status < 300) done.push(test);
      else
        refused.push({
          test,
          status: r?.status ?? 0,
          detail: r?.problem?.detail || r?.problem?.title || (r ? `refused (${r.status})` : "no result returned"),
          requestId: r?.problem?.request_id ?? null,
        });
    }
  }
  const failed = refused.length + (unsent?.tests.length ?? 0);
  if (failed === 0) return { done };
  const parts = refused.map((f) => `“${f.test.title}”: ${f.detail}`);
  if (unsent) parts.push(`not sent (${errorMessage(unsent.error)}): ${unsent.tests.map((t) => `“${t.title}”`).join(", ")}`);
  const first = refused[0];
  const whole = unsent?.error instanceof ApiError ? unsent.error : null;
  throw new ApiError({
    status: first?.status ?? whole?.status ?? 0,
    title: `${ofTotal(failed, unique.length, "test")} not ${verb}${done.length ? ` (${done.length} ${verb})` : ""}`,
    detail: parts.join("; "),
    requestId: first?.requestId ?? whole?.requestId ?? null,
  });
}

/** `POST /tests/bulk-assign` (leads of that side, admin): each test assigned as its own assign would. */
export function useBulkAssign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ tests, body }: { tests: readonly NamedTest[]; body: AssignRequest }) =>
      inBulk(tests, "assigned", (ids) => api<TestBulkResult>("/api/v1/tests/bulk-assign", { method: "POST", json: { ids, ...body } satisfies TestBulkAssign })),
    onSettled: () => invalidateAfterTestChange(qc),
  });
}

/** `POST /tests/bulk-delete` (admin): drafts only; a test past draft is refused (409) and kept. */
export function useBulkDelete() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tests: readonly NamedTest[]) =>
      inBulk(tests, "deleted", (ids) => api<TestBulkResult>("/api/v1/tests/bulk-delete", { method: "POST", json: { ids } satisfies TestBulkDelete })),
    onSettled: () => invalidateAfterTestChange(qc),
  });
}
