import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { FromActorResult } from "@/api/campaigns";
import { renderWithProviders } from "@/test/render";
import { FromActorForm } from "./FromActorForm";

const cell = (attack_id: string, name: string, over: Record<string, unknown> = {}) => ({
  attack_id,
  name,
  status: "not_covered",
  score: 0,
  color: "#fff",
  tests_total: 0,
  tests_validated: 0,
  platforms: ["Windows"],
  components: {},
  subtechniques: [],
  ...over,
});

const actor = {
  attack_id: "G0016",
  name: "APT29",
  aliases: [],
  description: "",
  technique_ids: [],
  domain: "enterprise-attack",
  custom: false,
  techniques: [
    { attack_id: "T1059.001", name: "PowerShell", source: "mitre" },
    { attack_id: "T1078", name: "Valid Accounts", source: "mitre" },
    { attack_id: "T1105", name: "Ingress Tool Transfer", source: "mitre" },
  ],
};
const matrix = {
  tactics: [
    { id: "TA0001", name: "Initial Access", shortname: "initial-access", score: 0, techniques: [cell("T1078", "Valid Accounts", { status: "validated" })] },
    {
      id: "TA0002",
      name: "Execution",
      shortname: "execution",
      score: 0,
      techniques: [cell("T1059", "Command and Scripting Interpreter", { context_only: true, subtechniques: [cell("T1059.001", "PowerShell")] })],
    },
    { id: "TA0011", name: "Command and Control", shortname: "command-and-control", score: 0, techniques: [cell("T1105", "Ingress Tool Transfer", { platforms: ["Linux"] })] },
  ],
};
// Templates by technique filter: T1059.001 has one; T1078's filter answers only a sub-technique's.
const templates: Record<string, { technique_ids: string[] }[]> = {
  "T1059.001": [{ technique_ids: ["T1059.001"] }],
  T1078: [{ technique_ids: ["T1078.004"] }],
  T1105: [],
};
const result: FromActorResult = {
  campaign: {
    id: "c9",
    name: "Emulate APT29 (G0016)",
    owner: "lead",
    phases: [{ id: "p1", name: "Initial Access" }, { id: "p2", name: "Execution" }],
    tests: [],
    status: "planned",
    recurrence: "monthly",
    run: 1,
    created_at: "",
    updated_at: "",
    version: 1,
  },
  tests: 2,
  from_template: 1,
  skipped_validated: 0,
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
      if (url.pathname === "/api/v1/threat-actors") return json({ items: [{ ...actor, technique_count: 3, revoked: false, deprecated: false }] });
      if (url.pathname === "/api/v1/threat-actors/G0016") return json(actor);
      if (url.pathname === "/api/v1/heatmap") return json(matrix);
      if (url.pathname === "/api/v1/test-templates") {
        const items = templates[url.searchParams.get("technique") ?? ""] ?? [];
        return json({ items: items.map((t, i) => ({ id: `tpl${i}`, name: "x", ...t })), total: items.length });
      }
      if (method === "POST" && url.pathname === "/api/v1/campaigns/from-threat-actor") return json(result, 201);
      return json({ status: 404, detail: "no route" }, 404);
    }),
  );
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe("FromActorForm", () => {
  it("previews the actor's techniques with their template, follows the options, then shows the server's counts", async () => {
    const calls = stub();
    renderWithProviders(<FromActorForm initialActor="G0016" />);
    // every current technique, each with an exact template check (T1078's sub-technique template does not count)
    await waitFor(() => expect(screen.getByTestId("preview-summary")).toHaveTextContent("3 tests in 3 phases: 1 from an active template, 2 as a bare test on the technique."));
    const table = screen.getByRole("table", { name: /Techniques of the threat actor/ });
    const row = (id: string) => within(table).getByText(id).closest("tr")!;
    expect(row("T1059.001")).toHaveTextContent("From an active template");
    expect(row("T1078")).toHaveTextContent("No active template: a bare test");
    expect(calls.filter((c) => c.path === "/api/v1/test-templates").every((c) => c.query.get("active") === "true")).toBe(true);

    // only gaps and Windows: T1078 is validated (skipped), T1105 runs on Linux only
    await userEvent.click(screen.getByLabelText("Only gaps"));
    await userEvent.click(screen.getByLabelText("Windows"));
    expect(screen.getByTestId("preview-summary")).toHaveTextContent("1 test in 1 phase: 1 from an active template, 0 as a bare test on the technique; 1 validated technique skipped.");
    expect(row("T1078")).toHaveTextContent("Skipped: already validated");
    expect(row("T1105")).toHaveTextContent("Left out: not on the chosen platforms");
    expect(screen.getByText(/Phases in kill-chain order: Execution \(1\)/)).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText("Recurrence"), "monthly");
    await userEvent.click(screen.getByRole("button", { name: "Create campaign from threat actor" }));
    expect(await screen.findByTestId("from-actor-result")).toHaveTextContent("2 tests created, 1 from a template and 1 without.");
    expect(screen.getByRole("link", { name: "Open the campaign" })).toHaveAttribute("href", "/campaigns/c9");
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      threat_actor_id: "G0016",
      name: null,
      platforms: ["Windows"],
      include_subtechniques: true,
      only_gaps: true,
      recurrence: "monthly",
    });
  });
});
