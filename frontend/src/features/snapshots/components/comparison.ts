//! How a comparison of two snapshots and the trend are presented: the changes (classified in
//! `@/lib/snapshotChanges`) summarised and filtered, coverage counts side by side, signed deltas.

import type { Comparison, Coverage, SnapshotSummary, TrendPoint } from "@/api/types";
import { COVERAGE_ORDER } from "@/lib/heatmap";
import type { ChangeRow } from "@/lib/snapshotChanges";

export interface ChangeSummary {
  improved: number;
  regressed: number;
  statusChanges: number;
  added: number;
  removed: number;
}

export function summarize(rows: readonly ChangeRow[]): ChangeSummary {
  return {
    improved: rows.filter((r) => r.direction === "improved").length,
    regressed: rows.filter((r) => r.direction === "regressed").length,
    statusChanges: rows.filter((r) => r.statusChanged).length,
    added: rows.filter((r) => r.kind === "added").length,
    removed: rows.filter((r) => r.kind === "removed").length,
  };
}

export type ChangeFilter = "all" | "status" | "improved" | "regressed";

export function filterRows(rows: readonly ChangeRow[], filter: ChangeFilter): ChangeRow[] {
  switch (filter) {
    case "status":
      return rows.filter((r) => r.statusChanged || r.kind !== "changed");
    case "improved":
    case "regressed":
      return rows.filter((r) => r.direction === filter);
    default:
      return [...rows];
  }
}

export interface CountDelta {
  status: Coverage;
  from: number;
  to: number;
  delta: number;
}

/** Techniques per coverage status in both snapshots, in the legend's order. */
export function countDeltas(from: Pick<SnapshotSummary, "counts">, to: Pick<SnapshotSummary, "counts">): CountDelta[] {
  return COVERAGE_ORDER.map((status) => {
    const a = from.counts[status] ?? 0;
    const b = to.counts[status] ?? 0;
    return { status, from: a, to: b, delta: b - a };
  });
}

/** `+1.5`, `−2`, `0`: a signed delta with one decimal at most (a true minus sign). */
export function formatDelta(n: number): string {
  const r = Math.round(n * 10) / 10;
  if (r === 0) return "0";
  return `${r > 0 ? "+" : "\u2212"}${Math.abs(r)}`;
}

/** The tone of a delta where up is good (or bad, for `not_covered`). */
export function deltaTone(n: number, upIsGood = true): "up" | "down" | "flat" {
  if (Math.round(n * 10) === 0) return "flat";
  return n > 0 === upIsGood ? "up" : "down";
}

/** The pair to compare first: the one before the newest against the newest (lists are newest first). */
export function defaultPair(items: readonly Pick<SnapshotSummary, "id">[]): { from: string; to: string } {
  if (items.length < 2) return { from: "", to: "" };
  return { from: items[1]!.id, to: items[0]!.id };
}

/** True when `from` was taken after `to`, i.e. the comparison runs backwards in time. */
export function isBackwards(c: Pick<Comparison, "from" | "to">): boolean {
  return new Date(c.from.taken_at).getTime() > new Date(c.to.taken_at).getTime();
}

export interface TrendDatum {
  at: number;
  score: number;
  validated: number;
  partial: number;
}

/** Chart rows, oldest first, with the time as a number so points are spaced by date. */
export function trendData(points: readonly TrendPoint[]): TrendDatum[] {
  return points
    .map((p) => ({ at: new Date(p.taken_at).getTime(), score: Math.round(p.org_score * 10) / 10, validated: p.validated, partial: p.partial }))
    .filter((p) => Number.isFinite(p.at))
    .sort((a, b) => a.at - b.at);
}
