//! The Comparison screen's state and the URL: `mode` (`periods` or `snapshots`), the two periods
//! as whole UTC days (`a_from`, `a_to`, `b_from`, `b_to`, `YYYY-MM-DD`) and the two snapshots
//! (`snap_from`, `snap_to`, ids). Absent or unreadable values fall back to defaults worked out
//! from today (the last 30 days against the 30 before) and the newest snapshots, so the screen
//! opens on something to compare; the URL is written only with what the user chose.

import type { Query } from "@/api/client";
import { dayEnd, dayStart, utcDay, validDay } from "./window";

export type CompareMode = "periods" | "snapshots";

export interface Period {
  /** `YYYY-MM-DD` (UTC). */
  from: string;
  to: string;
}

export interface ComparisonState {
  mode: CompareMode;
  a: Period;
  b: Period;
  /** Snapshot ids; "" when none was chosen (the screen then takes the newest two). */
  snapFrom: string;
  snapTo: string;
}

/** Period B the last 30 days up to `today`, period A the 30 days before. */
export function defaultPeriods(today: Date): { a: Period; b: Period } {
  return { a: { from: utcDay(today, -59), to: utcDay(today, -30) }, b: { from: utcDay(today, -29), to: utcDay(today) } };
}

export function comparisonFromParams(params: URLSearchParams, today: Date): ComparisonState {
  const defaults = defaultPeriods(today);
  const day = (key: string, fallback: string) => validDay(params.get(key)) || fallback;
  return {
    mode: params.get("mode") === "snapshots" ? "snapshots" : "periods",
    a: { from: day("a_from", defaults.a.from), to: day("a_to", defaults.a.to) },
    b: { from: day("b_from", defaults.b.from), to: day("b_to", defaults.b.to) },
    snapFrom: (params.get("snap_from") ?? "").trim(),
    snapTo: (params.get("snap_to") ?? "").trim(),
  };
}

export interface ComparisonPatch {
  mode?: CompareMode;
  a?: Partial<Period>;
  b?: Partial<Period>;
  snapFrom?: string;
  snapTo?: string;
}

/** `params` with `patch` written in; other parameters are kept, an empty value removes its key. */
export function withComparison(params: URLSearchParams, patch: ComparisonPatch): URLSearchParams {
  const next = new URLSearchParams(params);
  const put = (key: string, value: string | undefined) => {
    if (value === undefined) return;
    if (value) next.set(key, value);
    else next.delete(key);
  };
  put("mode", patch.mode === undefined ? undefined : patch.mode === "periods" ? "" : patch.mode);
  put("a_from", patch.a?.from);
  put("a_to", patch.a?.to);
  put("b_from", patch.b?.from);
  put("b_to", patch.b?.to);
  put("snap_from", patch.snapFrom);
  put("snap_to", patch.snapTo);
  return next;
}

/** A period as the window of `GET /metrics/operational` (its first day's start to its last day's end). */
export function periodQuery(p: Period): Query {
  return { from: p.from ? dayStart(p.from) : undefined, to: p.to ? dayEnd(p.to) : undefined };
}

/** The pair to compare when none is chosen: the one before the newest against the newest. */
export function defaultSnapshotPair(items: readonly { id: string }[]): { from: string; to: string } {
  if (items.length < 2) return { from: "", to: "" };
  return { from: items[1]!.id, to: items[0]!.id };
}
