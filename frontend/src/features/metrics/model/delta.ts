//! How period B differs from period A (or a later snapshot from an earlier one), in words as
//! well as in colour: "12 min faster", "up 5.2 points", "+3". Each change says whether it is
//! better or worse for the organisation, so the arrow and the colour are never the only sign.

import { durationText, signed } from "./format";

/** `better`/`worse` for the organisation, `same` when equal, `none` when one side is unknown. */
export type Tone = "better" | "worse" | "same" | "neutral" | "none";

export interface Delta {
  /** B − A; `null` when either is unknown. */
  value: number | null;
  direction: "up" | "down" | "flat" | null;
  tone: Tone;
  /** The change in words, e.g. "12 min faster", "down 3 points", "no change", "not comparable". */
  text: string;
}

export const NOT_COMPARABLE: Delta = { value: null, direction: null, tone: "none", text: "not comparable" };

const known = (n: number | null | undefined): n is number => n !== null && n !== undefined && Number.isFinite(n);

function direction(value: number, epsilon: number): "up" | "down" | "flat" {
  if (Math.abs(value) < epsilon) return "flat";
  return value > 0 ? "up" : "down";
}

/** A time where shorter is better (MTTD, MTTR). */
export function durationDelta(a: number | null | undefined, b: number | null | undefined): Delta {
  if (!known(a) || !known(b)) return NOT_COMPARABLE;
  const value = b - a;
  const size = durationText(Math.abs(value));
  // Under the display's precision (a minute past the first one) the change is none.
  const d = size === "0 s" ? "flat" : direction(value, 0.5);
  if (d === "flat") return { value, direction: "flat", tone: "same", text: "no change" };
  return { value, direction: d, tone: d === "down" ? "better" : "worse", text: `${size} ${d === "down" ? "faster" : "slower"}` };
}

/** A share in percent where higher is better (efficacy, fidelity), in percentage points. */
export function pointsDelta(a: number | null | undefined, b: number | null | undefined): Delta {
  if (!known(a) || !known(b)) return NOT_COMPARABLE;
  const value = Math.round((b - a) * 10) / 10;
  const d = direction(value, 0.05);
  if (d === "flat") return { value, direction: "flat", tone: "same", text: "no change" };
  const size = Math.abs(value);
  return { value, direction: d, tone: d === "up" ? "better" : "worse", text: `${d} ${size} ${size === 1 ? "point" : "points"}` };
}

/**
 * A count or a score: `higher` or `lower` is better, or `neither` (the number of tests, which
 * says how much was measured, not how well).
 */
export function numberDelta(a: number | null | undefined, b: number | null | undefined, better: "higher" | "lower" | "neither" = "higher"): Delta {
  if (!known(a) || !known(b)) return NOT_COMPARABLE;
  return signedDelta(b - a, better);
}

/** A change the server worked out already (a snapshot comparison's `score_delta`). */
export function signedDelta(value: number, better: "higher" | "lower" | "neither" = "higher"): Delta {
  const d = direction(Math.round(value * 10) / 10, 0.05);
  if (d === "flat") return { value, direction: "flat", tone: "same", text: "no change" };
  const tone: Tone = better === "neither" ? "neutral" : (d === "up") === (better === "higher") ? "better" : "worse";
  return { value, direction: d, tone, text: signed(value) };
}

/** The word a screen reader hears after a signed number ("+3, better"). */
export function toneWord(tone: Tone): string {
  return tone === "better" ? "better" : tone === "worse" ? "worse" : "";
}
