import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { User } from "@/api/types";
import { useSession } from "@/auth/session";
import { renderWithProviders, stubApi } from "@/test/render";
import UsersPage from "./UsersPage";

const base = { is_active: true, must_change_password: false, mfa_enrolment_required: false, created_at: "2026-01-01T00:00:00Z", updated_at: "" };
const admin = { ...base, id: "a1", username: "admin", role: "admin", mfa_enabled: true } as User;
const enrolled = { ...base, id: "u1", username: "rita", role: "red_lead", mfa_enabled: true } as User;
const plain = { ...base, id: "u2", username: "bob", role: "viewer", mfa_enabled: false } as User;

function AsSignedIn() {
  return useSession().user ? <UsersPage /> : null;
}

describe("UsersPage", () => {
  it("resets another user's second factor after confirmation, and offers it only where there is one", async () => {
    // given the admin on the Users screen
    const fetch = vi.fn(
      stubApi({
        "GET /api/v1/auth/me": { body: admin },
        "GET /api/v1/users": { body: { items: [admin, enrolled, plain] } },
        "POST /api/v1/users/u1/reset-mfa": { status: 204 },
      }),
    );
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<AsSignedIn />);
    await screen.findByText("rita");
    expect(screen.queryByRole("button", { name: "Reset MFA of admin" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Reset MFA of bob" })).toBeNull();

    // when they reset rita's and confirm
    await userEvent.click(screen.getByRole("button", { name: "Reset MFA of rita" }));
    const dialog = await screen.findByRole("alertdialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "Reset MFA" }));

    // then the server is asked to
    await waitFor(() =>
      expect(fetch.mock.calls.some(([url, init]) => String(url) === "/api/v1/users/u1/reset-mfa" && (init as RequestInit).method === "POST")).toBe(true),
    );
  });
});
