import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { useQueryClient } from "@tanstack/react-query";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Role, Test } from "@/api/types";
import { testDetail } from "@/test/fixtures";
import { renderWithProviders, stubApi } from "@/test/render";
import { SelectableTests } from "./SelectableTests";

const me = (role: Role) => ({ id: "me", username: "me", role, is_active: true, must_change_password: false, created_at: "", updated_at: "" });
const TESTS: Test[] = [
  testDetail({ id: "d1", title: "Draft one", state: "draft" }),
  testDetail({ id: "d2", title: "Draft two", state: "draft" }),
  testDetail({ id: "a1", title: "Approved one", state: "validated" }),
];

/** Signed in as `role` before the children render (they read the session). */
function As({ role, children }: { role: Role; children: ReactNode }) {
  const qc = useQueryClient();
  if (!qc.getQueryData(["auth", "me"])) qc.setQueryData(["auth", "me"], me(role));
  return children;
}

function setup(role: Role, routes: Parameters<typeof stubApi>[0] = {}) {
  const fetch = vi.fn(stubApi(routes));
  vi.stubGlobal("fetch", fetch);
  renderWithProviders(
    <As role={role}>
      <SelectableTests tests={TESTS} caption="Tests" />
    </As>,
  );
  return { fetch };
}

describe("bulk actions", () => {
  it("are not offered to a role without any", () => {
    setup("viewer");
    expect(screen.queryByRole("checkbox")).toBeNull();
  });

  it("let an admin delete the selected drafts in one request after confirming, reporting a failure by test", async () => {
    const { fetch } = setup("admin", {
      "POST /api/v1/tests/bulk-delete": {
        body: {
          done: 1,
          failed: 1,
          results: [
            { id: "d1", status: 204 },
            { id: "d2", status: 409, problem: { status: 409, title: "Conflict", type: "", detail: "the test moved on" } },
          ],
        },
      },
    });
    for (const t of TESTS) await userEvent.click(screen.getByRole("checkbox", { name: `Select “${t.title}”` }));
    const bar = screen.getByRole("region", { name: "Selected tests" });
    expect(within(bar).getByText("3 tests selected")).toBeInTheDocument();
    // The approved test is not offered for deletion, and the bar says why
    const remove = within(bar).getByRole("button", { name: "Delete 2 drafts" });
    expect(remove).toHaveAccessibleDescription(/a test with results is deleted from its own page, one at a time/);
    await userEvent.click(remove);
    const ask = screen.getByRole("alertdialog", { name: "Delete 2 draft tests?" });
    expect(ask).toHaveTextContent("The other 1 selected test (not drafts) stay. Only drafts are deleted in bulk");
    await userEvent.click(within(ask).getByRole("button", { name: "Delete 2 drafts" }));
    await screen.findByText("1 of 2 tests not deleted (1 deleted)");
    expect(screen.getByText("“Draft two”: the test moved on")).toBeInTheDocument();
    const posts = fetch.mock.calls.filter(([, init]) => init?.method === "POST");
    expect(posts.map(([u]) => String(u))).toEqual(["/api/v1/tests/bulk-delete"]);
    expect(JSON.parse(String(posts[0]![1]!.body))).toEqual({ ids: ["d1", "d2"] });
    expect(fetch.mock.calls.some(([, init]) => init?.method === "DELETE")).toBe(false);
  });

  it("do not offer deletion when no draft is selected", async () => {
    setup("admin");
    await userEvent.click(screen.getByRole("checkbox", { name: "Select “Approved one”" }));
    const bar = screen.getByRole("region", { name: "Selected tests" });
    expect(within(bar).getByRole("button", { name: "Delete 0 drafts" })).toBeDisabled();
    expect(bar).toHaveTextContent("Only drafts are deleted in bulk");
  });

  it("let a lead assign the selected tests on its side in one request, from the directory, leaving approved ones out", async () => {
    const { fetch } = setup("red_lead", {
      "GET /api/v1/users/directory": { body: { items: [{ id: "b", username: "bob", role: "red_tech" }] } },
      "POST /api/v1/tests/bulk-assign": { body: { done: 2, failed: 0, results: [{ id: "d1", status: 200 }, { id: "d2", status: 200 }] } },
    });
    await userEvent.click(screen.getByRole("checkbox", { name: "Select all tests" }));
    await userEvent.click(screen.getByRole("button", { name: "Assign…" }));
    const dialog = screen.getByRole("dialog", { name: "Assign 2 tests" });
    expect(dialog).toHaveTextContent("1 approved test left out");
    expect(within(dialog).queryByLabelText("Blue team assignee")).toBeNull();
    const red = within(dialog).getByLabelText("Red team assignee");
    await waitFor(() => expect(within(red).getByRole("option", { name: /^bob/ })).toBeInTheDocument());
    await userEvent.selectOptions(red, "bob");
    await userEvent.click(within(dialog).getByRole("button", { name: "Assign 2 tests" }));
    await screen.findByText("Assigned 2 tests");
    const posts = fetch.mock.calls.filter(([, init]) => init?.method === "POST");
    expect(posts.map(([u]) => String(u))).toEqual(["/api/v1/tests/bulk-assign"]);
    expect(JSON.parse(String(posts[0]![1]!.body))).toEqual({ ids: ["d1", "d2"], assigned_red: "bob" });
  });
});
