//! How a matrix cell reads: the kind of coverage its own tests give it, and, for a parent
//! technique, what its sub-techniques add.
//!
//! Own kind. The server's `not_covered` means two different things, told apart here: a technique
//! with no test at all is **untested** (drawn neutral, grey and hatched, in every colour mode),
//! one whose tests ended without coverage is **not covered (tested)** (drawn red). Never-tested
//! is the absence of evidence, not evidence of a gap in detection.
//!
//! Parent rule ("best of own and sub-techniques"). A parent's sub-techniques are the ways the
//! parent is carried out, so their validation is coverage of the parent:
//! - every sub-technique shown validated: the parent reads **validated via sub-techniques**;
//! - at least one sub-technique validated or partial: **partial via sub-techniques**;
//! - otherwise (only in progress, not covered or untested sub-techniques): nothing from them;
//! - the parent shows the better of that and its own kind (order: untested < not covered
//!   (tested) < in progress < partial < validated), marked "via sub-techniques" when the
//!   sub-techniques decided it. Its own tests are never hidden: the card lists both.
//! "Shown" is what the server sent for the filters in force: with a platform filter, 3/3 means
//! the three sub-techniques for that platform.
//! A parent shown only for matching sub-techniques (`context_only`) stays neutral, as its own
//! status is outside the filters; its sub-technique count is still shown.

import type { TechniqueCell } from "@/api/types";
import { formatScore, ofTotal } from "@/lib/format";
import type { MatrixCellLike } from "@/lib/heatmap";

export type CellKind = "validated" | "partial" | "in_progress" | "not_covered" | "untested";

/** Display order: best first. */
export const KIND_ORDER: readonly CellKind[] = ["validated", "partial", "in_progress", "not_covered", "untested"];

export const KIND_LABELS: Record<CellKind, string> = {
  validated: "Validated",
  partial: "Partial",
  in_progress: "In progress",
  not_covered: "Not covered (tested)",
  untested: "Untested",
};

const RANK: Record<CellKind, number> = { untested: 0, not_covered: 1, in_progress: 2, partial: 3, validated: 4 };

/** What a cell's own tests say. */
export function ownKind(cell: Pick<MatrixCellLike, "status" | "tests_total">): CellKind {
  if (cell.status === "not_covered") return cell.tests_total > 0 ? "not_covered" : "untested";
  return cell.status;
}

/** How many of a parent's sub-techniques (as shown) are of each kind. */
export interface SubAggregate {
  total: number;
  counts: Record<CellKind, number>;
}

export function subAggregate(cell: Pick<MatrixCellLike, "subtechniques">): SubAggregate | null {
  if (cell.subtechniques.length === 0) return null;
  const counts: Record<CellKind, number> = { validated: 0, partial: 0, in_progress: 0, not_covered: 0, untested: 0 };
  for (const s of cell.subtechniques) counts[ownKind(s)] += 1;
  return { total: cell.subtechniques.length, counts };
}

/** What the sub-techniques alone give their parent (see the module comment), if anything. */
export function kindFromSubs(agg: SubAggregate | null): CellKind | null {
  if (!agg) return null;
  if (agg.counts.validated === agg.total) return "validated";
  if (agg.counts.validated + agg.counts.partial > 0) return "partial";
  return null;
}

export interface CellView {
  /** What the cell is drawn as. */
  kind: CellKind;
  /** What its own tests say. */
  own: CellKind;
  /** The kind comes from the sub-techniques, not the cell's own tests. */
  viaSubs: boolean;
  /** Shown only as the parent of matching sub-techniques: neutral, not counted. */
  context: boolean;
  subs: SubAggregate | null;
  /** The score the score mode paints, or null for a neutral cell (untested, context). */
  score: number | null;
}

