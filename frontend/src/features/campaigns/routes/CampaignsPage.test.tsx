import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import type { Role } from "@/api/types";
import { renderWithProviders } from "@/test/render";
import CampaignsPage from "./CampaignsPage";

const session = vi.hoisted(() => ({ role: "viewer" as Role }));
vi.mock("@/auth/session", () => ({
  useCurrentUser: () => ({ username: "u", role: session.role, full_name: "U", active: true }),
}));

const summary = {
  id: "c1",
  name: "Emulate APT29 (G0016)",
  status: "active",
  threat_actor: "G0016",
  owner: "lead",
  recurrence: "monthly",
  next_run_at: "2027-03-01T09:00:00Z",
  run: 2,
  tests: 4,
  created_at: "",
  updated_at: "",
};

function stub() {
  const calls: { path: string; query: URLSearchParams }[] = [];
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), "http://localhost");
      calls.push({ path: url.pathname, query: url.searchParams });
      if (url.pathname === "/api/v1/campaigns") return json({ items: [summary], total: 1 });
      if (url.pathname === "/api/v1/campaigns/c1") return json({ progress: { total: 4, by_state: { validated: 1 }, validated_pct: 25 } });
      if (url.pathname === "/api/v1/users/directory") return json({ items: [{ id: "u1", username: "lead", role: "red_lead" }] });
      return new Response("{}", { status: 404 });
    }),
  );
  return calls;
}

function Where() {
  return <output data-testid="where">{useLocation().search}</output>;
}

function renderList(role: Role, search = "") {
  session.role = role;
  return renderWithProviders(
    <Routes>
      <Route
        path="/campaigns"
        element={
          <>
            <CampaignsPage />
            <Where />
          </>
        }
      />
    </Routes>,
    { route: `/campaigns${search}` },
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("CampaignsPage", () => {
  it("lists each campaign's status, progress, recurrence with the next run, and asks with the URL's filters", async () => {
    const calls = stub();
    renderList("viewer", "?status=active&actor=G0016");
    const row = (await screen.findByRole("link", { name: "Emulate APT29 (G0016)" })).closest("tr")!;
    expect(within(row).getByText("Active")).toBeInTheDocument();
    expect(within(row).getByText(/^Every month, next run/)).toBeInTheDocument();
    expect(await within(row).findByRole("progressbar")).toHaveAttribute("aria-valuetext", "1 of 4 tests approved (25%)");
    const list = calls.find((c) => c.path === "/api/v1/campaigns")!;
    expect(list.query.get("status")).toBe("active");
    expect(list.query.get("actor")).toBe("G0016");
    expect(screen.getByLabelText("Status")).toHaveValue("active");
    expect(screen.getByLabelText("Threat actor")).toHaveValue("G0016");
  });

  it("puts a changed filter in the URL", async () => {
    stub();
    renderList("viewer");
    await screen.findByRole("link", { name: "Emulate APT29 (G0016)" });
    await userEvent.selectOptions(screen.getByLabelText("Status"), "planned");
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent("?status=planned"));
  });

  it("offers New campaign to leads and admin only", async () => {
    for (const [role, offered] of [
      ["viewer", false],
      ["red_tech", false],
      ["blue_tech", false],
      ["red_lead", true],
      ["blue_lead", true],
      ["admin", true],
    ] as [Role, boolean][]) {
      stub();
      const { unmount } = renderList(role);
      await screen.findByRole("link", { name: "Emulate APT29 (G0016)" });
      expect(screen.queryByRole("link", { name: "New campaign" }) !== null).toBe(offered);
      unmount();
    }
  });
});
