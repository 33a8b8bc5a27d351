import { describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import { api } from "@/api/client";
import { renderWithProviders, stubApi } from "@/test/render";
import { PasswordChangeWatcher, RequireAuth } from "./SessionGuard";

const user = { id: "u", username: "ann", role: "viewer", is_active: true, must_change_password: false, created_at: "", updated_at: "" };

function ChoosePassword() {
  const state = useLocation().state as { from?: string } | null;
  return <h1>Choose your password (from {state?.from})</h1>;
}

function Tests() {
  return (
    <>
      <h1>Tests</h1>
      <button type="button" onClick={() => void api("/api/v1/tests").catch(() => {})}>
        Load
      </button>
    </>
  );
}

function renderApp(route: string) {
  return renderWithProviders(
    <>
      <PasswordChangeWatcher />
      <Routes>
        <Route path="/choose-password" element={<RequireAuth pendingPassword><ChoosePassword /></RequireAuth>} />
        <Route path="/tests" element={<RequireAuth><Tests /></RequireAuth>} />
      </Routes>
    </>,
    { route },
  );
}

describe("RequireAuth and the password change", () => {
  it("shows a user who must change the password only the screen to choose one", async () => {
    vi.stubGlobal("fetch", vi.fn(stubApi({ "GET /api/v1/auth/me": { body: { ...user, must_change_password: true } } })));
    renderApp("/tests");
    expect(await screen.findByRole("heading", { name: "Choose your password (from /tests)" })).toBeInTheDocument();
  });

  it("lets everyone else through", async () => {
    vi.stubGlobal("fetch", vi.fn(stubApi({ "GET /api/v1/auth/me": { body: user } })));
    renderApp("/tests");
    expect(await screen.findByRole("heading", { name: "Tests" })).toBeInTheDocument();
  });

  it("goes to the screen when any call answers 403 password-change-required", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        stubApi({
          "GET /api/v1/auth/me": { body: user },
          "GET /api/v1/tests": {
            status: 403,
            body: { type: "https://aegis.dev/problems/password-change-required", status: 403, title: "Forbidden", detail: "change it first" },
          },
        }),
      ),
    );
    renderApp("/tests");
    await userEvent.click(await screen.findByRole("button", { name: "Load" }));
    expect(await screen.findByRole("heading", { name: "Choose your password (from /tests)" })).toBeInTheDocument();
  });
});
