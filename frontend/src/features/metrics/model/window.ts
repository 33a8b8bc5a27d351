//! The Operational metrics screen's filters and the URL: `window` (a preset number of days or
//! `custom`), `from` and `to` (whole days, `YYYY-MM-DD`, for a custom window), `tactic` (a
//! shortname) and `team` (`red` or `blue`). What the URL holds that the screen does not know is
//! dropped when read, so a link always opens a screen that works; the server still judges the
//! window (422 next to the inputs).

import type { Query } from "@/api/client";

export const WINDOW_PRESETS = [
  { value: "30", label: "Last 30 days" },
  { value: "90", label: "Last 90 days" },
  { value: "180", label: "Last 180 days" },
  { value: "365", label: "Last 365 days" },
] as const;

export type WindowPreset = (typeof WINDOW_PRESETS)[number]["value"];
export type WindowChoice = WindowPreset | "custom";
export type Team = "" | "red" | "blue";

export interface MetricsFilters {
  window: WindowChoice;
  /** `YYYY-MM-DD`, only with `window: "custom"`. */
  from: string;
  to: string;
  tactic: string;
  team: Team;
}

/** The server's own default: the last 90 days, every tactic, both teams. */
export const DEFAULT_FILTERS: MetricsFilters = { window: "90", from: "", to: "", tactic: "", team: "" };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A `YYYY-MM-DD` that names a real day, or "". */
export function validDay(value: string | null | undefined): string {
  if (!value || !DAY.test(value)) return "";
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value ? value : "";
}

function isPreset(v: string): v is WindowPreset {
  return WINDOW_PRESETS.some((p) => p.value === v);
}

export function filtersFromParams(params: URLSearchParams): MetricsFilters {
  const w = params.get("window") ?? "";
  const window: WindowChoice = w === "custom" || isPreset(w) ? w : DEFAULT_FILTERS.window;
  const team = params.get("team");
  return {
    window,
    from: window === "custom" ? validDay(params.get("from")) : "",
    to: window === "custom" ? validDay(params.get("to")) : "",
    tactic: (params.get("tactic") ?? "").trim(),
    team: team === "red" || team === "blue" ? team : "",
  };
}

/**
 * `params` with `patch` applied: defaults and empty values are left out, and so are `from` and
 * `to` outside a custom window. Other parameters are kept.
 */
export function withFilters(params: URLSearchParams, patch: Partial<MetricsFilters>): URLSearchParams {
  const f = { ...filtersFromParams(params), ...patch };
  const next = new URLSearchParams(params);
  const put = (key: string, value: string, fallback = "") => {
    if (value && value !== fallback) next.set(key, value);
    else next.delete(key);
  };
  put("window", f.window, DEFAULT_FILTERS.window);
  put("from", f.window === "custom" ? f.from : "");
  put("to", f.window === "custom" ? f.to : "");
  put("tactic", f.tactic.trim());
  put("team", f.team);
  return next;
}

/** The start of a UTC day, RFC 3339. */
export const dayStart = (day: string) => `${day}T00:00:00Z`;
/** The last second of a UTC day, RFC 3339. */
export const dayEnd = (day: string) => `${day}T23:59:59Z`;

/**
 * The query of `GET /metrics/operational`: a preset is the `days` before `now` (the server's
 * `to` is now); a custom window runs from the start of its first day to the end of its last
 * (UTC), and a side left empty is the server's default.
 */
export function toApiQuery(f: MetricsFilters, now: Date): Query {
  const window =
    f.window === "custom"
      ? { from: f.from ? dayStart(f.from) : undefined, to: f.to ? dayEnd(f.to) : undefined }
      : { from: new Date(now.getTime() - Number(f.window) * 86_400_000).toISOString() };
  return { ...window, tactic: f.tactic || undefined, team: f.team || undefined };
}

/** `date` as `YYYY-MM-DD` (UTC), `days` later (negative: earlier). */
export function utcDay(date: Date, days = 0): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
