import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Member, Side, TestDetail } from "@/api/types";
import { testDetail } from "@/test/fixtures";
import { renderWithProviders, stubApi } from "@/test/render";
import { AssignDialog } from "./AssignDialog";

const test: TestDetail = testDetail({ state: "red_executing", created_by: "alice", assigned_red: "alice", version: 2 });
const member = (username: string, role: Member["role"], full_name?: string): Member => ({ id: username, username, role, full_name });
const DIRECTORY = { items: [member("alice", "red_tech", "Alice Martin"), member("bob", "red_lead"), member("carol", "blue_tech")] };

const dialog = (sides: Side[], onClose = vi.fn()) => renderWithProviders(<AssignDialog test={test} sides={sides} open onClose={onClose} />);

describe("AssignDialog", () => {
  it("offers a red lead the red side only, picked from the directory, and sends only the change", async () => {
    const fetch = vi.fn(
      stubApi({
        "GET /api/v1/users/directory": { body: { items: DIRECTORY.items.filter((m) => m.role.startsWith("red")) } },
        "POST /api/v1/tests/t1/assign": { body: { ...test, assigned_red: "bob" } },
      }),
    );
    vi.stubGlobal("fetch", fetch);
    const onClose = vi.fn();
    const { client } = dialog(["red"], onClose);
    const invalidate = vi.spyOn(client, "invalidateQueries");
    expect(screen.queryByLabelText("Blue team assignee")).toBeNull();
    const red = screen.getByLabelText("Red team assignee");
    await waitFor(() => expect(within(red).getByRole("option", { name: /^bob/ })).toBeInTheDocument());
    expect(red).toHaveValue("alice");
    expect(screen.getByText(/Now alice/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save assignment" })).toBeDisabled();
    // The directory was asked for the red team's roles.
    const asked = new URL(String(fetch.mock.calls.find(([u]) => String(u).includes("/directory"))![0]), "http://x");
    expect(asked.searchParams.get("roles")).toBe("red_tech,red_lead");
    await userEvent.selectOptions(red, "bob");
    await userEvent.click(screen.getByRole("button", { name: "Save assignment" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const [url, init] = fetch.mock.calls.find(([u]) => String(u).endsWith("/assign"))!;
    expect(String(url)).toBe("/api/v1/tests/t1/assign");
    expect(JSON.parse(String(init!.body))).toEqual({ assigned_red: "bob" });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ["tests"] });
    await screen.findByText("Assigned the red team to bob");
  });

  it("shows the server's 422 next to the field", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        stubApi({
          "GET /api/v1/users/directory": { body: { items: [member("carol", "blue_tech")] } },
          "POST /api/v1/tests/t1/assign": {
            status: 422,
            body: { status: 422, title: "Unprocessable", detail: "the request is invalid", errors: [{ field: "assigned_blue", code: "role", message: "carol is not an active blue_tech" }] },
          },
        }),
      ),
    );
    dialog(["blue"]);
    const blue = screen.getByLabelText("Blue team assignee");
    await waitFor(() => expect(within(blue).getByRole("option", { name: /^carol/ })).toBeInTheDocument());
    await userEvent.selectOptions(blue, "carol");
    await userEvent.click(screen.getByRole("button", { name: "Save assignment" }));
    await waitFor(() => expect(screen.getByLabelText("Blue team assignee")).toHaveAttribute("aria-invalid", "true"));
    expect(screen.getByText("carol is not an active blue_tech")).toBeInTheDocument();
  });

  it("has no free text: only the directory's members can be chosen", async () => {
    vi.stubGlobal("fetch", vi.fn(stubApi({ "GET /api/v1/users/directory": { body: DIRECTORY } })));
    dialog(["red", "blue"]);
    expect(screen.queryByRole("textbox")).toBeNull();
    expect(screen.getByLabelText("Red team assignee").tagName).toBe("SELECT");
  });
});
