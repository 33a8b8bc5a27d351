//! Heatmap colouring in one place. Status colours are the server's (the API's `color` and the
//! exported Navigator layers use the same), scores run along the Navigator's red→yellow→green
//! gradient, and every background gets the text colour that reads on it.

import type { Coverage } from "@/api/types";
import { formatScore, ofTotal } from "./format";

export const COVERAGE_ORDER: readonly Coverage[] = ["validated", "partial", "in_progress", "not_covered"];

export const STATUS_COLORS: Record<Coverage, string> = {
  validated: "#1a9850",
  partial: "#fee08b",
  in_progress: "#74add1",
  not_covered: "#d73027",
};

export const STATUS_LABELS: Record<Coverage, string> = {
  validated: "Validated",
  partial: "Partial",
  in_progress: "In progress",
  not_covered: "Not covered",
};

/** The Navigator's default gradient for scores 0..100. */
export const SCORE_GRADIENT = ["#d73027", "#fee08b", "#1a9850"] as const;

/**
 * The colours the app paints coverage with. `standard` is the server's (the API's `color`, the
 * exported Navigator layers). `colorblind` tells the statuses apart without red against green:
 * Okabe and Ito's palette (blue, sky blue, yellow, vermillion), distinct under protanopia,
 * deuteranopia and tritanopia, and a blue–white–vermillion score gradient (diverging, so the
 * ends differ in lightness as well as hue). Glyphs and words say the status in either.
 */
export type Palette = "standard" | "colorblind";

export const PALETTES: readonly Palette[] = ["standard", "colorblind"];

export const PALETTE_LABELS: Record<Palette, string> = { standard: "Standard colours", colorblind: "Colour-blind safe" };

export const COLORBLIND_STATUS_COLORS: Record<Coverage, string> = {
  validated: "#0072b2",
  partial: "#56b4e9",
  in_progress: "#f0e442",
  not_covered: "#d55e00",
};

export const COLORBLIND_SCORE_GRADIENT = ["#d55e00", "#f7f7f7", "#0072b2"] as const;

/** The status colours of `palette`. */
export function statusColors(palette: Palette = "standard"): Record<Coverage, string> {
  return palette === "colorblind" ? COLORBLIND_STATUS_COLORS : STATUS_COLORS;
}

/** The score gradient (0, 50, 100) of `palette`. */
export function scoreGradient(palette: Palette = "standard"): readonly [string, string, string] {
  return palette === "colorblind" ? COLORBLIND_SCORE_GRADIENT : SCORE_GRADIENT;
}

function parseHex(hex: string): [number, number, number] {
  const h = hex.replace("#", "");
  const full = h.length === 3 ? [...h].map((c) => c + c).join("") : h;
  if (!/^[0-9a-fA-F]{6}$/.test(full)) throw new Error(`not a hex colour: ${hex}`);
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

function toHex(rgb: readonly number[]): string {
  return `#${rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, "0")).join("")}`;
}

/** Mixes `a` into `b`: t = 0 gives `a`, t = 1 gives `b`. */
export function mix(a: string, b: string, t: number): string {
  const x = parseHex(a);
  const y = parseHex(b);
  const k = Math.min(1, Math.max(0, t));
  return toHex(x.map((c, i) => c + (y[i]! - c) * k));
}

/** The colour of a 0..100 score on `palette`'s gradient (out-of-range scores are clamped). */
export function scoreColor(score: number, palette: Palette = "standard"): string {
  const s = Number.isFinite(score) ? Math.min(100, Math.max(0, score)) : 0;
  const [low, mid, high] = scoreGradient(palette);
  return s <= 50 ? mix(low, mid, s / 50) : mix(mid, high, (s - 50) / 50);
}

/** WCAG relative luminance of a hex colour. */
export function luminance(hex: string): number {
  const lin = parseHex(hex).map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lin[0]! + 0.7152 * lin[1]! + 0.0722 * lin[2]!;
}

/** Dark or white text, whichever contrasts more with `hex`. */
export function textOn(hex: string): "#0f172a" | "#ffffff" {
  return luminance(hex) > 0.179 ? "#0f172a" : "#ffffff";
}

export type ColorMode = "status" | "score";

export interface CellColors {
  background: string;
  color: string;
  border: string;
}

/** Neutral colours of a parent shown only because some of its sub-techniques match the filters. */
export const CONTEXT_COLORS: CellColors = { background: "#f1f5f9", color: "#475569", border: "#cbd5e1" };

/**
 * A matrix cell's colours. By status, an untested "not covered" cell is a pale tint of its
 * colour so the tested ones stand out; by score, the gradient. A context-only parent (outside
 * the filters, there for its sub-techniques) is neutral whatever the mode: its own coverage is
 * not what the user filtered for, and the server leaves it out of counts and scores.
 */
export function cellColors(
  cell: { status: Coverage; score: number; tests_total: number; context_only?: boolean },
  mode: ColorMode = "status",
): CellColors {
  if (isContextOnly(cell)) return CONTEXT_COLORS;
  if (mode === "score") {
    const background = scoreColor(cell.score);
    return { background, color: textOn(background), border: mix(background, "#000000", 0.2) };
  }
  const base = STATUS_COLORS[cell.status];
  const background = cell.status === "not_covered" && cell.tests_total === 0 ? mix(base, "#ffffff", 0.82) : base;
  return { background, color: textOn(background), border: mix(base, "#000000", 0.15) };
}

/**
 * The parts of a matrix cell that decide how it is labelled and whether it counts (the API's
 * `TechniqueCell`, or a test's stand-in); the coverage rules of `cellCoverage` read the same.
 */
export interface MatrixCellLike {
  attack_id: string;
  name: string;
  status: Coverage;
  score: number;
  tests_total: number;
  tests_validated: number;
  context_only?: boolean;
  subtechniques: MatrixCellLike[];
}

/**
 * Whether a cell is a parent shown only for its sub-techniques: it does not itself match the
 * filters (technique set, coverage, platform), so it is drawn neutral and never counted.
 */
export function isContextOnly(cell: { context_only?: boolean }): boolean {
  return cell.context_only === true;
}

/**
 * The techniques and sub-techniques of a column that match the filters, in matrix order: every
 * sub-technique the server sends, and every parent that is not there only for its
 * sub-techniques. (The server's `counts` and scores leave the same parents out.)
 */
export function matchingCells<T extends MatrixCellLike>(cells: readonly T[]): T[] {
  const out: T[] = [];
  for (const c of cells) {
    if (!isContextOnly(c)) out.push(c);
    for (const s of c.subtechniques) if (!isContextOnly(s)) out.push(s as T);
  }
  return out;
}

/** The accessible label and tooltip of a matrix cell. */
export function describeCell(cell: MatrixCellLike): string {
  if (isContextOnly(cell)) {
    const n = cell.subtechniques.length;
    return `${cell.attack_id} ${cell.name}: does not match the filters, shown for its sub-techniques (${n} matching)`;
  }
  return `${cell.attack_id} ${cell.name}: ${STATUS_LABELS[cell.status]}, score ${formatScore(cell.score)}, ${ofTotal(cell.tests_validated, cell.tests_total, "test")} approved`;
}
