import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { User } from "@/api/types";
import { useSession } from "@/auth/session";
import { renderWithProviders, stubApi } from "@/test/render";
import { grantableRoles } from "../components/CreateTokenDialog";
import ApiTokensPage from "./ApiTokensPage";

const lead = { id: "u1", username: "rita", role: "red_lead", is_active: true, must_change_password: false, mfa_enabled: false, mfa_enrolment_required: false, created_at: "", updated_at: "" } as User;
const admin = { ...lead, id: "a1", username: "admin", role: "admin" } as User;
const future = new Date(Date.now() + 30 * 86_400_000).toISOString();
const used = { id: "t1", name: "ci pipeline", role: "red_lead", read_only: false, user_id: "u1", username: "rita", created_at: "2026-01-01T00:00:00Z", expires_at: future, last_used_at: new Date(Date.now() - 120_000).toISOString(), last_used_ip: "10.0.0.7" };
const unused = { ...used, id: "t2", name: "bas tool", role: "viewer", read_only: true, last_used_at: null, last_used_ip: null };

function AsSignedIn() {
  return useSession().user ? <ApiTokensPage /> : null;
}

function render(me: User, routes: Parameters<typeof stubApi>[0]) {
  const fetch = vi.fn(stubApi({ "GET /api/v1/auth/me": { body: me }, ...routes }));
  vi.stubGlobal("fetch", fetch);
  renderWithProviders(<AsSignedIn />);
  return fetch;
}

const body = (fetch: ReturnType<typeof vi.fn>, method: string) =>
  JSON.parse(String((fetch.mock.calls.find(([, init]) => (init as RequestInit | undefined)?.method === method)?.[1] as RequestInit).body));

describe("ApiTokensPage", () => {
  it("lists the tokens with their last use and expiry", async () => {
    render(lead, { "GET /api/v1/auth/api-tokens": { body: { items: [used, unused] } } });
    const row = (await screen.findByText("ci pipeline")).closest("tr")!;
    expect(within(row).getByText(/from 10\.0\.0\.7/)).toBeInTheDocument();
    const other = screen.getByText("bas tool").closest("tr")!;
    expect(within(other).getByText("Never")).toBeInTheDocument();
    expect(within(other).getByText("Read-only")).toBeInTheDocument();
    expect(screen.queryByLabelText("Show every user's tokens")).toBeNull();
  });

  it("creates a read-only viewer token and shows it once", async () => {
    const fetch = render(lead, {
      "GET /api/v1/auth/api-tokens": { body: { items: [] } },
      "POST /api/v1/auth/api-tokens": { status: 201, body: { token: "aegis_pat_t3_secret", api_token: { ...unused, id: "t3", name: "nightly" } } },
    });
    await userEvent.click(await screen.findByRole("button", { name: "Create token" }));
    await userEvent.type(screen.getByLabelText(/^Name/), "nightly");
    await userEvent.clear(screen.getByLabelText(/Expires in/));
    await userEvent.type(screen.getByLabelText(/Expires in/), "30");
    await userEvent.selectOptions(screen.getByLabelText("Role"), "viewer");
    await userEvent.click(screen.getByLabelText("Read-only"));
    await userEvent.click(within(screen.getByRole("form", { name: "Create API token" })).getByRole("button", { name: "Create token" }));
    expect(await screen.findByTestId("new-api-token")).toHaveTextContent("aegis_pat_t3_secret");
    expect(body(fetch, "POST")).toEqual({ name: "nightly", expires_in_days: 30, role: "viewer", read_only: true });
    await userEvent.click(screen.getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByTestId("new-api-token")).toBeNull());
  });

  it("lets an admin show everyone's tokens with their owners", async () => {
    const fetch = render(admin, { "GET /api/v1/auth/api-tokens": { body: { items: [used] } } });
    await userEvent.click(await screen.findByLabelText("Show every user's tokens"));
    expect(await screen.findByRole("columnheader", { name: "Owner" })).toBeInTheDocument();
    await waitFor(() => expect(fetch.mock.calls.some(([url]) => String(url).includes("all=true"))).toBe(true));
  });

  it("offers only the caller's own role or viewer, any role to an admin", () => {
    expect(grantableRoles(lead)).toEqual(["red_lead", "viewer"]);
    expect(grantableRoles({ ...lead, role: "viewer" })).toEqual(["viewer"]);
    expect(grantableRoles(admin)).toContain("blue_tech");
  });
});
