import { describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Role, TestAction, TestDetail, TestState } from "@/api/types";
import { testDetail } from "@/test/fixtures";
import { renderWithProviders, stubApi } from "@/test/render";
import { WorkflowPanel } from "./WorkflowPanel";

function makeTest(state: TestState, allowed: TestAction[] = [], over: Partial<TestDetail> = {}): TestDetail {
  return testDetail({ state, time_to_detect_secs: null, allowed_actions: allowed, ...over });
}

const panel = (role: Role, test: TestDetail) => renderWithProviders(<WorkflowPanel test={test} role={role} />);

describe("WorkflowPanel", () => {
  it("offers exactly the steps the server allows, whatever the role", () => {
    panel("red_tech", makeTest("draft", ["start_execution"]));
    expect(screen.getByRole("button", { name: "Start execution" })).toBeInTheDocument();
    expect(screen.getByText("Your next step")).toBeInTheDocument();
  });

  it("offers nothing when the server allows nothing, even to the role that usually acts", () => {
    // A red tech on a draft assigned to someone else: the server leaves allowed_actions empty.
    panel("red_tech", makeTest("draft", [], { assigned_red: "alice" }));
    expect(screen.queryAllByRole("button")).toHaveLength(0);
    expect(screen.getByText("Waiting for the red team (alice) to start the execution.")).toBeInTheDocument();
  });

  it("names the campaign tests a held-back draft waits for, and offers no start", () => {
    // A draft whose campaign dependency has not reached blue_evaluating: the server allows nothing.
    panel("red_tech", makeTest("draft", [], { blocked_by: [{ id: "t0", title: "Phishing", state: "red_executing" }] }));
    expect(screen.queryByRole("button", { name: "Start execution" })).toBeNull();
    expect(screen.getByTestId("blocked-by")).toHaveTextContent("Blocked by Phishing (Red executing): its campaign starts it once that test reaches “Blue evaluating”.");
    expect(screen.getByRole("link", { name: "Phishing" })).toHaveAttribute("href", "/tests/t0");
  });

  it("shows a viewer what the test waits for and no buttons", () => {
    panel("viewer", makeTest("in_review"));
    expect(screen.queryAllByRole("button")).toHaveLength(0);
    expect(screen.getByText("Waiting for the leads' votes.")).toBeInTheDocument();
  });

  it("says an approved test is approved, not validated", () => {
    panel("viewer", makeTest("validated"));
    expect(screen.getByText("Approved by both leads. Nothing left to do.")).toBeInTheDocument();
  });

  it("points a lead to the vote after the results instead of voting here", () => {
    panel("red_lead", makeTest("in_review", ["vote"]));
    expect(screen.queryByRole("button", { name: "Approve" })).toBeNull();
    expect(screen.getByRole("link", { name: /review and vote at the end of the page/ })).toHaveAttribute("href", "#vote");
  });

  it("posts each step to its endpoint", async () => {
    const fetch = vi.fn(stubApi({ "POST /api/v1/tests/t1/start-execution": { body: makeTest("red_executing") } }));
    vi.stubGlobal("fetch", fetch);
    panel("admin", makeTest("draft", ["start_execution"]));
    await userEvent.click(screen.getByRole("button", { name: "Start execution" }));
    await screen.findByText(/Execution started/);
    expect(String(fetch.mock.calls[0]![0])).toBe("/api/v1/tests/t1/start-execution");
  });

  it("shows a refused outcome next to its layer, by the server's field path", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        stubApi({
          "POST /api/v1/tests/t1/submit-blue": {
            status: 422,
            body: { status: 422, title: "Unprocessable Entity", detail: "outcomes[0].layer: each layer once", errors: [{ field: "outcomes[0].layer", code: "duplicate", message: "each layer once" }] },
          },
        }),
      ),
    );
    panel("blue_tech", makeTest("blue_evaluating", ["submit_blue"]));
    await userEvent.selectOptions(screen.getByLabelText(/^Result/), "none");
    await userEvent.click(screen.getByRole("button", { name: "Submit blue results" }));
    await waitFor(() => expect(screen.getByLabelText("Layer")).toHaveAttribute("aria-invalid", "true"));
    expect(screen.getByText("each layer once")).toHaveAttribute("id", "blue-layer-0-error");
  });

  it("reads the test again after a refusal, so the buttons follow the server", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        stubApi({
          "POST /api/v1/tests/t1/submit-red": {
            status: 403,
            body: { status: 403, title: "Forbidden", detail: "the test is assigned to alice; a lead or an admin reassigns it" },
          },
        }),
      ),
    );
    const { client } = panel("red_tech", makeTest("red_executing", ["submit_red"]));
    const invalidate = vi.spyOn(client, "invalidateQueries");
    await userEvent.click(screen.getAllByRole("radio", { name: "No" })[0]!);
    await userEvent.click(screen.getByRole("button", { name: "Submit red results" }));
    await screen.findByText("the test is assigned to alice; a lead or an admin reassigns it", { selector: "[data-toast] p" });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ["tests", "detail", "t1"] });
  });
});
