//! The intel view in words and order: which releases were compared, tracked actors first (then
//! those with the most gains we do not cover), each actor's gained techniques with the ones not
//! validated first, and the tracked actors the release did not change.

import type { ActorChange, Coverage, IntelChanges, TechniqueChange } from "@/api/types";
import { plural } from "@/lib/format";

/** What the scan compared, in one line; null before any scan. */
export function describeReleases(c: Pick<IntelChanges, "from_release" | "to_release" | "scanned_at">): string | null {
  if (!c.scanned_at || !c.to_release) return null;
  if (!c.from_release) return `ATT&CK ${c.to_release} (the first release scanned: its lists are the baseline)`;
  return `ATT&CK ${c.from_release} → ${c.to_release}`;
}

/** Tracked actors first, then the most gains not validated, then by id (the server's order). */
export function orderActors(actors: readonly ActorChange[]): ActorChange[] {
  return [...actors].sort(
    (a, b) => Number(b.tracked) - Number(a.tracked) || b.uncovered_gains - a.uncovered_gains || (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : 0),
  );
}

const GAP_FIRST: Record<Coverage, number> = { not_covered: 0, in_progress: 1, partial: 2, validated: 3 };

/** Techniques with our weakest coverage first, then by id. */
export function orderTechniques(techniques: readonly TechniqueChange[]): TechniqueChange[] {
  return [...techniques].sort((a, b) => GAP_FIRST[a.status] - GAP_FIRST[b.status] || (a.technique < b.technique ? -1 : a.technique > b.technique ? 1 : 0));
}

/** "gained 3, lost 1" for one actor (the gains not validated are badged apart). */
export function describeActorChange(a: ActorChange): string {
  const parts: string[] = [];
  if (a.gained.length) parts.push(`gained ${a.gained.length}`);
  if (a.lost.length) parts.push(`lost ${a.lost.length}`);
  return parts.length ? parts.join(", ") : "no technique change";
}

/** The headline: how many actors changed and how many gains we do not cover, tracked ones apart. */
export function summarize(actors: readonly ActorChange[]): string {
  if (actors.length === 0) return "";
  const uncovered = actors.reduce((n, a) => n + a.uncovered_gains, 0);
  const trackedUncovered = actors.filter((a) => a.tracked).reduce((n, a) => n + a.uncovered_gains, 0);
  const head = `${plural(actors.length, "threat actor")} changed; ${plural(uncovered, "gained technique")} not validated`;
  return trackedUncovered > 0 ? `${head}, ${trackedUncovered} of them by tracked actors` : head;
}

/** Tracked actors the release did not change (they are in `tracked` but not among the actors). */
export function unchangedTracked(c: Pick<IntelChanges, "tracked" | "actors">): string[] {
  const changed = new Set(c.actors.map((a) => a.actor));
  return c.tracked.filter((id) => !changed.has(id)).sort();
}
