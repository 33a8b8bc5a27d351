//! The gap analysis as a screen shows it: coverage as a number and in words (a bar alone says
//! nothing to a screen reader or a printout), the worst-first order the server sorts by (kept
//! here too, so a merged or filtered list reads the same), and a control's bar segments.

import type { ControlGap, GapSummary } from "@/api/defense";
import { plural } from "@/lib/format";

/** "37.5%", "100%", "0%"; `null` (no technique of the catalog mapped) as "no coverage figure". */
export function formatCoverage(pct: number | null | undefined): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return "no coverage figure";
  return `${Math.round(pct * 10) / 10}%`;
}

/**
 * A control's coverage in words: "37.5% covered: 1 validated, 1 partial, 1 in progress and 1
 * not covered of 4 mapped techniques".
 */
export function coverageWords(g: Pick<ControlGap, "coverage_pct" | "mapped" | "validated" | "partial" | "in_progress" | "not_covered">): string {
  if (g.coverage_pct === null || g.coverage_pct === undefined || g.mapped === 0) return "No technique of the catalog mapped, so no coverage figure";
  const parts = [
    g.validated && `${g.validated} validated`,
    g.partial && `${g.partial} partial`,
    g.in_progress && `${g.in_progress} in progress`,
    g.not_covered && `${g.not_covered} not covered`,
  ].filter(Boolean) as string[];
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : (parts[0] ?? "");
  return `${formatCoverage(g.coverage_pct)} covered: ${list} of ${plural(g.mapped, "mapped technique")}`;
}

/** The framework's summary in one sentence. */
export function summaryWords(s: GapSummary): string {
  return `${formatCoverage(s.coverage_pct)} of ${plural(s.techniques, "distinct technique")} covered over ${plural(s.controls, "control")}; ${s.fully_covered} fully covered`;
}

/**
 * The server's order: lowest percentage first, then most uncovered techniques, then control id;
 * controls without a percentage last (by id).
 */
export function compareWorstFirst(a: ControlGap, b: ControlGap): number {
  const pa = a.coverage_pct ?? null;
  const pb = b.coverage_pct ?? null;
  if (pa === null || pb === null) {
    if (pa !== pb) return pa === null ? 1 : -1;
  } else if (pa !== pb) return pa - pb;
  if (pa !== null && a.uncovered.length !== b.uncovered.length) return b.uncovered.length - a.uncovered.length;
  return a.control_id < b.control_id ? -1 : a.control_id > b.control_id ? 1 : 0;
}

export function sortWorstFirst(controls: readonly ControlGap[]): ControlGap[] {
  return [...controls].sort(compareWorstFirst);
}

/** The widths (in percent of the bar) of the validated, partial, in-progress and not-covered parts. */
export function barSegments(g: Pick<ControlGap, "mapped" | "validated" | "partial" | "in_progress" | "not_covered">) {
  if (!g.mapped) return { validated: 0, partial: 0, in_progress: 0, not_covered: 0 };
  const w = (n: number) => (100 * n) / g.mapped;
  return { validated: w(g.validated), partial: w(g.partial), in_progress: w(g.in_progress), not_covered: w(g.not_covered) };
}
