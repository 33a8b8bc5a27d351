//! Operational metrics as text: durations a person reads at a glance ("4 min", "2 h 10 min",
//! "3 d"), shares with what they are a share of ("62.5%", "5 of 8"), and "—" wherever the server
//! measured nothing (`null`), never 0.

import { formatDuration } from "@/lib/format";
import type { Ratio, Stat } from "../api/metrics";

export const NONE = "—";

/**
 * A duration in seconds, to the minute past the first minute ("4 min", "2 h 10 min", "3 d 4 h":
 * seconds are noise in a median over days); "—" when unknown.
 */
export function durationText(secs: number | null | undefined): string {
  if (secs === null || secs === undefined || !Number.isFinite(secs) || secs < 0) return NONE;
  return formatDuration(secs >= 60 ? Math.round(secs / 60) * 60 : secs);
}

/** The median of `stat`, or "—". */
export const medianText = (stat: Stat) => durationText(stat.median_secs);

/** "62.5%" or "—" when the whole is empty. */
export function pctText(r: Ratio): string {
  if (r.pct === null || r.pct === undefined || !Number.isFinite(r.pct)) return NONE;
  return `${Math.round(r.pct * 10) / 10}%`;
}

/** "5 of 8". */
export const partText = (r: Ratio) => `${r.part.toLocaleString()} of ${r.whole.toLocaleString()}`;

/** `+3`, `−2` (a true minus sign), `0`; one decimal at most. */
export function signed(n: number, decimals = 1): string {
  const f = 10 ** decimals;
  const r = Math.round(n * f) / f;
  if (r === 0) return "0";
  return `${r > 0 ? "+" : "\u2212"}${Math.abs(r).toLocaleString()}`;
}

/** Why a value is "—": what the window lacked for it. */
export const EMPTY_HINTS = {
  mttd: "no alerting detection in this window",
  mttdLayer: "no detection on this layer in this window",
  mttr: "no gap closed by a retest in this window",
  toRemediation: "no closed gap whose remediation steps were all done",
  efficacy: "no executed attack among the tests approved in this window",
  fidelity: "no detection in this window",
} as const;

/** The unit a chart of durations up to `maxSecs` reads best in. */
export function durationUnit(maxSecs: number): { label: string; secs: number } {
  if (maxSecs < 2 * 3600) return { label: "minutes", secs: 60 };
  if (maxSecs < 3 * 86_400) return { label: "hours", secs: 3600 };
  return { label: "days", secs: 86_400 };
}

const utcDate = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });

/** A `YYYY-MM-DD` (a week's Monday, a period's day) as a date, read in UTC like the server's weeks. */
export function dayText(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? NONE : utcDate.format(d);
}