/** A cell as the matrix draws it. */
export function cellView(cell: MatrixCellLike): CellView {
  const own = ownKind(cell);
  const subs = subAggregate(cell);
  const context = cell.context_only === true;
  const fromSubs = kindFromSubs(subs);
  const viaSubs = !context && fromSubs !== null && RANK[fromSubs] > RANK[own];
  const kind = viaSubs ? fromSubs! : own;
  let score: number | null = null;
  if (!context) {
    if (viaSubs) {
      // The best score among the sub-techniques that lifted it.
      const lifting = cell.subtechniques.filter((s) => ownKind(s) === "validated" || ownKind(s) === "partial");
      score = Math.max(...lifting.map((s) => s.score));
    } else if (own !== "untested") {
      score = cell.score;
    }
  }
  return { kind, own, viaSubs, context, subs, score };
}

/** "1/13": validated sub-techniques of those shown. */
export function subLabel(agg: SubAggregate): string {
  return `${agg.counts.validated}/${agg.total}`;
}

/**
 * The techniques and sub-techniques of the matrix that match the filters, each once (a technique
 * sits under every tactic it belongs to), in matrix order; parents shown only for their
 * sub-techniques are left out, as the server's counts leave them out.
 */
export function uniqueMatching<T extends MatrixCellLike>(columns: readonly { techniques: readonly T[] }[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  const add = (c: T) => {
    if (c.context_only || seen.has(c.attack_id)) return;
    seen.add(c.attack_id);
    out.push(c);
  };
  for (const col of columns) {
    for (const c of col.techniques) {
      add(c);
      for (const s of c.subtechniques) add(s as T);
    }
  }
  return out;
}

/** Counts per own kind over the matching cells, and how many parents sub-techniques lifted. */
export function kindCounts(columns: readonly { techniques: readonly MatrixCellLike[] }[]): { counts: Record<CellKind, number>; viaSubs: number } {
  const counts: Record<CellKind, number> = { validated: 0, partial: 0, in_progress: 0, not_covered: 0, untested: 0 };
  let viaSubs = 0;
  for (const c of uniqueMatching(columns)) {
    counts[ownKind(c)] += 1;
    if (cellView(c).viaSubs) viaSubs += 1;
  }
  return { counts, viaSubs };
}

/** The accessible name of a cell: the status in words, never only its colour. */
export function describeCellView(cell: MatrixCellLike, view: CellView = cellView(cell)): string {
  // The name starts with what the cell shows (id, then the sub-technique's own name), so speech
  // input can name it as seen.
  const i = cell.name.indexOf(": ");
  const sub = cell.attack_id.includes(".") && i >= 0;
  const named = sub ? `${cell.attack_id} ${cell.name.slice(i + 2)} (sub-technique of ${cell.name.slice(0, i)})` : `${cell.attack_id} ${cell.name}`;
  if (view.context) {
    return `${named}: does not match the filters, shown for its sub-techniques (${cell.subtechniques.length} matching)`;
  }
  const status = `${KIND_LABELS[view.kind]}${view.viaSubs ? " via sub-techniques" : ""}`;
  const subs = view.subs ? `, ${ofTotal(view.subs.counts.validated, view.subs.total, "sub-technique")} validated` : "";
  return `${named}: ${status}, score ${formatScore(cell.score)}, ${ofTotal(cell.tests_validated, cell.tests_total, "test")} approved${subs}`;
}

/** Techniques a "create tests for the uncovered" action targets (see `uncoveredTargets`). */
export type Target = Pick<TechniqueCell, "attack_id" | "name">;

/**
 * The uncovered techniques of the view: matching cells with no validated, partial or running
 * test of their own and not covered through their sub-techniques, each once.
 */
export function uncoveredTargets<T extends MatrixCellLike>(columns: readonly { techniques: readonly T[] }[]): { targets: T[]; untested: number; notCovered: number } {
  const targets = uniqueMatching(columns).filter((c) => {
    const v = cellView(c);
    return v.kind === "untested" || v.kind === "not_covered";
  });
  return {
    targets,
    untested: targets.filter((c) => ownKind(c) === "untested").length,
    notCovered: targets.filter((c) => ownKind(c) === "not_covered").length,
  };
}
