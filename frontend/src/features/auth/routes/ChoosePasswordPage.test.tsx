import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { renderWithProviders, stubApi } from "@/test/render";
import ChoosePasswordPage from "./ChoosePasswordPage";

const user = {
  id: "u1",
  username: "newcomer",
  full_name: "New Comer",
  role: "viewer",
  is_active: true,
  must_change_password: true,
  created_at: "",
  updated_at: "",
};

function renderPage(routes: Parameters<typeof stubApi>[0], from = "/matrix") {
  const fetch = vi.fn(stubApi({ "GET /api/v1/auth/me": { body: user }, ...routes }));
  vi.stubGlobal("fetch", fetch);
  const result = renderWithProviders(
    <Routes>
      <Route path="/choose-password" element={<ChoosePasswordPage />} />
      <Route path="/matrix" element={<h1>Matrix</h1>} />
      <Route path="/login" element={<h1>Sign in</h1>} />
    </Routes>,
    { route: "/choose-password", state: { from } },
  );
  return { ...result, fetch };
}

async function fill(current: string, next: string, confirm = next) {
  await userEvent.type(await screen.findByLabelText(/^Current password/), current);
  await userEvent.type(screen.getByLabelText(/^New password/), next);
  await userEvent.type(screen.getByLabelText(/^Confirm new password/), confirm);
  await userEvent.click(screen.getByRole("button", { name: "Set my password and continue" }));
}

describe("ChoosePasswordPage", () => {
  it("says why, and shows each rule the server names next to the new password", async () => {
    renderPage({
      "POST /api/v1/auth/change-password": {
        status: 422,
        body: {
          status: 422,
          title: "Unprocessable Entity",
          detail: "new_password: must be at least 12 characters; new_password: must contain a digit",
          errors: [
            { field: "new_password", code: "min_length", message: "must be at least 12 characters" },
            { field: "new_password", code: "digit", message: "must contain a digit" },
          ],
        },
      },
    });
    expect(await screen.findByRole("heading", { name: "Choose your password" })).toBeInTheDocument();
    expect(screen.getByTestId("choose-password-reason")).toHaveTextContent("generated or set by an administrator");
    expect(screen.queryByRole("navigation")).toBeNull();
    await fill("Handed-Over-Passw0rd", "weak");
    await waitFor(() => expect(document.getElementById("choose-password-new-error")).not.toBeNull());
    const errors = document.getElementById("choose-password-new-error")!;
    expect(within(errors).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["must be at least 12 characters", "must contain a digit"]);
    expect(screen.getByLabelText(/^New password/)).toHaveAttribute("aria-invalid", "true");
  });

  it("shows a wrong current password next to that field", async () => {
    renderPage({
      "POST /api/v1/auth/change-password": {
        status: 422,
        body: { status: 422, detail: "x", errors: [{ field: "current_password", code: "mismatch", message: "the current password is not correct" }] },
      },
    });
    await fill("Wrong-Passw0rd!", "Brand-New-Passw0rd!");
    expect(await screen.findByText("the current password is not correct")).toHaveAttribute("id", "choose-password-current-error");
  });

  it("does not send a confirmation that differs", async () => {
    const { fetch } = renderPage({});
    await fill("Handed-Over-Passw0rd", "Brand-New-Passw0rd!", "Brand-New-Passw0rd?");
    expect(await screen.findByText("The passwords do not match")).toBeInTheDocument();
    expect(fetch.mock.calls.some(([url]) => String(url).includes("change-password"))).toBe(false);
  });

  it("waits as long as Retry-After says after too many attempts", async () => {
    const fetch = vi.fn(async (input: RequestInfo | URL) => {
      if (String(input).endsWith("/auth/me")) return new Response(JSON.stringify(user), { status: 200, headers: { "content-type": "application/json" } });
      return new Response(JSON.stringify({ status: 429, title: "Too Many Requests", detail: "too many attempts; retry in 90 s" }), {
        status: 429,
        headers: { "content-type": "application/problem+json", "retry-after": "90" },
      });
    });
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(
      <Routes>
        <Route path="/choose-password" element={<ChoosePasswordPage />} />
      </Routes>,
      { route: "/choose-password" },
    );
    await fill("Handed-Over-Passw0rd", "Brand-New-Passw0rd!");
    expect(await screen.findByText(/Too many attempts to change the password\. Try again in (89|90) s\./)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Set my password and continue" })).toBeDisabled();
  });

  it("continues to where the user was going once the password is set", async () => {
    let me = user;
    const changed = { ...user, must_change_password: false };
    const { client } = renderPage({});
    const fetch = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === "POST") me = changed; // the server now has the user's own password
      const body = init?.method === "POST" ? { access_token: "t2", token_type: "bearer", expires_in: 900, user: changed } : me;
      return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
    });
    vi.stubGlobal("fetch", fetch);
    await fill("Handed-Over-Passw0rd", "Brand-New-Passw0rd!");
    await waitFor(() => expect(screen.getByRole("heading", { name: "Matrix" })).toBeInTheDocument());
    expect(fetch.mock.calls.some(([url]) => String(url) === "/api/v1/auth/change-password")).toBe(true);
    expect(client.getQueryData<{ must_change_password: boolean }>(["auth", "me"])?.must_change_password).toBe(false);
  });

  it("offers signing out", async () => {
    renderPage({ "POST /api/v1/auth/logout": { status: 204 } });
    await userEvent.click(await screen.findByRole("button", { name: "Sign out" }));
    await waitFor(() => expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument());
  });
});
