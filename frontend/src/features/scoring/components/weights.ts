//! The scoring weights form: the five components in the order of docs/SCORING.md, the server's
//! rules mirrored (each a whole number 0-100, at least one above 0) and the share each weight gets.

import type { Weights } from "@/api/types";

export type WeightKey = keyof Weights;

export const WEIGHT_FIELDS: readonly { key: WeightKey; label: string; description: string }[] = [
  { key: "tests", label: "Tests", description: "Best blue outcome of the latest validated test: prevented 100, alerted 85, logged 40, none 0." },
  { key: "detection_rules", label: "Detection rules", description: "Distinct alerts or rules that fired in validated tests: 50 each, at most 100." },
  { key: "d3fend", label: "D3FEND", description: "Defensive techniques mapped to it; left out until D3FEND data is loaded." },
  { key: "freshness", label: "Freshness", description: "Age of the latest validation: 100 up to 30 days, falling to 0 at 365 days." },
  { key: "platform_diversity", label: "Platform diversity", description: "Platforms of validated tests detected at least as logged, over the technique's platforms." },
];

/** The form's text per field. */
export type WeightsForm = Record<WeightKey, string>;

/** Errors per field; `weights` is the form-wide one (the server's name for "all of them"). */
export type WeightsErrors = Partial<Record<WeightKey | "weights", string>>;

export function toForm(w: Weights): WeightsForm {
  return {
    tests: String(w.tests),
    detection_rules: String(w.detection_rules),
    d3fend: String(w.d3fend),
    freshness: String(w.freshness),
    platform_diversity: String(w.platform_diversity),
  };
}

/** Checks the form as the server would; `weights` is set only when every field is valid. */
export function validateWeights(form: WeightsForm): { weights: Weights | null; errors: WeightsErrors } {
  const errors: WeightsErrors = {};
  const values: Partial<Weights> = {};
  for (const { key } of WEIGHT_FIELDS) {
    const text = form[key].trim();
    if (text === "") errors[key] = "Enter a weight from 0 to 100";
    else if (!/^\d+$/.test(text)) errors[key] = "A weight is a whole number from 0 to 100";
    else if (Number(text) > 100) errors[key] = "Each weight is 0-100";
    else values[key] = Number(text);
  }
  if (Object.keys(errors).length > 0) return { weights: null, errors };
  const weights = values as Weights;
  if (WEIGHT_FIELDS.every(({ key }) => weights[key] === 0)) {
    return { weights: null, errors: { weights: "At least one weight must be above 0" } };
  }
  return { weights, errors };
}

/** Each weight's share of the total in percent (one decimal), as the formula divides by the sum. */
export function weightShares(w: Partial<Record<WeightKey, number>>): Record<WeightKey, number> {
  const total = WEIGHT_FIELDS.reduce((s, { key }) => s + (w[key] ?? 0), 0);
  const out = {} as Record<WeightKey, number>;
  for (const { key } of WEIGHT_FIELDS) out[key] = total > 0 ? Math.round(((w[key] ?? 0) / total) * 1000) / 10 : 0;
  return out;
}

/** True when the form differs from what the server holds. */
export function isDirty(form: WeightsForm, saved: Weights | undefined): boolean {
  if (!saved) return false;
  return WEIGHT_FIELDS.some(({ key }) => form[key].trim() !== String(saved[key]));
}
