import { describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Role, TestDetail, TestState } from "@/api/types";
import { renderWithProviders, stubApi } from "@/test/render";
import { WorkflowPanel } from "./WorkflowPanel";

function makeTest(state: TestState, votes: TestDetail["votes"] = {}): TestDetail {
  return {
    id: "t1",
    title: "Encoded PowerShell",
    technique_id: "T1059.001",
    technique_name: "PowerShell",
    tactics: ["execution"],
    domain: "enterprise-attack",
    procedure: "",
    severity: "high",
    state,
    created_by: "red",
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    round: 1,
    retests: [],
    version: 1,
    votes,
    history: [],
    time_to_detect_secs: null,
  };
}

const panel = (role: Role, state: TestState, votes?: TestDetail["votes"]) =>
  renderWithProviders(<WorkflowPanel test={makeTest(state, votes)} role={role} />);

describe("WorkflowPanel", () => {
  it("shows a viewer nothing at all", () => {
    panel("viewer", "in_review");
    expect(screen.queryByText(/next step/i)).toBeNull();
    expect(screen.queryAllByRole("button")).toHaveLength(0);
  });

  it("offers the red tech the start of a draft, and nobody else", () => {
    panel("red_tech", "draft");
    expect(screen.getByRole("button", { name: "Start execution" })).toBeInTheDocument();
  });

  it("tells the blue tech it is waiting on red while the red team executes", () => {
    panel("blue_tech", "red_executing");
    expect(screen.queryByRole("button")).toBeNull();
    expect(screen.getByText(/Waiting for the red team/)).toBeInTheDocument();
  });

  it("offers a lead approve and reject in review, and nothing once it has voted", () => {
    const first = panel("red_lead", "in_review");
    expect(screen.getByRole("button", { name: "Approve" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Reject" })).toBeInTheDocument();
    first.unmount();
    panel("red_lead", "in_review", { red_lead: { decision: "approve", by: "rl", comment: "", at: "2026-01-01T00:00:00Z" } });
    expect(screen.queryByRole("button", { name: "Approve" })).toBeNull();
  });

  it("lets admin choose which lead it votes as", () => {
    panel("admin", "in_review");
    expect(screen.getByLabelText("Vote as")).toBeInTheDocument();
  });

  it("shows the server's field errors next to the fields and its detail in a toast", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        stubApi({
          "POST /api/v1/tests/t1/vote": {
            status: 422,
            body: { status: 422, title: "Unprocessable", detail: "the vote is invalid", errors: [{ field: "comment", code: "required", message: "a rejection needs a comment" }] },
          },
        }),
      ),
    );
    panel("blue_lead", "in_review");
    await userEvent.click(screen.getByRole("button", { name: "Reject" }));
    await waitFor(() => expect(screen.getByText("a rejection needs a comment")).toBeInTheDocument());
    expect(screen.getByLabelText(/Comment/)).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("the vote is invalid")).toBeInTheDocument();
  });

  it("sends the blue outcomes with the chosen layer and result", async () => {
    const fetch = vi.fn(stubApi({ "POST /api/v1/tests/t1/submit-blue": { body: makeTest("in_review") } }));
    vi.stubGlobal("fetch", fetch);
    panel("blue_tech", "blue_evaluating");
    await userEvent.selectOptions(screen.getByLabelText("Layer"), "siem");
    await userEvent.selectOptions(screen.getByLabelText("Result"), "logged");
    await userEvent.type(screen.getByLabelText("Alert or rule name"), "Sigma rule 42");
    await userEvent.click(screen.getByRole("button", { name: "Submit blue results" }));
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    const body = JSON.parse(String(fetch.mock.calls[0]![1]!.body));
    expect(body.outcomes).toHaveLength(1);
    expect(body.outcomes[0]).toMatchObject({ layer: "siem", result: "logged", alert_name: "Sigma rule 42" });
    expect(typeof body.outcomes[0].detected_at).toBe("string");
    await screen.findByText(/Blue results submitted/);
  });
});
