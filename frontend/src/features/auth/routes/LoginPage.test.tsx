import { describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import { renderWithProviders, stubApi } from "@/test/render";
import LoginPage from "./LoginPage";

function ChooseProbe() {
  const state = useLocation().state as { from?: string } | null;
  return <h1>Choose your password (then {state?.from})</h1>;
}

function renderLogin(state?: unknown) {
  return renderWithProviders(
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/" element={<h1>Dashboard</h1>} />
      <Route path="/matrix" element={<h1>Matrix</h1>} />
      <Route path="/choose-password" element={<ChooseProbe />} />
    </Routes>,
    { route: "/login", state },
  );
}

describe("LoginPage", () => {
  it("says the session expired when sent here by a 401", () => {
    renderLogin({ expired: true });
    expect(screen.getByText("Your session has expired, please sign in again")).toBeInTheDocument();
  });

  it("says nothing about expiry on a first visit", () => {
    renderLogin();
    expect(screen.queryByText(/session has expired/)).toBeNull();
  });

  it("shows the server's message for wrong credentials and stays", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(stubApi({ "POST /api/v1/auth/login": { status: 401, body: { status: 401, title: "Unauthorized", detail: "incorrect username or password" } } })),
    );
    renderLogin();
    await userEvent.type(screen.getByLabelText("Username"), "admin");
    await userEvent.type(screen.getByLabelText("Password"), "nope");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("incorrect username or password");
  });

  it("returns to where the user was going after signing in", async () => {
    const user = { id: "u", username: "admin", role: "admin", is_active: true, created_at: "", updated_at: "" };
    vi.stubGlobal("fetch", vi.fn(stubApi({ "POST /api/v1/auth/login": { body: { access_token: "t", token_type: "bearer", expires_in: 900, user } } })));
    renderLogin({ expired: true, from: "/matrix" });
    await userEvent.type(screen.getByLabelText("Username"), "admin");
    await userEvent.type(screen.getByLabelText("Password"), "Right-Password-1");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(screen.getByRole("heading", { name: "Matrix" })).toBeInTheDocument());
  });

  it("sends a user who must change the password to choose one, then on to where they were going", async () => {
    const user = { id: "u", username: "new", role: "viewer", is_active: true, must_change_password: true, created_at: "", updated_at: "" };
    vi.stubGlobal("fetch", vi.fn(stubApi({ "POST /api/v1/auth/login": { body: { access_token: "t", token_type: "bearer", expires_in: 900, user } } })));
    renderLogin({ expired: true, from: "/matrix" });
    await userEvent.type(screen.getByLabelText("Username"), "new");
    await userEvent.type(screen.getByLabelText("Password"), "Handed-Over-Passw0rd");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { name: "Choose your password (then /matrix)" })).toBeInTheDocument();
  });

  it("asks an enrolled user for the second factor and signs in with the code", async () => {
    const user = { id: "u", username: "alice", role: "red_tech", is_active: true, mfa_enabled: true, created_at: "", updated_at: "" };
    const fetch = vi.fn(
      stubApi({
        "POST /api/v1/auth/login": { body: { mfa_required: true, mfa_token: "challenge", expires_in: 300 } },
        "POST /api/v1/auth/login/mfa": { body: { access_token: "t", token_type: "bearer", expires_in: 900, user } },
      }),
    );
    vi.stubGlobal("fetch", fetch);
    renderLogin({ from: "/matrix" });
    await userEvent.type(screen.getByLabelText("Username"), "alice");
    await userEvent.type(screen.getByLabelText("Password"), "Right-Password-1");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    // the password alone is not a session: the code is asked for
    await userEvent.type(await screen.findByLabelText("Authentication code"), "123 456");
    await userEvent.click(screen.getByRole("button", { name: "Verify" }));
    await waitFor(() => expect(screen.getByRole("heading", { name: "Matrix" })).toBeInTheDocument());
    const [, init] = fetch.mock.calls.find(([url]) => String(url).endsWith("/login/mfa"))!;
    expect(JSON.parse(String(init?.body))).toEqual({ mfa_token: "challenge", code: "123456" });
  });

  it("offers a recovery code instead and shows a refused code", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        stubApi({
          "POST /api/v1/auth/login": { body: { mfa_required: true, mfa_token: "challenge", expires_in: 300 } },
          "POST /api/v1/auth/login/mfa": { status: 401, body: { status: 401, title: "Unauthorized", detail: "unknown or used recovery code" } },
        }),
      ),
    );
    renderLogin();
    await userEvent.type(screen.getByLabelText("Username"), "alice");
    await userEvent.type(screen.getByLabelText("Password"), "Right-Password-1");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await userEvent.click(await screen.findByRole("button", { name: "Use a recovery code" }));
    await userEvent.type(screen.getByLabelText("Recovery code"), "abcde-fghij");
    await userEvent.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("unknown or used recovery code");
  });

  it("offers single sign-on when the server has it, and says password sign-in is for admins", async () => {
    vi.stubGlobal("fetch", vi.fn(stubApi({ "GET /api/v1/auth/config": { body: { sso: true, password_login: false } } })));
    renderLogin();
    const link = await screen.findByRole("link", { name: "Sign in with SSO" });
    expect(link).toHaveAttribute("href", "/api/v1/auth/oidc/login");
    expect(screen.getByText(/kept for administrators/)).toBeInTheDocument();
  });

  it("offers no single sign-on when the server has none", async () => {
    const fetch = vi.fn(stubApi({ "GET /api/v1/auth/config": { body: { sso: false, password_login: true } } }));
    vi.stubGlobal("fetch", fetch);
    renderLogin();
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(screen.queryByRole("link", { name: "Sign in with SSO" })).toBeNull();
  });
});
