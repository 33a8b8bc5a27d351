import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Role, TestDetail } from "@/api/types";
import { testDetail } from "@/test/fixtures";
import { renderWithProviders, stubApi } from "@/test/render";
import { ReviewCard, reviewChecklist } from "./ReviewCard";

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 10, 10, minutes)).toISOString();
const documented = (over: Partial<TestDetail> = {}): TestDetail =>
  testDetail({
    state: "in_review",
    allowed_actions: ["vote"],
    red: { executed: true, succeeded: true, executed_at: at(0), notes: "" },
    blue: { notes: "", outcomes: [{ layer: "edr", result: "alerted", alert_name: "x", detected_at: at(4) }] },
    ...over,
  });
const card = (role: Role, test: TestDetail, evidence = [{ side: "red" }, { side: "blue" }]) => {
  vi.stubGlobal(
    "fetch",
    vi.fn(
      stubApi({
        "GET /api/v1/tests/t1/evidence": { body: { items: evidence } },
        "POST /api/v1/tests/t1/vote": {
          status: 422,
          body: { status: 422, title: "Unprocessable", detail: "the vote is invalid", errors: [{ field: "comment", code: "required", message: "a rejection needs a comment" }] },
        },
      }),
    ),
  );
  return renderWithProviders(<ReviewCard test={test} role={role} />);
};

describe("ReviewCard", () => {
  it("gives a lead the checklist, then approve and reject", async () => {
    card("red_lead", documented());
    const list = within(screen.getByRole("list", { name: "Review checklist" }));
    expect(list.getByText(/Results documented/)).toBeInTheDocument();
    await waitFor(() => expect(list.getByText("1 red file, 1 blue file.")).toBeInTheDocument());
    expect(list.getByText("Detected 4 min after the execution.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Approve" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Reject" })).toBeInTheDocument();
    expect(screen.queryByLabelText("Vote as")).toBeNull();
  });

  it("shows the votes only, without a form, to whoever may not vote", () => {
    card("viewer", documented({ allowed_actions: [], votes: { red_lead: { decision: "approve", by: "rl", comment: "", at: at(9) } } }));
    expect(screen.getByRole("heading", { name: "Dual validation" })).toBeInTheDocument();
    expect(screen.getByText(/Approved by rl/)).toBeInTheDocument();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("lets admin choose which pending lead it votes as", () => {
    card("admin", documented({ votes: { blue_lead: { decision: "approve", by: "bl", comment: "", at: at(9) } } }));
    const select = screen.getByLabelText("Vote as");
    expect([...select.querySelectorAll("option")].map((o) => o.value)).toEqual(["red_lead"]);
  });

  it("shows the server's field errors next to the fields and its detail in a toast", async () => {
    card("blue_lead", documented());
    await userEvent.click(screen.getByRole("button", { name: "Reject" }));
    await waitFor(() => expect(screen.getByText("a rejection needs a comment")).toBeInTheDocument());
    expect(screen.getByLabelText(/Comment/)).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("the vote is invalid")).toBeInTheDocument();
  });
});

describe("reviewChecklist", () => {
  it("flags a detection recorded before the execution and missing evidence", () => {
    const checks = reviewChecklist(documented({ blue: { notes: "", outcomes: [{ layer: "edr", result: "alerted", detected_at: "2026-01-10T09:50:00Z" }] } }), [{ side: "red" }]);
    expect(checks.map((c) => [c.label, c.state])).toEqual([
      ["Results documented", "ok"],
      ["Evidence present", "warn"],
      ["Detection time plausible", "fail"],
    ]);
    expect(checks[2]!.detail).toBe("The detection is recorded 10 min before the execution.");
  });

  it("has nothing to time when nothing alerted", () => {
    const checks = reviewChecklist(documented({ blue: { notes: "", outcomes: [{ layer: "siem", result: "logged" }] } }), []);
    expect(checks[2]).toMatchObject({ state: "ok", detail: "No alert to time (nothing alerted or prevented)." });
  });
});
