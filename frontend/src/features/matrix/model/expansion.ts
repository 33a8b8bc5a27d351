//! Which parents show their sub-techniques. A parent is expanded when the user opened it, or
//! when the view's base says so and the user did not shut it:
//! - base `all`: every parent; `none`: none;
//! - base `auto` (the default): the parents whose sub-techniques match what the user is looking
//!   for, so no match hides under a collapsed parent: a sub-technique that matches the in-matrix
//!   search, or any sub-technique the server sent under the coverage filter (it matches that
//!   status). Scoping filters (platform, threat actor, technique set) do not expand: there the
//!   parent's "1/13" already says how its sub-techniques stand, and the hover card lists them.

import { matchesQuery } from "./search";
import type { MatrixView } from "./view";

interface ParentLike {
  attack_id: string;
  name: string;
  subtechniques: readonly { attack_id: string; name: string }[];
}

/** The parents `auto` expands, for the search `q` and whether a coverage filter is in force. */
export function autoExpanded(columns: readonly { techniques: readonly ParentLike[] }[], q: string, coverageFilter: boolean): Set<string> {
  const out = new Set<string>();
  for (const col of columns) {
    for (const c of col.techniques) {
      if (c.subtechniques.length === 0) continue;
      if (coverageFilter || (q.trim() && c.subtechniques.some((s) => matchesQuery(s, q)))) out.add(c.attack_id);
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
