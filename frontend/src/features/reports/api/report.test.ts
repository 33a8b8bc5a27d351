import { afterEach, describe, expect, it, vi } from "vitest";
import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "@/api/client";
import { fakeApi, json } from "@/test/render";
import { periodRemediationQuery, periodResultsQuery, TOO_MANY_TESTS, type ReportFilters } from "./report";

const march: ReportFilters = { from: "2026-03-01", to: "2026-03-31", actor: "", set: "", platform: "" };

afterEach(() => vi.unstubAllGlobals());

describe("the printable report's tests of the period", () => {
  it("reads the rows of the period", async () => {
    const calls = fakeApi(({ url }) => (url.pathname === "/api/v1/reports/test-results" ? json([{ id: "t1" }]) : undefined));
    const rows = await new QueryClient().fetchQuery(periodResultsQuery(march));
    expect(rows).toEqual([{ id: "t1" }]);
    expect(calls[0]!.url.searchParams.get("from")).toBe("2026-03-01T00:00:00Z");
    expect(calls[0]!.url.searchParams.get("to")).toBe("2026-03-31T23:59:59Z");
  });

  it("fails with words pointing to the export when the server started a job (202) instead", async () => {
    const job = { id: "j1", spec: { kind: "remediation" }, status: "queued" };
    fakeApi(({ url }) => (url.pathname === "/api/v1/reports/remediation" ? json(job, 202) : undefined));
    const failure = await new QueryClient().fetchQuery(periodRemediationQuery(march)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).message).toBe(TOO_MANY_TESTS);
    // Under 500: the app's query client does not retry it (each call would start another job)
    expect((failure as ApiError).status).toBeLessThan(500);
  });
});
