//! The preview of a campaign built from a threat actor, by the server's own rules
//! (`shared/campaigns/src/actor.rs`): one test per current technique the actor uses, left out
//! when it is a sub-technique and those are excluded, or runs on none of the chosen platforms;
//! with "only gaps", the validated ones are skipped (and counted); each from an active template
//! when the technique has one; phases by each technique's first tactic in kill-chain order.
//!
//! The actor's techniques come from `GET /threat-actors/{id}`; which are current, their
//! platforms, coverage and tactics from the heatmap filtered to the actor (kill-chain columns).

import type { ActorDetail, Coverage, Matrix } from "@/api/types";

export interface ActorTechnique {
  attack_id: string;
  name: string;
  subtechnique: boolean;
  platforms: string[];
  status: Coverage;
  /** The name of its first tactic in kill-chain order: the phase it lands in. */
  tactic: string;
  /** That tactic's place in the kill chain. */
  order: number;
}

/** The actor's techniques the catalog holds as current, and those it does not (revoked, deprecated). */
export function actorTechniques(actor: Pick<ActorDetail, "techniques">, matrix: Pick<Matrix, "tactics">): { current: ActorTechnique[]; notCurrent: string[] } {
  const cells = new Map<string, ActorTechnique>();
  matrix.tactics.forEach((column, order) => {
    for (const cell of column.techniques) {
      for (const c of [cell, ...cell.subtechniques]) {
        if (c.context_only || cells.has(c.attack_id)) continue;
        cells.set(c.attack_id, {
          attack_id: c.attack_id,
          name: c.name,
          subtechnique: c.attack_id.includes("."),
          platforms: c.platforms,
          status: c.status,
          tactic: column.name,
          order,
        });
      }
    }
  });
  const current: ActorTechnique[] = [];
  const notCurrent: string[] = [];
  for (const t of actor.techniques) {
    const cell = cells.get(t.attack_id);
    if (cell) current.push({ ...cell, name: t.name || cell.name });
    else notCurrent.push(t.attack_id);
  }
  current.sort((a, b) => a.order - b.order || a.attack_id.localeCompare(b.attack_id));
  return { current, notCurrent };
}

export interface PreviewOptions {
  platforms: readonly string[];
  includeSubtechniques: boolean;
  onlyGaps: boolean;
}

export type LeftOut = "subtechnique" | "platform" | "validated";

export interface PreviewRow {
  technique: ActorTechnique;
  /** Why no test is created for it; absent when one is. */
  leftOut?: LeftOut;
  /** An active template exists (undefined while asked). */
  template?: boolean;
}

export interface Preview {
  rows: PreviewRow[];
  /** Tests the campaign will hold (one per technique kept). */
  tests: number;
  /** Of those, how many have an active template (of those known so far). */
  withTemplate: number;
  /** Kept techniques whose template check has not answered yet. */
  pending: number;
  /** Validated techniques skipped by "only gaps". */
  skippedValidated: number;
  /** The phases, in kill-chain order, with their test counts. */
  phases: { name: string; tests: number }[];
}

const onPlatform = (t: ActorTechnique, wanted: readonly string[]) =>
  wanted.length === 0 || t.platforms.some((p) => wanted.some((w) => w.toLowerCase() === p.toLowerCase()));

export function buildPreview(techniques: readonly ActorTechnique[], options: PreviewOptions, templates: Readonly<Record<string, boolean | undefined>>): Preview {
  const rows: PreviewRow[] = techniques.map((technique) => {
    let leftOut: LeftOut | undefined;
    if (!options.includeSubtechniques && technique.subtechnique) leftOut = "subtechnique";
    else if (!onPlatform(technique, options.platforms)) leftOut = "platform";
    else if (options.onlyGaps && technique.status === "validated") leftOut = "validated";
    return { technique, leftOut, template: templates[technique.attack_id] };
  });
  const kept = rows.filter((r) => !r.leftOut);
  const phases: { name: string; tests: number }[] = [];
  for (const r of kept) {
    const last = phases[phases.length - 1];
    if (last && last.name === r.technique.tactic) last.tests += 1;
    else phases.push({ name: r.technique.tactic, tests: 1 });
  }
  return {
    rows,
    tests: kept.length,
    withTemplate: kept.filter((r) => r.template === true).length,
    pending: kept.filter((r) => r.template === undefined).length,
    skippedValidated: rows.filter((r) => r.leftOut === "validated").length,
    phases,
  };
}

export const LEFT_OUT_LABELS: Record<LeftOut, string> = {
  subtechnique: "Left out: sub-technique",
  platform: "Left out: not on the chosen platforms",
  validated: "Skipped: already validated",
};

/** Whether a template list answered for `techniqueId` holds one of exactly that technique (the filter also returns a parent's sub-techniques'). */
export function hasExactTemplate(items: readonly { technique_ids: readonly string[] }[], techniqueId: string): boolean {
  return items.some((t) => t.technique_ids.includes(techniqueId));
}
