//! Which parents show their sub-techniques. A parent is expanded when the user opened it, or
//! when the view's base says so and the user did not shut it:
//! - base `all`: every parent; `none`: none;
//! - base `auto` (the default): the parents whose sub-techniques match what the user is looking
//!   for, so no match hides under a collapsed parent:
//!   - a sub-technique that matches the in-matrix search (by id or its own name);
//!   - under a filter on the techniques themselves (platform, threat actor, technique set,
//!     coverage), every parent with a sub-technique shown: the server sends only the
//!     sub-techniques that match every filter, so those shown are the matches (the tactic filter
//!     only picks columns and expands nothing).
//!   "Collapse all" (`none`) and single toggles still close them; the parent's "1/13" says how
//!   its matching sub-techniques stand.

import { matchesQuery } from "./search";
import type { MatrixView } from "./view";

interface ParentLike {
  attack_id: string;
  name: string;
  subtechniques: readonly { attack_id: string; name: string }[];
}

/** The server-side filters that pick techniques (the tactic filter picks columns). */
export interface TechniqueFilters {
  platform?: string;
  threat_actor?: string;
  technique_set?: string;
  status?: string;
}

/** Whether a filter that picks techniques, and so sub-techniques, is in force. */
export function filtersTechniques(f: TechniqueFilters): boolean {
  return Boolean(f.platform || f.threat_actor || f.technique_set || f.status);
}

/**
 * The parents `auto` expands, for the search `q` and whether a filter on techniques is in force
 * (`filtered`, see `filtersTechniques`).
 */
export function autoExpanded(columns: readonly { techniques: readonly ParentLike[] }[], q: string, filtered: boolean): Set<string> {
  const out = new Set<string>();
  const searching = q.trim() !== "";
  for (const col of columns) {
    for (const c of col.techniques) {
      if (c.subtechniques.length === 0) continue;
      if (filtered || (searching && c.subtechniques.some((s) => matchesQuery(s, q)))) out.add(c.attack_id);
    }
  }
  return out;
}

function byBase(view: Pick<MatrixView, "expand">, id: string, auto: ReadonlySet<string>): boolean {
  return view.expand === "all" || (view.expand === "auto" && auto.has(id));
}

export function isExpanded(view: Pick<MatrixView, "expand" | "open" | "shut">, id: string, auto: ReadonlySet<string>): boolean {
  if (view.open.includes(id)) return true;
  if (view.shut.includes(id)) return false;
  return byBase(view, id, auto);
}

/** The `open` and `shut` lists after the user toggles `id`; only departures from the base are kept. */
export function toggled(view: Pick<MatrixView, "expand" | "open" | "shut">, id: string, auto: ReadonlySet<string>): Pick<MatrixView, "open" | "shut"> {
  const want = !isExpanded(view, id, auto);
  const open = view.open.filter((x) => x !== id);
  const shut = view.shut.filter((x) => x !== id);
  if (want !== byBase(view, id, auto)) (want ? open : shut).push(id);
  return { open: open.sort(), shut: shut.sort() };
}
