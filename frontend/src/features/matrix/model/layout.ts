//! The matrix as a grid: one column per tactic, one row per slot, a slot being a technique or an
//! expanded sub-technique. Rows have one height per density, so a row of the grid is a row on
//! screen and arrow keys move as the eye does.

import type { Density } from "./view";

export interface DensityMetrics {
  /** Narrowest column (px); columns share what is left. */
  minColumn: number;
  /** Height of a row (px). */
  row: number;
  /** Height of the tactic headers (px). */
  header: number;
}

export const DENSITY: Record<Density, DensityMetrics> = {
  normal: { minColumn: 164, row: 54, header: 50 },
  compact: { minColumn: 100, row: 34, header: 44 },
  mini: { minColumn: 58, row: 20, header: 44 },
};

export const DENSITY_LABELS: Record<Density, string> = { normal: "Normal", compact: "Compact", mini: "Mini" };

/** Space between columns (px). */
export const COLUMN_GAP = 2;

/** The width `columns` columns need at `density`. */
export function neededWidth(columns: number, density: Density): number {
  return columns * DENSITY[density].minColumn + Math.max(0, columns - 1) * COLUMN_GAP;
}

/** The widest density at which `columns` columns fit in `width` px; mini when none does. */
export function fitDensity(columns: number, width: number): Density {
  for (const d of ["normal", "compact", "mini"] as const) if (neededWidth(columns, d) <= width) return d;
  return "mini";
}

export interface Slot<T> {
  cell: T;
  /** The parent of a sub-technique slot. */
  parent?: T;
  col: number;
  row: number;
}

/** Each tactic's slots top to bottom: its techniques, each followed by its sub-techniques when expanded. */
export function slotColumns<T extends { attack_id: string; subtechniques: readonly T[] }>(
  tactics: readonly { techniques: readonly T[] }[],
  expanded: (id: string) => boolean,
): Slot<T>[][] {
  return tactics.map((t, col) => {
    const slots: Slot<T>[] = [];
    for (const cell of t.techniques) {
      slots.push({ cell, col, row: slots.length });
      if (cell.subtechniques.length && expanded(cell.attack_id)) {
        for (const s of cell.subtechniques) slots.push({ cell: s, parent: cell, col, row: slots.length });
      }
    }
    return slots;
  });
}

export interface Pos {
  col: number;
  row: number;
}

/**
 * Where a key moves the focus from `at` (null: not a move). Columns are filled from the top, so
 * a move into a shorter column lands on its last slot.
 */
export function moveFocus(lengths: readonly number[], at: Pos, key: string, ctrl = false, page = 10): Pos | null {
  const last = (col: number) => Math.max(0, lengths[col]! - 1);
  const clampRow = (col: number, row: number) => Math.min(Math.max(0, row), last(col));
  const filled = lengths.map((n, i) => (n > 0 ? i : -1)).filter((i) => i >= 0);
  if (filled.length === 0) return null;
  const step = (dir: 1 | -1) => {
    const i = filled.indexOf(at.col);
    const j = i < 0 ? 0 : Math.min(filled.length - 1, Math.max(0, i + dir));
    return filled[j]!;
  };
  switch (key) {
    case "ArrowUp":
      return { col: at.col, row: clampRow(at.col, at.row - 1) };
    case "ArrowDown":
      return { col: at.col, row: clampRow(at.col, at.row + 1) };
    case "PageUp":
      return { col: at.col, row: clampRow(at.col, at.row - page) };
    case "PageDown":
      return { col: at.col, row: clampRow(at.col, at.row + page) };
    case "ArrowLeft": {
      const col = step(-1);
      return { col, row: clampRow(col, at.row) };
    }
    case "ArrowRight": {
      const col = step(1);
      return { col, row: clampRow(col, at.row) };
    }
    case "Home": {
      if (ctrl) return { col: filled[0]!, row: 0 };
      return { col: filled.find((c) => lengths[c]! > at.row) ?? at.col, row: at.row };
    }
    case "End": {
      if (ctrl) {
        const col = filled[filled.length - 1]!;
        return { col, row: last(col) };
      }
      return { col: [...filled].reverse().find((c) => lengths[c]! > at.row) ?? at.col, row: at.row };
    }
    default:
      return null;
  }
}
