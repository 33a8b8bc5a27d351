import { describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Role, Side, TestDetail } from "@/api/types";
import { testDetail } from "@/test/fixtures";
import { renderWithProviders, stubApi } from "@/test/render";
import { AssignDialog } from "./AssignDialog";

const test: TestDetail = testDetail({ state: "red_executing", created_by: "alice", assigned_red: "alice", version: 2 });

const dialog = (sides: Side[], role: Role, onClose = vi.fn()) =>
  renderWithProviders(<AssignDialog test={test} sides={sides} role={role} open onClose={onClose} />);

describe("AssignDialog", () => {
  it("shows a red lead the red side only, with the current assignee, and sends only the change", async () => {
    const fetch = vi.fn(stubApi({ "POST /api/v1/tests/t1/assign": { body: { ...test, assigned_red: "bob" } } }));
    vi.stubGlobal("fetch", fetch);
    const onClose = vi.fn();
    const { client } = dialog(["red"], "red_lead", onClose);
    const invalidate = vi.spyOn(client, "invalidateQueries");
    expect(screen.queryByLabelText("Blue team assignee")).toBeNull();
    const red = screen.getByLabelText("Red team assignee");
    expect(red).toHaveValue("alice");
    expect(screen.getByText(/Now alice/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save assignment" })).toBeDisabled();
    await userEvent.clear(red);
    await userEvent.type(red, "bob");
    await userEvent.click(screen.getByRole("button", { name: "Save assignment" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const [url, init] = fetch.mock.calls.find(([u]) => String(u).endsWith("/assign"))!;
    expect(String(url)).toBe("/api/v1/tests/t1/assign");
    expect(JSON.parse(String(init!.body))).toEqual({ assigned_red: "bob" });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ["tests"] });
    // A lead may not list users: no call to /users.
    expect(fetch.mock.calls.some(([u]) => String(u).startsWith("/api/v1/users"))).toBe(false);
    await screen.findByText("Assigned the red team to bob");
  });

  it("shows the server's 422 next to the field", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        stubApi({
          "POST /api/v1/tests/t1/assign": {
            status: 422,
            body: { status: 422, title: "Unprocessable", detail: "the request is invalid", errors: [{ field: "assigned_blue", code: "role", message: "carol is not an active blue_tech" }] },
          },
        }),
      ),
    );
    dialog(["blue"], "blue_lead");
    await userEvent.type(screen.getByLabelText("Blue team assignee"), "carol");
    await userEvent.click(screen.getByRole("button", { name: "Save assignment" }));
    await waitFor(() => expect(screen.getByLabelText("Blue team assignee")).toHaveAttribute("aria-invalid", "true"));
    expect(screen.getByText("carol is not an active blue_tech")).toBeInTheDocument();
  });

  it("suggests an admin the active users of each team", async () => {
    const user = (username: string, role: Role, is_active = true) => ({ id: username, username, role, is_active, must_change_password: false, created_at: "", updated_at: "" });
    vi.stubGlobal(
      "fetch",
      vi.fn(stubApi({ "GET /api/v1/users": { body: { items: [user("bob", "red_tech"), user("gone", "red_tech", false), user("carol", "blue_tech")] } } })),
    );
    const { container } = dialog(["red", "blue"], "admin");
    await waitFor(() => expect(container.ownerDocument.querySelectorAll("#assign-red-options option")).toHaveLength(1));
    expect(container.ownerDocument.querySelector("#assign-red-options option")).toHaveAttribute("value", "bob");
    expect(container.ownerDocument.querySelector("#assign-blue-options option")).toHaveAttribute("value", "carol");
  });
});
