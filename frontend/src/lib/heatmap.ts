// Heatmap colouring: the status colours the server uses (so the SPA, the API and exported
// Navigator layers agree) and a readable text colour on each.

import type { Coverage } from "../api/types";

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

/** Black or white, whichever reads better on `hex` (WCAG relative luminance). */
export function textColor(hex: string): "#000000" | "#ffffff" {
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = rgb.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const l = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  return l > 0.179 ? "#000000" : "#ffffff";
}

/** A cell's background: its status colour, faded when nothing has been tested yet. */
export function cellStyle(status: Coverage, testsTotal: number): { background: string; color: string; opacity: number } {
  const background = STATUS_COLORS[status];
  return { background, color: textColor(background), opacity: status === "not_covered" && testsTotal === 0 ? 0.45 : 1 };
}
