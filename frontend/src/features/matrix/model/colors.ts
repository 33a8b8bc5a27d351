//! The matrix's colours, in the palette the user chose (`lib/heatmap`'s `Palette`): by default
//! the server's status colours (the same as the API's `color` and exported Navigator layers) and
//! the Navigator's score gradient, or a colour-blind-safe set of both. Two cells
//! are never coloured by coverage: an **untested** one (grey with a diagonal hatch, in every
//! mode) and a parent shown only for its sub-techniques (white, dashed). Text on every
//! background is whichever of two inks contrasts more, and every pair reaches WCAG AA (4.5:1);
//! `colors.test.ts` checks all of them, every score included.

import { luminance, mix, scoreColor, statusColors, type ColorMode, type Palette } from "@/lib/heatmap";
import type { CellKind, CellView } from "./coverage";

export type { ColorMode };

const INK_DARK = "#0f172a";
const INK_LIGHT = "#ffffff";

/** WCAG contrast ratio of two hex colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The ink (dark or white) with the higher contrast on `background`. */
export function inkOn(background: string): string {
  return contrast(INK_DARK, background) >= contrast(INK_LIGHT, background) ? INK_DARK : INK_LIGHT;
}

export interface CellStyle {
  /** A CSS background (a colour, or the untested hatch). */
  background: string;
  /** The solid colour under the text (what contrast is measured against). */
  base: string;
  color: string;
  border: string;
  borderStyle: "solid" | "dashed";
}

/** Untested: neutral grey with a hatch, whatever the colour mode. */
export const UNTESTED_BASE = "#f1f5f9";
const UNTESTED_LINE = "#cbd5e1";
export const UNTESTED_HATCH = `repeating-linear-gradient(135deg, ${UNTESTED_BASE} 0 5px, ${UNTESTED_LINE} 5px 6px)`;
const UNTESTED: CellStyle = { background: UNTESTED_HATCH, base: UNTESTED_BASE, color: "#334155", border: "#94a3b8", borderStyle: "solid" };

/** A parent shown for its sub-techniques only: white, dashed, not coloured by coverage. */
const CONTEXT: CellStyle = { background: "#ffffff", base: "#ffffff", color: "#475569", border: "#94a3b8", borderStyle: "dashed" };

/** The solid colour of each kind in status mode (untested has none: it is the hatch). */
export function kindColors(palette: Palette = "standard"): Record<Exclude<CellKind, "untested">, string> {
  const s = statusColors(palette);
  return { validated: s.validated, partial: s.partial, in_progress: s.in_progress, not_covered: s.not_covered };
}

/** The standard palette's kind colours. */
export const KIND_COLORS = kindColors("standard");

/** WCAG AA for normal text. */
export const MIN_CONTRAST = 4.5;

/**
 * `background`, or the nearest shade of it on which its better ink reaches 4.5:1 (a few reds of
 * the score gradient, around 5–10, are a little too light for white and too dark for black).
 */
export function readable(background: string): string {
  const ink = inkOn(background);
  const towards = ink === INK_LIGHT ? "#000000" : "#ffffff";
  let bg = background;
  for (let t = 0.04; contrast(ink, bg) < MIN_CONTRAST && t <= 1; t += 0.04) bg = mix(background, towards, t);
  return bg;
}

function solid(color: string): CellStyle {
  const background = readable(color);
  return { background, base: background, color: inkOn(background), border: mix(background, "#000000", 0.25), borderStyle: "solid" };
}

/** How a cell is painted in `mode` with `palette`. */
export function cellStyle(view: Pick<CellView, "kind" | "context" | "score">, mode: ColorMode, palette: Palette = "standard"): CellStyle {
  if (view.context) return CONTEXT;
  if (view.kind === "untested") return UNTESTED;
  if (mode === "score") return solid(scoreColor(view.score ?? 0, palette));
  return solid(kindColors(palette)[view.kind]);
}

/** The legend's swatch of a kind in status mode. */
export function kindSwatch(kind: CellKind, palette: Palette = "standard"): string {
  return kind === "untested" ? UNTESTED_HATCH : kindColors(palette)[kind];
}
