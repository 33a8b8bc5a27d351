import { describe, expect, it } from "vitest";
import type { Notification } from "@/api/types";
import { coalesce, deepLink, kindLabel, readableMessage } from "./coalesce";

const n = (id: string, kind: string, minute: number, read = false, test_id: string | null = "t1"): Notification => ({
  id,
  kind,
  read,
  test_id,
  message: `${kind} ${id}`,
  user_id: "u",
  created_at: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
});

describe("coalesce", () => {
  const items = [n("a", "action_required", 1), n("b", "test_validated", 5, true), n("c", "action_required", 7), n("d", "action_required", 3, true)];

  it("groups by kind, the group with the newest item first, items newest first, with unread counts", () => {
    const groups = coalesce(items);
    expect(groups.map((g) => [g.kind, g.items.map((i) => i.id), g.unread])).toEqual([
      ["action_required", ["c", "d", "a"], 2],
      ["test_validated", ["b"], 0],
    ]);
  });

  it("has no group without items", () => {
    expect(coalesce([])).toEqual([]);
  });
});

describe("deepLink and kindLabel", () => {
  it("lead to the part of the test the notification is about", () => {
    expect(deepLink(n("a", "action_required", 0))).toBe("/tests/t1#workflow");
    expect(deepLink(n("a", "evidence_uploaded", 0))).toBe("/tests/t1#evidence");
    expect(deepLink(n("a", "test_validated", 0))).toBe("/tests/t1");
    expect(deepLink(n("a", "action_required", 0, false, null))).toBeNull();
  });

  it("lead a firing to its rule's firings and a campaign run to its campaign", () => {
    // given notifications naming their rule and campaign (ids of their own, no test)
    const fired = { ...n("a", "alert_fired", 0, false, null), rule_id: "r-1" };
    const run = { ...n("b", "campaign_run", 0, false, null), campaign_id: "c-1" };
    // then each leads to the page of what it names
    expect(deepLink(fired)).toBe("/alert-rules/r-1#firings");
    expect(deepLink(run)).toBe("/campaigns/c-1");
  });

  it("lead older firings and campaign runs, which name neither, to every rule's firings and the campaigns", () => {
    expect(deepLink(n("a", "alert_fired", 0, false, null))).toBe("/alert-rules#firings");
    expect(deepLink(n("a", "campaign_run", 0, false, null))).toBe("/campaigns");
    expect(deepLink({ ...n("a", "alert_fired", 0, false, null), rule_id: null })).toBe("/alert-rules#firings");
    expect(deepLink({ ...n("a", "campaign_run", 0, false, null), campaign_id: null })).toBe("/campaigns");
  });

  it("lead a review asked for to the vote card", () => {
    const review = { ...n("a", "action_required", 0), message: 'Test "Dump LSASS" (T1003.001) waits for your review vote' };
    expect(deepLink(review)).toBe("/tests/t1#vote");
    const blue = { ...n("a", "action_required", 0), message: 'Test "Dump LSASS" (T1003.001) waits for the blue team\'s evaluation' };
    expect(deepLink(blue)).toBe("/tests/t1#workflow");
  });

  it("word an older alert's summary as the server now does: states in words, one match in the singular", () => {
    expect(readableMessage({ kind: "alert_fired", message: "[high] Stuck tests: 1 tests in red_executing longer than 7 days" })).toBe(
      "[high] Stuck tests: 1 test in red execution longer than 7 days",
    );
    expect(readableMessage({ kind: "alert_fired", message: "[low] Waiting: 3 tests in in_review longer than 2 days" })).toBe("[low] Waiting: 3 tests in review longer than 2 days");
    expect(readableMessage({ kind: "alert_fired", message: "[medium] Stale: 1 techniques not validated for 90 days" })).toBe("[medium] Stale: 1 technique not validated for 90 days");
    expect(readableMessage({ kind: "alert_fired", message: "[medium] Stale: 11 techniques not validated for 90 days" })).toBe("[medium] Stale: 11 techniques not validated for 90 days");
  });

  it("leave the server's newer alert summaries as they are", () => {
    for (const message of [
      "[high] Stuck tests: 1 test in review longer than 7 days",
      "[high] Stuck tests: 2 tests in red execution longer than 1 day",
      "[low] Drafts: 2 tests in draft longer than 3 days",
      "[low] Gone: 1 test in rejected longer than 3 days",
      "[medium] Regressions: 1 technique regressed",
      "[medium] Tactic: Execution score 12.3 is below the threshold 50.0",
      "[high] Tests in validated: 1 new technique of a tracked actor not covered",
    ]) {
      expect(readableMessage({ kind: "alert_fired", message })).toBe(message);
    }
  });

  it("word an approved test as approved, never validated", () => {
    expect(readableMessage({ kind: "test_validated", message: 'Test "Dump LSASS" (T1003.001) was validated' })).toBe('Test "Dump LSASS" (T1003.001) was approved');
    expect(readableMessage({ kind: "test_validated", message: 'Test "was validated" (T1) was validated' })).toBe('Test "was validated" (T1) was approved');
    expect(readableMessage({ kind: "action_required", message: 'Test "was validated" (T1) is ready to execute' })).toBe('Test "was validated" (T1) is ready to execute');
    expect(readableMessage({ kind: "test_validated", message: 'Test "Dump LSASS" (T1003.001) was approved' })).toBe('Test "Dump LSASS" (T1003.001) was approved');
  });

  it("name kinds, plural for a group, unknown ones by their name", () => {
    expect(kindLabel("action_required", 3)).toBe("Actions required");
    expect(kindLabel("test_validated")).toBe("Test approved");
    expect(kindLabel("alert_fired", 2)).toBe("Alerts fired");
    expect(kindLabel("campaign_run", 2)).toBe("Campaign runs started");
    expect(kindLabel("something_new", 2)).toBe("Something new");
  });
});
