//! The matrix view in the URL, so a view can be shared and survives a reload: the in-matrix
//! search (`q`), the colour mode (`color`), the density (`density`) and which parents are
//! expanded (`expand`, `open`, `shut`). Defaults are left out of the URL. The server-side filters
//! (platform, threat_actor, tactic, status, technique_set) live next to these, read by the page.

import type { ColorMode } from "@/lib/heatmap";

export type Density = "normal" | "compact" | "mini";
export const DENSITIES: readonly Density[] = ["normal", "compact", "mini"];

/**
 * How parents start: `auto` expands the parents whose sub-techniques match the search or the
 * coverage filter (see `expansion.ts`), `all` every parent, `none` none. `open` and `shut` are
 * the parents the user toggled away from that.
 */
export type ExpandBase = "auto" | "all" | "none";

export interface MatrixView {
  q: string;
  color: ColorMode;
  /** `fit`: the widest density that shows every tactic without scrolling sideways. */
  density: Density | "fit";
  expand: ExpandBase;
  open: readonly string[];
  shut: readonly string[];
}

export const DEFAULT_VIEW: MatrixView = { q: "", color: "status", density: "fit", expand: "auto", open: [], shut: [] };

/** Keys this module owns in the URL. */
export const VIEW_KEYS = ["q", "color", "density", "expand", "open", "shut"] as const;

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

function ids(value: string | null): string[] {
  if (!value) return [];
  return [...new Set(value.split(",").map((s) => s.trim()).filter((s) => ID.test(s)))].sort();
}

/** The view a URL holds; anything unknown falls back to the default. */
export function readView(params: URLSearchParams): MatrixView {
  const color = params.get("color");
  const density = params.get("density");
  const expand = params.get("expand");
  return {
    q: (params.get("q") ?? "").slice(0, 100),
    color: color === "score" ? "score" : "status",
    density: DENSITIES.includes(density as Density) ? (density as Density) : "fit",
    expand: expand === "all" || expand === "none" ? expand : "auto",
    open: ids(params.get("open")),
    shut: ids(params.get("shut")),
  };
}

/** `params` with `view` written over its view keys (defaults removed); other keys kept. */
export function writeView(params: URLSearchParams, view: MatrixView): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const k of VIEW_KEYS) next.delete(k);
  if (view.q.trim()) next.set("q", view.q);
  if (view.color !== DEFAULT_VIEW.color) next.set("color", view.color);
  if (view.density !== DEFAULT_VIEW.density) next.set("density", view.density);
  if (view.expand !== DEFAULT_VIEW.expand) next.set("expand", view.expand);
  if (view.open.length) next.set("open", [...view.open].sort().join(","));
  if (view.shut.length) next.set("shut", [...view.shut].sort().join(","));
  return next;
}
