import { describe, expect, it } from "vitest";
import type { CampaignTestView, PhaseView, Progress } from "@/api/campaigns";
import { blockedLabel, phaseColumns, progressLabel, stateBreakdown } from "./board";

const progress = (over: Partial<Progress> = {}): Progress => ({ total: 0, by_state: {}, validated_pct: 0, ...over });
const phase = (id: string, name: string): PhaseView => ({ id, name, description: "", progress: progress() });
const test = (id: string, phaseId: string, over: Partial<CampaignTestView> = {}): CampaignTestView => ({
  test_id: id,
  phase_id: phaseId,
  title: `Test ${id}`,
  technique_id: "T1059",
  state: "draft",
  depends_on: [],
  blocked_by: [],
  ...over,
});

describe("phaseColumns", () => {
  it("gives one column per phase in the campaign's order, with its tests in order, even when empty", () => {
    // given tests listed out of phase order, and a phase with none
    const detail = {
      phase_progress: [phase("p1", "Initial Access"), phase("p2", "Execution"), phase("p3", "Exfiltration")],
      test_states: [test("b", "p2"), test("a", "p1"), test("c", "p2")],
    };
    // when
    const columns = phaseColumns(detail);
    // then
    expect(columns.map((c) => c.phase.name)).toEqual(["Initial Access", "Execution", "Exfiltration"]);
    expect(columns.map((c) => c.cards.map((x) => x.test.test_id))).toEqual([["a"], ["b", "c"], []]);
  });

  it("names what a test waits for from blocked_by, with the blocker's state; met dependencies are not blockers", () => {
    const detail = {
      phase_progress: [phase("p1", "One")],
      test_states: [
        test("a", "p1", { title: "Phishing", state: "red_executing" }),
        test("b", "p1", { title: "Loader", state: "blue_evaluating" }),
        test("c", "p1", { title: "Persistence", depends_on: ["a", "b"], blocked_by: ["a"] }),
      ],
    };
    const card = phaseColumns(detail)[0]!.cards[2]!;
    expect(card.blockedBy.map((b) => b.title)).toEqual(["Phishing"]);
    expect(card.dependsOn.map((b) => b.title)).toEqual(["Phishing", "Loader"]);
    expect(blockedLabel(card.blockedBy)).toBe("Blocked by “Phishing” (Red executing)");
  });

  it("lists several blockers in words, and a dependency no longer in the campaign as such", () => {
    const label = blockedLabel([
      { test_id: "a", title: "A", state: "draft" },
      { test_id: "b", title: "B", state: "red_executing" },
      { test_id: "x", title: "a test no longer in the campaign" },
    ]);
    expect(label).toBe("Blocked by “A” (Draft), “B” (Red executing) and “a test no longer in the campaign”");
  });
});

describe("progress", () => {
  it("says how many tests are approved, and the states in workflow order", () => {
    const p = progress({ total: 5, by_state: { validated: 2, draft: 2, in_review: 1 }, validated_pct: 40 });
    expect(progressLabel(p)).toBe("2 of 5 tests approved (40%)");
    expect(stateBreakdown(p)).toEqual([
      { state: "draft", count: 2 },
      { state: "in_review", count: 1 },
      { state: "validated", count: 2 },
    ]);
    expect(progressLabel(progress())).toBe("No tests");
  });
});
