import { describe, expect, it } from "vitest";
import type { TestState } from "@/api/types";
import { groupTasks, taskAction, taskStep } from "./tasks";

const now = new Date("2026-03-01T12:00:00Z");
const task = (id: string, state: TestState, hoursAgo: number) => ({ id, state, updated_at: new Date(now.getTime() - hoursAgo * 3600_000).toISOString() });

describe("groupTasks", () => {
  it("groups by the step waited for, in workflow order, the longest waiting first", () => {
    const groups = groupTasks(
      [task("v1", "in_review", 1), task("e1", "draft", 2), task("r1", "rejected", 5), task("e2", "red_executing", 30), task("b1", "blue_evaluating", 3), task("v2", "in_review", 48)],
      now,
    );
    expect(groups.map((g) => [g.action, g.items.map((i) => i.test.id)])).toEqual([
      ["execute", ["e2", "e1"]],
      ["evaluate", ["b1"]],
      ["vote", ["v2", "v1"]],
      ["reopen", ["r1"]],
    ]);
    expect(groups[0]!.items[0]!.ageSecs).toBe(30 * 3600);
  });

  it("leaves out empty groups and approved tests, and never gives a negative age", () => {
    const groups = groupTasks([task("a", "validated", 1), task("f", "blue_evaluating", -2)], now);
    expect(groups.map((g) => g.action)).toEqual(["evaluate"]);
    expect(groups[0]!.items[0]!.ageSecs).toBe(0);
    expect(groupTasks([], now)).toEqual([]);
  });
});

describe("taskAction and taskStep", () => {
  it("name the step and lead to it", () => {
    expect(taskAction("draft")).toBe("execute");
    expect(taskAction("validated")).toBeNull();
    expect(taskStep({ id: "t1", state: "in_review" })).toEqual({ label: "Review and vote", to: "/tests/t1#vote" });
    expect(taskStep({ id: "t1", state: "blue_evaluating" })).toEqual({ label: "Document the detection", to: "/tests/t1#workflow" });
  });
});
