//! The catalog's multi-select: a set of template ids, changed without mutation so React sees
//! each change.

export type SelectionState = "none" | "some" | "all";

/** `selected` with `id` added, or removed when it was there. */
export function toggle(selected: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** Whether none, some or all of `ids` are selected. */
export function selectionState(selected: ReadonlySet<string>, ids: readonly string[]): SelectionState {
  const n = ids.filter((id) => selected.has(id)).length;
  if (n === 0) return "none";
  return n === ids.length ? "all" : "some";
}

/** All of `ids` selected, or none of them when all already were; other ids stay as they are. */
export function toggleAll(selected: ReadonlySet<string>, ids: readonly string[]): Set<string> {
  const next = new Set(selected);
  if (selectionState(selected, ids) === "all") for (const id of ids) next.delete(id);
  else for (const id of ids) next.add(id);
  return next;
}

/** The selected ids still among `ids` (a template filtered out or gone is no longer acted on). */
export function keepListed(selected: ReadonlySet<string>, ids: readonly string[]): string[] {
  return ids.filter((id) => selected.has(id));
}
