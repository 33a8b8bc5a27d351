//! The detail's board: one column per phase in the campaign's order, its tests as cards, and
//! for each test held back the titles of the dependencies it waits for (`blocked_by`: those not
//! yet at "Blue evaluating", as the server computes them).

import type { CampaignDetail, CampaignTestView, PhaseView, Progress } from "@/api/campaigns";
import type { TestState } from "@/api/types";
import { STATE_LABELS, TEST_STATES } from "@/lib/labels";
import { plural } from "@/lib/format";

export interface Blocker {
  test_id: string;
  title: string;
  state?: TestState | null;
}

export interface BoardCard {
  test: CampaignTestView;
  /** What it waits for; empty when it may start (or has). */
  blockedBy: Blocker[];
  /** Every dependency, met or not, by title. */
  dependsOn: Blocker[];
}

export interface BoardColumn {
  phase: PhaseView;
  cards: BoardCard[];
}

/** The phases as columns (the campaign's order), each with its tests in the campaign's order. */
export function phaseColumns(detail: Pick<CampaignDetail, "phase_progress" | "test_states">): BoardColumn[] {
  const byId = new Map(detail.test_states.map((t) => [t.test_id, t]));
  const blocker = (id: string): Blocker => {
    const t = byId.get(id);
    return { test_id: id, title: t?.title ?? "a test no longer in the campaign", state: t?.state };
  };
  return detail.phase_progress.map((phase) => ({
    phase,
    cards: detail.test_states
      .filter((t) => t.phase_id === phase.id)
      .map((test) => ({ test, blockedBy: test.blocked_by.map(blocker), dependsOn: test.depends_on.map(blocker) })),
  }));
}

/** "Blocked by “A” (Draft) and “B” (Red executing)": what a held-back test waits for, in words. */
export function blockedLabel(blockers: readonly Blocker[]): string {
  const names = blockers.map((b) => `“${b.title}”${b.state ? ` (${STATE_LABELS[b.state]})` : ""}`);
  const list = names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `Blocked by ${list}`;
}

/** "2 of 5 approved (40%)" for a phase or the whole campaign. */
export function progressLabel(p: Progress): string {
  if (p.total === 0) return "No tests";
  const validated = p.by_state.validated ?? 0;
  return `${validated} of ${plural(p.total, "test")} approved (${Math.round(p.validated_pct)}%)`;
}

/** The tests per state, in workflow order, for the progress breakdown ("3 Draft, 1 In review"). */
export function stateBreakdown(p: Progress): { state: TestState; count: number }[] {
  return TEST_STATES.flatMap((state) => {
    const count = p.by_state[state] ?? 0;
    return count > 0 ? [{ state, count }] : [];
  });
}
