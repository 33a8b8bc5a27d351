import { afterEach, describe, expect, it } from "vitest";
import type { Notification } from "@/api/types";
import { coalesce, deepLink, kindLabel, mutedKinds, readableMessage, setMuted } from "./coalesce";

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

  it("leaves muted kinds out", () => {
    expect(coalesce(items, new Set(["action_required"])).map((g) => g.kind)).toEqual(["test_validated"]);
    expect(coalesce([])).toEqual([]);
  });
});

describe("deepLink and kindLabel", () => {
  it("lead to the part of the test the notification is about", () => {
    expect(deepLink(n("a", "action_required", 0))).toBe("/tests/t1#workflow");
    expect(deepLink(n("a", "evidence_uploaded", 0))).toBe("/tests/t1#evidence");
    expect(deepLink(n("a", "test_validated", 0))).toBe("/tests/t1");
    expect(deepLink(n("a", "action_required", 0, false, null))).toBeNull();
    expect(deepLink(n("a", "alert_fired", 0, false, null))).toBe("/alert-rules#firings");
    expect(deepLink(n("a", "campaign_run", 0, false, null))).toBe("/campaigns");
  });

  it("lead a review asked for to the vote card", () => {
    const review = { ...n("a", "action_required", 0), message: 'Test "Dump LSASS" (T1003.001) waits for your review vote' };
    expect(deepLink(review)).toBe("/tests/t1#vote");
    const blue = { ...n("a", "action_required", 0), message: 'Test "Dump LSASS" (T1003.001) waits for the blue team\'s evaluation' };
    expect(deepLink(blue)).toBe("/tests/t1#workflow");
  });

  it("word an alert's summary with state labels and the singular for one", () => {
    expect(readableMessage({ kind: "alert_fired", message: "[high] Stuck tests: 1 tests in red_executing longer than 7 days" })).toBe(
      "[high] Stuck tests: 1 test in “Red executing” longer than 7 days",
    );
    expect(readableMessage({ kind: "alert_fired", message: "[low] Waiting: 3 tests in in_review longer than 2 days" })).toBe("[low] Waiting: 3 tests in “In review” longer than 2 days");
    expect(readableMessage({ kind: "alert_fired", message: "[medium] Stale: 1 techniques not validated for 90 days" })).toBe("[medium] Stale: 1 technique not validated for 90 days");
    expect(readableMessage({ kind: "alert_fired", message: "[medium] Stale: 11 techniques not validated for 90 days" })).toBe("[medium] Stale: 11 techniques not validated for 90 days");
  });

  it("word an approved test as approved, never validated", () => {
    expect(readableMessage({ kind: "test_validated", message: 'Test "Dump LSASS" (T1003.001) was validated' })).toBe('Test "Dump LSASS" (T1003.001) was approved');
    expect(readableMessage({ kind: "test_validated", message: 'Test "was validated" (T1) was validated' })).toBe('Test "was validated" (T1) was approved');
    expect(readableMessage({ kind: "action_required", message: 'Test "was validated" (T1) is ready to execute' })).toBe('Test "was validated" (T1) is ready to execute');
  });

  it("name kinds, plural for a group, unknown ones by their name", () => {
    expect(kindLabel("action_required", 3)).toBe("Actions required");
    expect(kindLabel("test_validated")).toBe("Test approved");
    expect(kindLabel("alert_fired", 2)).toBe("Alerts fired");
    expect(kindLabel("campaign_run", 2)).toBe("Campaign runs started");
    expect(kindLabel("something_new", 2)).toBe("Something new");
  });
});

describe("muted kinds", () => {
  afterEach(() => localStorage.clear());

  it("are kept in this browser", () => {
    expect(mutedKinds().size).toBe(0);
    setMuted("evidence_uploaded", true);
    expect([...mutedKinds()]).toEqual(["evidence_uploaded"]);
    expect(localStorage.getItem("aegis.notifications.muted")).toBe('["evidence_uploaded"]');
    setMuted("evidence_uploaded", false);
    expect(mutedKinds().size).toBe(0);
  });
});
