import { describe, expect, it } from "vitest";
import { isOverdue, progress, today } from "./remediation";

describe("remediation helpers", () => {
  const now = new Date(2026, 2, 15, 12);

  it("formats today as the API's date", () => {
    expect(today(now)).toBe("2026-03-15");
  });

  it("finds steps past their due date that are not done", () => {
    expect(isOverdue({ status: "open", due_date: "2026-03-14" }, now)).toBe(true);
    expect(isOverdue({ status: "in_progress", due_date: "2026-03-15" }, now)).toBe(false);
    expect(isOverdue({ status: "done", due_date: "2026-01-01" }, now)).toBe(false);
    expect(isOverdue({ status: "open", due_date: null }, now)).toBe(false);
  });

  it("counts done steps", () => {
    expect(progress([{ status: "done" }, { status: "open" }, { status: "done" }])).toEqual({ done: 2, total: 3 });
  });
});
