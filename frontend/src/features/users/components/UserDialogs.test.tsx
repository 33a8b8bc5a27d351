import { describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithProviders, stubApi } from "@/test/render";
import { CreateUserDialog, ResetPasswordDialog } from "./UserDialogs";

const ann = { id: "u1", username: "ann", role: "viewer", is_active: true, must_change_password: false, mfa_enabled: false, mfa_enrolment_required: false, created_at: "", updated_at: "" } as const;

function sent(fetch: ReturnType<typeof vi.fn>, path: string): unknown {
  const call = fetch.mock.calls.find(([url]) => String(url) === path);
  return call ? JSON.parse(String((call[1] as RequestInit).body)) : undefined;
}

describe("CreateUserDialog", () => {
  it("asks for a new password at first sign-in unless unchecked", async () => {
    const fetch = vi.fn(stubApi({ "POST /api/v1/users": { status: 201, body: { ...ann, must_change_password: true } } }));
    vi.stubGlobal("fetch", fetch);
    const onClose = vi.fn();
    renderWithProviders(<CreateUserDialog open onClose={onClose} />);
    expect(screen.getByLabelText("Must choose a new password at sign-in")).toBeChecked();
    await userEvent.type(screen.getByLabelText(/^Username/), "ann");
    await userEvent.type(screen.getByLabelText("Password", { exact: true }), "Handed-Over-Passw0rd");
    await userEvent.click(screen.getByRole("button", { name: "Create user" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent(fetch, "/api/v1/users")).toMatchObject({ username: "ann", must_change_password: true });
  });

  it("sends false when the administrator unchecks it", async () => {
    const fetch = vi.fn(stubApi({ "POST /api/v1/users": { status: 201, body: ann } }));
    vi.stubGlobal("fetch", fetch);
    const onClose = vi.fn();
    renderWithProviders(<CreateUserDialog open onClose={onClose} />);
    await userEvent.type(screen.getByLabelText(/^Username/), "ann");
    await userEvent.type(screen.getByLabelText("Password", { exact: true }), "Handed-Over-Passw0rd");
    await userEvent.click(screen.getByLabelText("Must choose a new password at sign-in"));
    await userEvent.click(screen.getByRole("button", { name: "Create user" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent(fetch, "/api/v1/users")).toMatchObject({ must_change_password: false });
  });
});

describe("ResetPasswordDialog", () => {
  it("sets a generated password the user must replace at the next sign-in", async () => {
    const fetch = vi.fn(stubApi({ "POST /api/v1/users/u1/reset-password": { status: 204 } }));
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<ResetPasswordDialog user={ann} onClose={() => {}} />);
    expect(screen.getByLabelText("Must choose a new password at sign-in")).toBeChecked();
    await userEvent.click(screen.getByRole("button", { name: "Reset password" }));
    const shown = await screen.findByTestId("generated-password");
    expect(screen.getByText(/asked to choose their own/)).toBeInTheDocument();
    expect(sent(fetch, "/api/v1/users/u1/reset-password")).toEqual({ new_password: shown.textContent, must_change_password: true });
  });
});
