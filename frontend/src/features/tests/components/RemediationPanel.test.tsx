import { describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { RemediationStep, Role, TestDetail } from "@/api/types";
import { testDetail } from "@/test/fixtures";
import { renderWithProviders, stubApi } from "@/test/render";
import { RemediationPanel } from "./RemediationPanel";

function makeTest(result: "logged" | "alerted", state: TestDetail["state"] = "validated"): TestDetail {
  return testDetail({ state, assigned_blue: "bob", version: 3, blue: { notes: "", outcomes: [{ layer: "siem", result }] } });
}

const step = (over: Partial<RemediationStep> = {}): RemediationStep => ({
  id: "s1",
  test_id: "t1",
  title: "Add a SIEM rule",
  description: "Alert on encoded commands",
  owner: "bob",
  due_date: "2026-04-01",
  status: "open",
  created_by: "lead",
  created_at: "2026-01-02T00:00:00Z",
  updated_at: "2026-01-02T00:00:00Z",
  version: 1,
  ...over,
});

function setup(role: Role, username: string, test: TestDetail, routes: Parameters<typeof stubApi>[0]) {
  const fetch = vi.fn(
    stubApi({
      "GET /api/v1/tests/t1/remediation": { body: { items: [step()] } },
      "GET /api/v1/users/directory": { body: { items: [{ id: "b", username: "bob", role: "blue_tech" }, { id: "n", username: "nobody", role: "viewer" }] } },
      ...routes,
    }),
  );
  vi.stubGlobal("fetch", fetch);
  renderWithProviders(<RemediationPanel test={test} role={role} username={username} />);
  return fetch;
}

describe("RemediationPanel", () => {
  it("is not shown before the test is validated", () => {
    const fetch = setup("admin", "admin", makeTest("logged", "in_review"), {});
    expect(screen.queryByText("Remediation")).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it("shows a viewer the steps without any control", async () => {
    setup("viewer", "vera", makeTest("logged"), {});
    await screen.findByText("Add a SIEM rule");
    expect(screen.getByText("bob")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Add step" })).toBeNull();
    expect(screen.queryByRole("combobox")).toBeNull();
  });

  it("lets the owner change the step's status", async () => {
    const fetch = setup("blue_tech", "bob", makeTest("logged"), {
      "PATCH /api/v1/tests/t1/remediation/s1": { body: step({ status: "done", version: 2 }) },
    });
    await userEvent.selectOptions(await screen.findByLabelText("Status of “Add a SIEM rule”"), "done");
    await screen.findByText("“Add a SIEM rule” is now done");
    const patch = fetch.mock.calls.find(([, init]) => init?.method === "PATCH")!;
    expect(JSON.parse(String(patch[1]!.body))).toEqual({ status: "done" });
  });

  it("offers leads no new steps when the test was detected", async () => {
    setup("blue_lead", "lead", makeTest("alerted"), {});
    await screen.findByText("Add a SIEM rule");
    expect(screen.getByText(/no remediation is needed/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Add step" })).toBeNull();
  });

  it("lets a lead add a step and shows the server's field errors next to the fields", async () => {
    const fetch = setup("red_lead", "lead", makeTest("logged"), {
      "POST /api/v1/tests/t1/remediation": {
        status: 422,
        body: { status: 422, title: "Unprocessable", detail: "owner: no active user nobody", errors: [{ field: "owner", code: "unknown", message: "no active user nobody" }] },
      },
    });
    await userEvent.click(await screen.findByRole("button", { name: "Add step" }));
    await userEvent.type(screen.getByLabelText(/^Step/), "Tune the EDR policy");
    const owner = screen.getByLabelText(/^Owner/);
    await waitFor(() => expect(owner).toHaveValue("bob"));
    await userEvent.selectOptions(owner, "nobody");
    await userEvent.type(screen.getByLabelText("Due date"), "2026-05-01");
    await userEvent.click(screen.getByRole("button", { name: "Add step" }));
    await waitFor(() => expect(screen.getByLabelText(/^Owner/)).toHaveAttribute("aria-invalid", "true"));
    expect(screen.getByText("no active user nobody")).toHaveAttribute("id", "step-owner-error");
    // The toast points to the field instead of repeating its message.
    expect(screen.getByText("See the messages next to the fields.", { selector: "[data-toast=error] p" })).toBeInTheDocument();
    expect(screen.queryByText("owner: no active user nobody")).toBeNull();
    const post = fetch.mock.calls.find(([, init]) => init?.method === "POST")!;
    expect(JSON.parse(String(post[1]!.body))).toEqual({ title: "Tune the EDR policy", owner: "nobody", description: "", due_date: "2026-05-01" });
  });
});
