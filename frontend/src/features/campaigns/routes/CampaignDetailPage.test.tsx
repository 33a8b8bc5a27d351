import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import type { CampaignComparison, CampaignDetail, CampaignHistory } from "@/api/campaigns";
import type { Role } from "@/api/types";
import { renderWithProviders } from "@/test/render";
import CampaignDetailPage from "./CampaignDetailPage";

const session = vi.hoisted(() => ({ role: "viewer" as Role }));
vi.mock("@/auth/session", () => ({
  useCurrentUser: () => ({ username: "lead", role: session.role, full_name: "Lead", active: true }),
}));

const progress = (total: number, validated: number, rest: Record<string, number> = {}) => ({
  total,
  by_state: { ...(validated ? { validated } : {}), ...rest },
  validated_pct: total ? (100 * validated) / total : 0,
});

function campaign(over: Partial<CampaignDetail> = {}): CampaignDetail {
  return {
    id: "c1",
    name: "Emulate APT29 (G0016)",
    description: "",
    objective: "Validate detection of APT29's techniques",
    threat_actor: "G0016",
    owner: "lead",
    phases: [
      { id: "p1", name: "Initial Access", description: "" },
      { id: "p2", name: "Execution", description: "" },
    ],
    tests: [],
    status: "planned",
    recurrence: "quarterly",
    run: 1,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    version: 1,
    phase_progress: [
      { id: "p1", name: "Initial Access", description: "", progress: progress(1, 0, { red_executing: 1 }) },
      { id: "p2", name: "Execution", description: "", progress: progress(1, 0, { draft: 1 }) },
    ],
    progress: progress(2, 0, { red_executing: 1, draft: 1 }),
    test_states: [
      { test_id: "t1", phase_id: "p1", title: "Spearphishing", technique_id: "T1566.001", state: "red_executing", assigned_red: "rita", depends_on: [], blocked_by: [] },
      { test_id: "t2", phase_id: "p2", title: "PowerShell", technique_id: "T1059.001", state: "draft", depends_on: ["t1"], blocked_by: ["t1"] },
    ],
    coverage: [
      { technique_id: "T1059.001", status: "not_covered" },
      { technique_id: "T1566.001", status: "in_progress" },
    ],
    ...over,
  };
}

const history: CampaignHistory = {
  events: [{ id: "e1", campaign_id: "c1", at: "2026-01-01T00:00:00Z", actor: "lead", action: "create", run: 1, summary: {} }],
  runs: [],
};
const comparison: CampaignComparison = {
  run: 2,
  previous_run: 1,
  techniques: [
    { technique_id: "T1059.001", previous: { technique_id: "T1059.001", state: "validated", detection: "alerted" }, current: { technique_id: "T1059.001", state: "validated", detection: "logged" }, trend: "regressed" },
    { technique_id: "T1566.001", previous: { technique_id: "T1566.001", state: "draft" }, current: { technique_id: "T1566.001", state: "in_review" }, trend: "improved" },
  ],
  coverage_by_run: [
    [1, 50],
    [2, 0],
  ],
};

/** The API: the campaign, its history and comparison; writes recorded and answered by `writes`. */
function stub(detail: CampaignDetail, writes: Record<string, { status: number; body: unknown }> = {}) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json" } });
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), "http://localhost");
      const method = init?.method ?? "GET";
      calls.push({ method, path: url.pathname, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      const w = writes[`${method} ${url.pathname}`];
      if (w) return json(w.body, w.status);
      if (url.pathname === "/api/v1/campaigns/c1") return json(detail);
      if (url.pathname === "/api/v1/campaigns/c1/history") return json(history);
      if (url.pathname === "/api/v1/campaigns/c1/comparison") return json(comparison);
      return json({ status: 404, title: "Not Found", detail: "no route" }, 404);
    }),
  );
  return calls;
}

