//! The calls of the Operational metrics and Comparison screens: `GET /metrics/operational` for a
//! window (docs/METRICS.md), the snapshots to pick from and `GET /snapshots/compare`. Types come
//! from `schema.d.ts` like every API shape.

import { queryOptions } from "@tanstack/react-query";
import { api } from "@/api/client";
import { pagedList } from "@/api/pagination";
import type { components } from "@/api/schema";
import type { Comparison, SnapshotSummary } from "@/api/types";
import { periodQuery, type Period } from "../model/comparisonState";
import { toApiQuery, type MetricsFilters } from "../model/window";

type S = components["schemas"];

/** `GET /metrics/operational`: MTTD, MTTR, efficacy, fidelity, velocity over a window. */
export type OperationalMetrics = S["OperationalMetrics"];
/** A median and a mean in seconds over `n` values; both `null` when nothing was measured. */
export type Stat = S["Stat"];
/** `part` of `whole` and its share in percent (`null` when `whole` is 0). */
export type Ratio = S["Ratio"];
/** One team's, person's or tactic's share of the window. */
export type Breakdown = S["Breakdown"];
export type WeekPoint = S["WeekPoint"];
export type WeekVelocity = S["WeekVelocity"];
/** One tactic or threat actor in two snapshots. */
export type GroupChange = S["GroupChange"];

/**
 * The metrics of the window `filters` name. The key holds the filters, not the instant: a
 * preset ("last 90 days") is turned into dates when fetched, so the key stays the same.
 */
export const operationalQuery = (filters: MetricsFilters) =>
  queryOptions({
    queryKey: ["metrics", "operational", filters],
    queryFn: ({ signal }) => api<OperationalMetrics>("/api/v1/metrics/operational", { query: toApiQuery(filters, new Date()), signal }),
    placeholderData: (previous) => previous,
  });

/** The metrics of one period of the Comparison screen (whole UTC days). */
export const periodMetricsQuery = (period: Period) =>
  queryOptions({
    queryKey: ["metrics", "operational", "period", period.from, period.to],
    queryFn: ({ signal }) => api<OperationalMetrics>("/api/v1/metrics/operational", { query: periodQuery(period), signal }),
    placeholderData: (previous) => previous,
  });

/** Snapshots of the default domain, newest first, a page at a time (for the pickers). */
export const snapshotPicks = () => pagedList<SnapshotSummary>(["snapshots", "list"], "/api/v1/snapshots", {}, 50);

export const snapshotCompareQuery = (from: string, to: string) =>
  queryOptions({
    queryKey: ["snapshots", "compare", from, to],
    queryFn: ({ signal }) => api<Comparison>("/api/v1/snapshots/compare", { query: { from, to }, signal }),
    enabled: Boolean(from && to && from !== to),
    staleTime: Infinity, // snapshots never change
  });
