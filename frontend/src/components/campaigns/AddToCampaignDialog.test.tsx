import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithProviders } from "@/test/render";
import { AddToCampaignDialog } from "./AddToCampaignDialog";

const summary = (id: string, name: string, status: string) => ({ id, name, status, owner: "lead", recurrence: "none", run: 1, tests: 1, created_at: "", updated_at: "" });
const detail = {
  id: "c1",
  name: "Q3 purple",
  phases: [
    { id: "p1", name: "Recon" },
    { id: "p2", name: "Execution" },
  ],
  test_states: [{ test_id: "t1", phase_id: "p1", title: "Port scan", technique_id: "T1046", state: "draft", depends_on: [], blocked_by: [] }],
};

function stub() {
  const calls: { method: string; path: string; query: URLSearchParams; body: unknown }[] = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), "http://localhost");
      const method = init?.method ?? "GET";
      calls.push({ method, path: url.pathname, query: url.searchParams, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      if (url.pathname === "/api/v1/campaigns") {
        const status = url.searchParams.get("status");
        return json({ items: status === "active" ? [summary("c1", "Q3 purple", "active")] : [summary("c2", "Next quarter", "planned")], total: 1 });
      }
      if (url.pathname === "/api/v1/campaigns/c1") return json(detail);
      if (method === "POST" && url.pathname === "/api/v1/campaigns/c1/tests") return json({ test_id: "new", campaign: detail }, 201);
      return json({ status: 404, detail: "no route" }, 404);
    }),
  );
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe("AddToCampaignDialog", () => {
  it("adds a template to an open campaign, in the chosen phase, after the chosen test", async () => {
    const calls = stub();
    const onClose = vi.fn();
    renderWithProviders(<AddToCampaignDialog candidate={{ template_id: "tpl1" }} label="Encoded PowerShell" onClose={onClose} />);
    const campaign = await screen.findByLabelText(/Campaign/);
    // only planned and active campaigns are asked for and offered
    expect(calls.filter((c) => c.path === "/api/v1/campaigns").map((c) => c.query.get("status")).sort()).toEqual(["active", "planned"]);
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["Choose a campaign…", "Q3 purple (active, 1 test)", "Next quarter (planned, 1 test)"]);
    await userEvent.selectOptions(campaign, "c1");
    await userEvent.selectOptions(await screen.findByLabelText("Phase"), "p2");
    await userEvent.click(screen.getByLabelText(/Port scan/));
    await userEvent.click(screen.getByRole("button", { name: "Add to campaign" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ template_id: "tpl1", phase_id: "p2", depends_on: ["t1"] });
  });
});
