//! The run comparison in words: each technique's trend from the previous run (what changed, not
//! only a colour), the campaign's coverage run by run, and the history's entries as sentences.

import type { CampaignComparison, CampaignEvent, RunTrend, TechniqueComparison, TechniqueOutcome } from "@/api/campaigns";
import { DETECTION_LABELS, STATE_LABELS } from "@/lib/labels";

export const TREND_LABELS: Record<RunTrend, string> = {
  improved: "Improved",
  regressed: "Regressed",
  unchanged: "Unchanged",
  new: "New in this run",
};

/** Regressions first (what needs attention), then improvements, new ones, unchanged; by technique within. */
const TREND_ORDER: Record<RunTrend, number> = { regressed: 0, improved: 1, new: 2, unchanged: 3 };

export function sortedComparison(rows: readonly TechniqueComparison[]): TechniqueComparison[] {
  return [...rows].sort((a, b) => TREND_ORDER[a.trend] - TREND_ORDER[b.trend] || a.technique_id.localeCompare(b.technique_id));
}

export function trendCounts(rows: readonly TechniqueComparison[]): Record<RunTrend, number> {
  const counts: Record<RunTrend, number> = { improved: 0, regressed: 0, unchanged: 0, new: 0 };
  for (const r of rows) counts[r.trend] += 1;
  return counts;
}

/** "Approved, alerted" or "Red executing": a technique's outcome in one run. */
export function outcomeLabel(o: TechniqueOutcome | null | undefined): string {
  if (!o) return "Not in the run";
  const state = STATE_LABELS[o.state];
  return o.detection ? `${state}, ${DETECTION_LABELS[o.detection].toLowerCase()}` : state;
}

export interface RunCoverage {
  run: number;
  pct: number;
  /** Points against the run before (undefined for the first). */
  delta?: number;
  /** "Run 2: 60% covered, up 20 points from run 1". */
  words: string;
}

const points = (n: number) => `${Math.abs(n)} ${Math.abs(n) === 1 ? "point" : "points"}`;

/** The campaign's coverage per run, oldest first, each with its change in words. */
export function coverageByRun(c: Pick<CampaignComparison, "coverage_by_run">): RunCoverage[] {
  return c.coverage_by_run.map(([run, pct], i, all) => {
    const before = i > 0 ? all[i - 1] : undefined;
    const delta = before ? Math.round((pct - before[1]) * 10) / 10 : undefined;
    let change = "";
    if (before && delta !== undefined) {
      change = delta === 0 ? `, unchanged from run ${before[0]}` : `, ${delta > 0 ? "up" : "down"} ${points(delta)} from run ${before[0]}`;
    }
    return { run, pct, delta, words: `Run ${run}: ${pct}% of its techniques covered${change}` };
  });
}

const ACTION_LABELS: Record<string, string> = {
  create: "Created the campaign",
  update: "Changed the campaign",
  add_test: "Added a test",
  update_test: "Moved a test or changed its dependencies",
  remove_test: "Removed a test",
  start: "Started the campaign",
  run: "Started a new run",
  complete: "Completed the campaign",
  cancel: "Cancelled the campaign",
};

/** A history entry as a sentence, with what its summary records that a reader needs. */
export function eventLabel(e: Pick<CampaignEvent, "action" | "run"> & { summary: unknown }): string {
  const base = ACTION_LABELS[e.action] ?? e.action.replace(/_/g, " ");
  const s = (e.summary ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (e.action === "add_test" && typeof s.technique_id === "string") parts.push(`on ${s.technique_id}`);
  if (e.action === "update" && typeof s.recurrence === "string") parts.push(`recurrence ${s.recurrence}`);
  if (e.action === "complete" && typeof s.coverage_pct === "number") parts.push(`${s.coverage_pct}% of its techniques covered`);
  if (e.action === "run" && typeof s.previous_coverage_pct === "number") parts.push(`run ${String(s.run)}; the previous one ended at ${s.previous_coverage_pct}% covered`);
  if (e.action === "start" && typeof s.next_run_at === "string") parts.push("next run scheduled");
  return parts.length > 0 ? `${base}: ${parts.join(", ")}` : base;
}
