//! The inbox: what `GET /tests/my-tasks` returns, grouped by the step each test waits for from
//! the caller, oldest first within a group, with the age of each item and where its step is.

import type { Test, TestState } from "@/api/types";

/** The kinds of step a task asks for, in workflow order. */
export type TaskAction = "execute" | "evaluate" | "vote" | "reopen";

export const TASK_ACTIONS: readonly TaskAction[] = ["execute", "evaluate", "vote", "reopen"];

export const TASK_GROUP_LABELS: Record<TaskAction, { title: string; description: string }> = {
  execute: { title: "Execute", description: "Attacks to run and document" },
  evaluate: { title: "Evaluate", description: "Executed attacks waiting for the detection results" },
  vote: { title: "Vote", description: "Documented tests waiting for your review" },
  reopen: { title: "Reopen", description: "Rejected tests to start again" },
};

/** The step a test in `state` waits for, or null when it waits for nobody (approved). */
export function taskAction(state: TestState): TaskAction | null {
  switch (state) {
    case "draft":
    case "red_executing":
      return "execute";
    case "blue_evaluating":
      return "evaluate";
    case "in_review":
      return "vote";
    case "rejected":
      return "reopen";
    case "validated":
      return null;
  }
}

/** The button that leads to the step, and where on the test page the step is. */
export function taskStep(test: Pick<Test, "id" | "state">): { label: string; to: string } {
  const at = (anchor: string) => `/tests/${test.id}#${anchor}`;
  switch (test.state) {
    case "draft":
      return { label: "Start execution", to: at("workflow") };
    case "red_executing":
      return { label: "Document the attack", to: at("workflow") };
    case "blue_evaluating":
      return { label: "Document the detection", to: at("workflow") };
    case "in_review":
      return { label: "Review and vote", to: at("vote") };
    case "rejected":
      return { label: "Reopen", to: at("workflow") };
    case "validated":
      return { label: "Open", to: `/tests/${test.id}` };
  }
}

export interface TaskItem<T> {
  test: T;
  /** Seconds since the test last changed (what it has waited for), never negative. */
  ageSecs: number;
}

export interface TaskGroup<T> {
  action: TaskAction;
  items: TaskItem<T>[];
}

/** Tasks grouped by action in workflow order, empty groups left out, the longest waiting first. */
export function groupTasks<T extends Pick<Test, "state" | "updated_at">>(tests: readonly T[], now: Date = new Date()): TaskGroup<T>[] {
  const groups = new Map<TaskAction, TaskItem<T>[]>();
  for (const test of tests) {
    const action = taskAction(test.state);
    if (!action) continue;
    const changed = Date.parse(test.updated_at);
    const ageSecs = Number.isNaN(changed) ? 0 : Math.max(0, Math.round((now.getTime() - changed) / 1000));
    const list = groups.get(action) ?? [];
    list.push({ test, ageSecs });
    groups.set(action, list);
  }
  return TASK_ACTIONS.filter((a) => groups.has(a)).map((action) => ({
    action,
    items: groups.get(action)!.sort((a, b) => b.ageSecs - a.ageSecs),
  }));
}
