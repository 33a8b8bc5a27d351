import { createElement, type ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderHook } from "@testing-library/react";
import { ApiError } from "./client";
import { BULK_MAX, useBulkAssign, useBulkDelete } from "./testChanges";
import type { TestBulkItem, TestBulkResult } from "./types";

const named = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `t${i + 1}`, title: `Test ${i + 1}` }));

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** A bulk endpoint answering each id with `item(id)` (done when it returns nothing). */
function bulkServer(item: (id: string) => Partial<TestBulkItem> | undefined = () => undefined, doneStatus = 200) {
  const fetch = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
    const { ids } = JSON.parse(String(init?.body)) as { ids: string[] };
    const results = ids.map((id) => ({ id, status: doneStatus, ...item(id) }));
    const failed = results.filter((r) => r.problem).length;
    return json(200, { done: ids.length - failed, failed, results } satisfies TestBulkResult);
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

const sent = (fetch: ReturnType<typeof bulkServer>) =>
  fetch.mock.calls.map(([url, init]) => ({ url: String(url), method: init?.method, body: JSON.parse(String(init?.body)) as { ids: string[] } & Record<string, unknown> }));

function hook<T>(use: () => T) {
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => createElement(QueryClientProvider, { client }, children);
  return renderHook(use, { wrapper }).result;
}

const conflict = (detail: string) => ({ status: 409, problem: { status: 409, title: "Conflict", type: "https://aegis/problems/conflict", detail, request_id: "req-9" } });

describe("bulk test changes", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("assign N tests in one request, with the sides chosen", async () => {
    // Given a server that assigns every test
    const fetch = bulkServer();
    const assign = hook(useBulkAssign);
    // When three tests are assigned on the red side
    const r = await assign.current.mutateAsync({ tests: named(3), body: { assigned_red: "alice" } });
    // Then one request names all three, and all three are reported done
    expect(sent(fetch)).toEqual([{ url: "/api/v1/tests/bulk-assign", method: "POST", body: { ids: ["t1", "t2", "t3"], assigned_red: "alice" } }]);
    expect(r.done.map((t) => t.id)).toEqual(["t1", "t2", "t3"]);
  });

  it("report every test refused in one error naming each, the others done", async () => {
    // Given a server that refuses the second and third test
    bulkServer((id) => (id === "t2" ? conflict("the test moved on") : id === "t3" ? { status: 403, problem: { status: 403, title: "Forbidden", type: "", detail: "you do not lead this side" } } : undefined));
    const assign = hook(useBulkAssign);
    // When four tests are assigned
    const error = await assign.current.mutateAsync({ tests: named(4), body: { assigned_blue: "bob" } }).catch((e: unknown) => e);
    // Then one error names both refusals with the server's words, and counts the done ones
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e.title).toBe("2 of 4 tests not assigned (2 assigned)");
    expect(e.message).toBe("“Test 2”: the test moved on; “Test 3”: you do not lead this side");
    expect(e.status).toBe(409);
    expect(e.requestId).toBe("req-9");
  });

  it(`send more than ${BULK_MAX} tests ${BULK_MAX} at a time, in order, and report failures from every request`, async () => {
    // Given a server that refuses test 150 (in the second request)
    const fetch = bulkServer((id) => (id === "t150" ? conflict("not a draft") : undefined), 204);
    const remove = hook(useBulkDelete);
    // When 250 tests are deleted
    const error = (await remove.current.mutateAsync(named(250)).catch((e: unknown) => e)) as ApiError;
    // Then three requests of 100, 100 and 50 ids were sent, in the order asked
    const calls = sent(fetch);
    expect(calls.map((c) => [c.url, c.body.ids.length])).toEqual([
      ["/api/v1/tests/bulk-delete", 100],
      ["/api/v1/tests/bulk-delete", 100],
      ["/api/v1/tests/bulk-delete", 50],
    ]);
    expect(calls.flatMap((c) => c.body.ids)).toEqual(named(250).map((t) => t.id));
    // And the one refusal is named, the 249 others done
    expect(error.title).toBe("1 of 250 tests not deleted (249 deleted)");
    expect(error.message).toBe("“Test 150”: not a draft");
  });

  it("send each test once", async () => {
    const fetch = bulkServer(undefined, 204);
    const remove = hook(useBulkDelete);
    const r = await remove.current.mutateAsync([...named(2), ...named(2)]);
    expect(sent(fetch).map((c) => c.body)).toEqual([{ ids: ["t1", "t2"] }]);
    expect(r.done).toHaveLength(2);
  });

  it("rethrow a request refused as a whole, with its field errors", async () => {
    // Given a server that does not know the assignee
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => json(422, { status: 422, title: "Unprocessable", type: "", detail: "no such user", errors: [{ field: "assigned_red", code: "unknown", message: "no user “zed”" }] })),
    );
    const assign = hook(useBulkAssign);
    const error = (await assign.current.mutateAsync({ tests: named(2), body: { assigned_red: "zed" } }).catch((e: unknown) => e)) as ApiError;
    // Then the server's own error comes through
    expect(error.status).toBe(422);
    expect(error.fieldError("assigned_red")).toBe("no user “zed”");
  });

  it("name the tests not sent when a later request is refused as a whole", async () => {
    // Given a server that answers the first request, then fails
    const fetch = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
      if (fetch.mock.calls.length > 1) return json(503, { status: 503, title: "Service Unavailable", type: "", detail: "try again later" });
      const { ids } = JSON.parse(String(init?.body)) as { ids: string[] };
      return json(200, { done: ids.length, failed: 0, results: ids.map((id) => ({ id, status: 200 })) });
    });
    vi.stubGlobal("fetch", fetch);
    const assign = hook(useBulkAssign);
    const error = (await assign.current.mutateAsync({ tests: named(102), body: { assigned_red: "alice" } }).catch((e: unknown) => e)) as ApiError;
    expect(error.title).toBe("2 of 102 tests not assigned (100 assigned)");
    expect(error.message).toBe("not sent (try again later): “Test 101”, “Test 102”");
    expect(error.status).toBe(503);
  });
});
