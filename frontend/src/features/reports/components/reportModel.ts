//! The report's numbers, computed from the filtered heatmap and the period's results.

import type { Coverage, Matrix, TestResult } from "@/api/types";
import { matchingCells } from "@/lib/heatmap";
import type { Outcome } from "@/lib/outcome";

export interface TacticRow {
  id: string;
  name: string;
  score: number;
  techniques: number;
  counts: Record<Coverage, number>;
}

export interface Gap {
  attack_id: string;
  name: string;
  status: Coverage;
  score: number;
  tactic: string;
}

const EMPTY_COUNTS = (): Record<Coverage, number> => ({ validated: 0, partial: 0, in_progress: 0, not_covered: 0 });

/** Each tactic of the filtered matrix: its name (never the slug), score and counts per status. */
export function tacticRows(m: Matrix): TacticRow[] {
  return m.tactics.map((t) => {
    const cells = matchingCells(t.techniques);
    const counts = EMPTY_COUNTS();
    for (const c of cells) counts[c.status] += 1;
    return { id: t.id, name: t.name, score: t.score, techniques: cells.length, counts };
  });
}

const GAP_ORDER: Record<Coverage, number> = { not_covered: 0, in_progress: 1, partial: 2, validated: 3 };

/** The uncovered techniques first (not covered, then in progress, then partial), lowest score first. */
export function topGaps(m: Matrix, limit = 10): { gaps: Gap[]; total: number } {
  const seen = new Set<string>();
  const all: Gap[] = [];
  for (const t of m.tactics) {
    for (const c of matchingCells(t.techniques)) {
      if (c.status === "validated" || seen.has(c.attack_id)) continue;
      seen.add(c.attack_id);
      all.push({ attack_id: c.attack_id, name: c.name, status: c.status, score: c.score, tactic: t.name });
    }
  }
  all.sort((a, b) => GAP_ORDER[a.status] - GAP_ORDER[b.status] || a.score - b.score || a.attack_id.localeCompare(b.attack_id));
  return { gaps: all.slice(0, limit), total: all.length };
}

/** The median of `values`; null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface PeriodSummary {
  tests: number;
  approved: number;
  outcomes: Record<Outcome, number>;
  medianTtd: number | null;
  ttdSample: number;
}

/** The period's tests: how many, how many approved, their outcomes and median time to detect. */
export function periodSummary(results: readonly TestResult[]): PeriodSummary {
  const outcomes: Record<Outcome, number> = { prevented: 0, alerted: 0, logged: 0, none: 0 };
  const approved = results.filter((r) => r.state === "validated");
  for (const r of approved) {
    const d = r.detection;
    if (d && d !== "not_applicable") outcomes[d] += 1;
    else outcomes.none += 1;
  }
  const ttd = approved.map((r) => r.time_to_detect_secs).filter((s): s is number => typeof s === "number" && s >= 0);
  return { tests: results.length, approved: approved.length, outcomes, medianTtd: median(ttd), ttdSample: ttd.length };
}