function renderPage(role: Role) {
  session.role = role;
  return renderWithProviders(
    <Routes>
      <Route path="/campaigns/:campaignId" element={<CampaignDetailPage />} />
    </Routes>,
    { route: "/campaigns/c1" },
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("CampaignDetailPage", () => {
  it("shows the phases as columns with their tests, and a blocked-by marker naming the dependency", async () => {
    stub(campaign());
    renderPage("viewer");
    const columns = await screen.findAllByTestId("phase-column");
    expect(columns.map((c) => within(c).getByRole("heading").textContent)).toEqual(["1. Initial Access", "2. Execution"]);
    expect(within(columns[0]!).getByText("Spearphishing")).toBeInTheDocument();
    expect(within(columns[0]!).queryByTestId("blocked-by")).toBeNull();
    expect(within(columns[1]!).getByTestId("blocked-by")).toHaveTextContent("Blocked by “Spearphishing” (Red executing)");
    expect(screen.getByRole("progressbar", { name: "Tests approved in the campaign" })).toHaveAttribute("aria-valuetext", "0 of 2 tests approved (0%)");
    expect(screen.getByText(/Every quarter \(scheduled once started\)/)).toBeInTheDocument();
  });

  it("offers a viewer and a technician no action; a lead of a planned campaign start, cancel, delete and the board's edits", async () => {
    for (const role of ["viewer", "red_tech", "blue_tech"] as Role[]) {
      stub(campaign());
      const { unmount } = renderPage(role);
      await screen.findAllByTestId("phase-column");
      for (const name of [/Start campaign/, /Delete/, /Add a test/, /Edit phases/, /Edit settings/, /^Remove/]) {
        expect(screen.queryByRole("button", { name })).toBeNull();
      }
      unmount();
    }
    for (const role of ["red_lead", "blue_lead", "admin"] as Role[]) {
      stub(campaign());
      const { unmount } = renderPage(role);
      await screen.findAllByTestId("phase-column");
      for (const name of [/Start campaign/, /Cancel campaign/, /^Delete$/, /Add a test/, /Edit phases/, /Edit settings/]) {
        expect(screen.getByRole("button", { name })).toBeInTheDocument();
      }
      expect(screen.queryByRole("button", { name: /Complete campaign/ })).toBeNull();
      unmount();
    }
  });

  it("completes an active campaign after the confirm dialog, then reads it again", async () => {
    const calls = stub(campaign({ status: "active" }), { "POST /api/v1/campaigns/c1/complete": { status: 200, body: {} } });
    renderPage("blue_lead");
    await userEvent.click(await screen.findByRole("button", { name: /Complete campaign/ }));
    const dialog = screen.getByRole("alertdialog", { name: /Complete “Emulate APT29/ });
    expect(dialog).toHaveTextContent("The coverage of its 2 techniques now is recorded");
    expect(screen.queryByRole("button", { name: /Delete/ })).toBeNull();
    await userEvent.click(within(dialog).getByRole("button", { name: "Complete campaign" }));
    await waitFor(() => expect(calls.some((c) => c.method === "POST" && c.path === "/api/v1/campaigns/c1/complete")).toBe(true));
    await waitFor(() => expect(calls.filter((c) => c.method === "GET" && c.path === "/api/v1/campaigns/c1").length).toBe(2));
  });

  it("shows a completed campaign's summary and offers no step", async () => {
    stub(
      campaign({
        status: "completed",
        completion: {
          run: 1,
          started_at: "2026-01-01T00:00:00Z",
          ended_at: "2026-02-01T00:00:00Z",
          coverage_pct: 50,
          techniques: [
            { technique_id: "T1059.001", state: "validated", detection: "alerted" },
            { technique_id: "T1566.001", state: "in_review" },
          ],
        },
      }),
    );
    renderPage("admin");
    expect(await screen.findByTestId("completion-summary")).toHaveTextContent("50% of its 2 techniques covered (validated with at least a logged detection); 1 of 2 approved.");
    expect(screen.getByText("Approved, alerted")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Start campaign|Complete campaign|Cancel campaign|Add a test/ })).toBeNull();
  });

  it("renders the comparison: each technique's trend in words, regressions first, and coverage by run", async () => {
    stub(campaign({ status: "active", run: 2 }));
    renderPage("viewer");
    expect(await screen.findByTestId("comparison-summary")).toHaveTextContent("Run 2 against run 1: 1 improved, 1 regressed.");
    const table = screen.getByRole("table", { name: /this run and the previous one/ });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      "T1059.001Approved, alertedApproved, logged only▼Regressed",
      "T1566.001DraftIn review▲Improved",
    ]);
    expect(screen.getByTestId("coverage-by-run")).toHaveTextContent("Run 2: 0% of its techniques covered, down 50 points from run 1");
  });

  it("shows a dependency cycle refused by the server on the Depends on field", async () => {
    const problem = {
      status: 422,
      title: "Unprocessable",
      detail: "invalid",
      errors: [{ field: "depends_on", code: "cycle", message: "dependency cycle: Spearphishing (t1) → PowerShell (t2) → Spearphishing (t1)" }],
    };
    const calls = stub(campaign(), { "PATCH /api/v1/campaigns/c1/tests/t1": { status: 422, body: problem } });
    renderPage("red_lead");
    await userEvent.click(await screen.findByRole("button", { name: "Edit Spearphishing: phase and dependencies" }));
    const dialog = screen.getByRole("dialog");
    await userEvent.click(within(dialog).getByLabelText(/PowerShell/));
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await within(dialog).findByText(/dependency cycle: Spearphishing \(t1\) → PowerShell/)).toBeInTheDocument();
    expect(within(dialog).getByRole("group", { name: "Depends on" })).toHaveAttribute("aria-invalid", "true");
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ depends_on: ["t2"] });
  });
});
