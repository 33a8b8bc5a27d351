//! One technique's change between two snapshots, classified as an improvement or a regression:
//! the row model of the changed-techniques table that the Snapshots and Comparison screens share.

import type { Coverage, SnapshotChange } from "@/api/types";

/** Coverage from worst to best, for telling an improvement from a regression. */
const RANK: Record<Coverage, number> = { not_covered: 0, in_progress: 1, partial: 2, validated: 3 };

export type Direction = "improved" | "regressed" | "unchanged";

export interface ChangeRow {
  attackId: string;
  from: Coverage | null;
  to: Coverage | null;
  fromScore: number | null;
  toScore: number | null;
  delta: number;
  /** `added`: only in the later snapshot; `removed`: only in the earlier one. */
  kind: "added" | "removed" | "changed";
  statusChanged: boolean;
  direction: Direction;
}

function asCoverage(s: string | null | undefined): Coverage | null {
  return s && s in RANK ? (s as Coverage) : null;
}

/** One row per change, in the server's order (biggest score change first). */
export function changeRows(changes: readonly SnapshotChange[]): ChangeRow[] {
  return changes.map((c) => {
    const from = asCoverage(c.from_status);
    const to = asCoverage(c.to_status);
    const kind = c.from_status == null ? "added" : c.to_status == null ? "removed" : "changed";
    const statusChanged = kind === "changed" && c.from_status !== c.to_status;
    let direction: Direction = "unchanged";
    if (statusChanged && from && to) direction = RANK[to] > RANK[from] ? "improved" : "regressed";
    else if (c.score_delta > 0) direction = "improved";
    else if (c.score_delta < 0) direction = "regressed";
    return {
      attackId: c.attack_id,
      from,
      to,
      fromScore: c.from_score ?? null,
      toScore: c.to_score ?? null,
      delta: c.score_delta,
      kind,
      statusChanged,
      direction,
    };
  });
}
