//! The printable report's data, all from existing endpoints: the heatmap filtered by actor, set
//! and platform (score, tactics, gaps), the executive view (organisation score), the median time
//! to detect, the snapshot trend, and the test-result and remediation reports for the period.

import { queryOptions } from "@tanstack/react-query";
import { api, ApiError } from "@/api/client";
import type { ActorSummary, Executive, Kpis, Matrix, Page, RemediationRow, ReportJob, TechniqueSetList, TestResult, Trend } from "@/api/types";

export interface ReportFilters {
  /** `YYYY-MM-DD`, inclusive; "" for no bound. */
  from: string;
  to: string;
  actor: string;
  set: string;
  platform: string;
}

/** A day's bound as RFC 3339 UTC (the start of `from`, the end of `to`). */
export function dayBound(day: string, end: boolean): string | undefined {
  return day ? `${day}T${end ? "23:59:59" : "00:00:00"}Z` : undefined;
}

/** Days from `from` (or 90 days back) to today, for the trend. */
export function trendDays(from: string, now: Date = new Date()): number {
  if (!from) return 90;
  const days = Math.ceil((now.getTime() - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  return Math.min(3650, Math.max(1, days));
}

export const filteredMatrixQuery = (f: ReportFilters) =>
  queryOptions({
    queryKey: ["heatmap", "report", { actor: f.actor, set: f.set, platform: f.platform }],
    queryFn: ({ signal }) =>
      api<Matrix>("/api/v1/heatmap", { query: { threat_actor: f.actor, technique_set: f.set, platform: f.platform }, signal }),
  });

export const executiveQuery = queryOptions({
  queryKey: ["dashboard", "executive"],
  queryFn: ({ signal }) => api<Executive>("/api/v1/dashboard/executive", { signal }),
});

export const kpisQuery = queryOptions({
  queryKey: ["dashboard", "kpis"],
  queryFn: ({ signal }) => api<Kpis>("/api/v1/dashboard/kpis", { signal }),
});

export const trendQuery = (days: number) =>
  queryOptions({
    queryKey: ["snapshots", "trend", days],
    queryFn: ({ signal }) => api<Trend>("/api/v1/snapshots/trend", { query: { days }, signal }),
  });

/**
 * A report over the tests of the period. Above the server's threshold of tests the report is
 * answered `202` with an export job instead of its rows: that is an error here pointing to the
 * export on the Reports screen, an `ApiError` under 500 so that it is not retried (each call
 * would start another job).
 */
async function periodReport<T>(path: string, f: ReportFilters, signal: AbortSignal): Promise<T[]> {
  const out = await api<T[] | ReportJob>(path, { query: { from: dayBound(f.from, false), to: dayBound(f.to, true) }, signal });
  if (!Array.isArray(out)) throw new ApiError({ status: 202, title: "Export started", detail: TOO_MANY_TESTS });
  return out;
}

export const TOO_MANY_TESTS =
  "There are too many tests to read them here: an export was started instead. Download it under Exports on the Reports screen.";

export const periodResultsQuery = (f: ReportFilters) =>
  queryOptions({
    queryKey: ["tests", "report-results", f.from, f.to],
    queryFn: ({ signal }) => periodReport<TestResult>("/api/v1/reports/test-results", f, signal),
  });

export const periodRemediationQuery = (f: ReportFilters) =>
  queryOptions({
    queryKey: ["tests", "report-remediation", f.from, f.to],
    queryFn: ({ signal }) => periodReport<RemediationRow>("/api/v1/reports/remediation", f, signal),
  });

/** Every threat actor (a few pages at most), for the filter. */
export const allActorsQuery = queryOptions({
  queryKey: ["threat-actors", "all"],
  queryFn: async ({ signal }) => {
    const out: ActorSummary[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await api<Page<ActorSummary>>("/api/v1/threat-actors", { query: { limit: 200, cursor }, signal });
      out.push(...page.items);
      cursor = page.next_cursor ?? undefined;
      if (!cursor) break;
    }
    return out;
  },
  staleTime: 10 * 60_000,
});

export const techniqueSetsQuery = queryOptions({
  queryKey: ["technique-sets"],
  queryFn: ({ signal }) => api<TechniqueSetList>("/api/v1/technique-sets", { signal }),
});
