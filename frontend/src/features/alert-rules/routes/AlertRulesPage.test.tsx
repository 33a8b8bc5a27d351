import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import type { AlertEvent, AlertRule, Role } from "@/api/types";
import { renderWithProviders } from "@/test/render";
import AlertRulesPage from "./AlertRulesPage";

const session = vi.hoisted(() => ({ role: "viewer" as Role }));
vi.mock("@/auth/session", () => ({
  useCurrentUser: () => ({ username: "lead", role: session.role, full_name: "Lead", active: true }),
}));

const ALICE = "0a000000-0000-4000-8000-00000000000a";
const BOB = "0b000000-0000-4000-8000-00000000000b";

const HOOK_A = "1a000000-0000-4000-8000-0000000000a1";
const HOOK_B = "9b000000-0000-4000-8000-0000000000b2";
const channel = (id: string, name: string) => ({
  id,
  name,
  url: `https://hooks.example.com/${name}`,
  format: "json" as const,
  enabled: true,
  secret_id: `aegis/alert-channels/${id}`,
  created_by: ALICE,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  version: 1,
  health: { delivered: 3, failed: 0, consecutive_failures: 0, last_state: "delivered" as const },
});

const rule: AlertRule = {
  id: "r1",
  name: "Execution is weak",
  description: "",
  enabled: true,
  condition: { kind: "tactic_score_below", tactic: "execution", threshold: 40 },
  severity: "high",
  recipients: { roles: ["blue_lead"], users: [ALICE] },
  channels: [],
  cooldown_minutes: 1440,
  created_by: "lead",
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  version: 1,
};

const event: AlertEvent = {
  id: "e1",
  rule_id: "r1",
  rule_name: "Execution is weak",
  kind: "tactic_score_below",
  severity: "high",
  fired_at: new Date(Date.now() - 2 * 3600_000).toISOString(),
  summary: "execution score 12.0 is below the threshold 40.0",
  matched: [{ subject: "execution", detail: "score 12.0 < 40.0" }],
  notified: 3,
  channels: [],
};

type Answer = { status?: number; body?: unknown };

/** The API: rules, firings and the lookups; writes answered by `writes`, every call recorded. */
function stub(writes: Record<string, Answer> = {}) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json" } });
  const reads: Record<string, unknown> = {
    "/api/v1/alert-rules": { items: [rule] },
    "/api/v1/alert-rules/r1/events": { items: [event] },
    "/api/v1/alert-events": { items: [event] },
    "/api/v1/tactics": { items: [{ id: "TA0002", shortname: "execution", name: "Execution", order: 3, description: "", domain: "enterprise-attack" }] },
    "/api/v1/users/directory": {
      items: [
        { id: ALICE, username: "alice", role: "blue_lead", full_name: "Alice Martin" },
        { id: BOB, username: "bob", role: "red_tech" },
      ],
    },
    "/api/v1/technique-sets": { items: [] },
    // Listed out of the server's id order on purpose: "ops" sorts after "soc" by id.
    "/api/v1/alert-channels": { items: [channel(HOOK_B, "ops"), channel(HOOK_A, "soc")] },
  };
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), "http://localhost");
      const method = init?.method ?? "GET";
      calls.push({ method, path: url.pathname, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      const w = writes[`${method} ${url.pathname}`];
      if (w) return json(w.body ?? {}, w.status ?? 200);
      if (method === "GET" && url.pathname in reads) return json(reads[url.pathname]);
      return json({ status: 404, title: "Not Found", detail: "no route" }, 404);
    }),
  );
  return calls;
}

function renderList(role: Role) {
  session.role = role;
  return renderWithProviders(
    <Routes>
      <Route path="/alert-rules" element={<AlertRulesPage />} />
      <Route path="/alert-rules/:ruleId" element={<p>Rule page</p>} />
    </Routes>,
    { route: "/alert-rules" },
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("AlertRulesPage", () => {
  it("lists a lead's rules: what each watches in words, severity, status, last firing and recipients", async () => {
    stub();
    renderList("blue_lead");
    const row = (await screen.findByRole("link", { name: "Execution is weak" }, { timeout: 3000 })).closest("tr")!;
    expect(await within(row).findByText("Execution score below 40")).toBeInTheDocument();
    expect(within(row).getByText("Cooldown 1 day")).toBeInTheDocument();
    expect(within(row).getByText("High")).toBeInTheDocument();
    expect(within(row).getByText("Enabled")).toBeInTheDocument();
    expect(await within(row).findByText("2 h ago")).toBeInTheDocument();
    expect(await within(row).findByText("Every Blue Team Lead, alice")).toBeInTheDocument();
    // The recent firings, with what matched.
    const firings = screen.getByRole("table", { name: "Recent firings" });
    expect(within(firings).getByText("execution score 12.0 is below the threshold 40.0")).toBeInTheDocument();
    expect(within(within(firings).getByRole("list", { name: /What firing of/ })).getByText("Execution")).toBeInTheDocument();
  });

  it("shows everyone else the firings only: no rules asked for, no New rule, no Evaluate now", async () => {
    for (const role of ["viewer", "red_tech", "blue_tech"] as Role[]) {
      const calls = stub();
      const { unmount } = renderList(role);
      await screen.findByRole("table", { name: "Recent firings" });
      expect(calls.some((c) => c.path === "/api/v1/alert-rules")).toBe(false);
      expect(screen.queryByRole("button", { name: "New rule" })).toBeNull();
      expect(screen.queryByRole("button", { name: "Evaluate now" })).toBeNull();
      unmount();
    }
    stub();
    const { unmount } = renderList("red_lead");
    await screen.findByRole("button", { name: "New rule" });
    expect(screen.queryByRole("button", { name: "Evaluate now" })).toBeNull();
    unmount();
    stub();
    renderList("admin");
    await screen.findByRole("button", { name: "Evaluate now" });
  });

  it("creates a rule from the typed form, and shows the server's refusals next to the fields they name", async () => {
    const problem = {
      status: 422,
      title: "Unprocessable Entity",
      detail: "invalid",
      errors: [
        { field: "condition.threshold", code: "range", message: "a score threshold is 0 to 100" },
        { field: "recipients.users[1]", code: "unknown", message: "no user 0b000000-0000-4000-8000-00000000000b" },
      ],
    };
    const calls = stub({ "POST /api/v1/alert-rules": { status: 422, body: problem } });
    renderList("blue_lead");
    await userEvent.click(await screen.findByRole("button", { name: "New rule" }));
    const dialog = screen.getByRole("dialog", { name: "New alert rule" });
    const form = within(dialog);
    await userEvent.type(form.getByLabelText(/^Name/), "Execution is weak");
    await userEvent.selectOptions(form.getByLabelText(/^What to watch/), "tactic_score_below");
    const tactic = form.getByLabelText(/^Tactic/);
    await within(tactic).findByRole("option", { name: "Execution (TA0002)" });
    await userEvent.selectOptions(tactic, "execution");
    await userEvent.clear(form.getByLabelText(/^Score threshold/));
    await userEvent.type(form.getByLabelText(/^Score threshold/), "150");
    await userEvent.click(form.getByLabelText("Blue Team Lead"));
    const add = form.getByLabelText("Add a person");
    await within(add).findByRole("option", { name: /^bob/ });
    await userEvent.selectOptions(add, "bob");
    await userEvent.selectOptions(add, "alice");
    await userEvent.click(form.getByRole("button", { name: "Create rule" }));

    expect(await form.findByText("a score threshold is 0 to 100")).toHaveAttribute("id", "rule-threshold-error");
    expect(form.getByLabelText(/^Score threshold/)).toHaveAttribute("aria-invalid", "true");
    // users[1] in the server's order is bob (ids sorted): the message is on bob's row.
    const people = form.getAllByRole("listitem").filter((li) => li.hasAttribute("data-user"));
    expect(people.map((li) => li.getAttribute("data-user"))).toEqual([ALICE, BOB]);
    expect(within(people[1]!).getByText(/no user 0b000000/)).toBeInTheDocument();
    expect(within(people[0]!).queryByRole("alert")).toBeNull();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      name: "Execution is weak",
      description: "",
      severity: "medium",
      enabled: true,
      condition: { kind: "tactic_score_below", tactic: "execution", threshold: 150 },
      recipients: { roles: ["blue_lead"], users: [ALICE, BOB] },
      channels: [],
      cooldown_minutes: 1440,
    });
  });

  it("sends to the webhook channels ticked by name, and shows a channels[i] refusal next to the channel it names", async () => {
    const problem = {
      status: 422,
      title: "Unprocessable Entity",
      detail: "invalid",
      errors: [{ field: "channels[1]", code: "unknown", message: `no alert channel ${HOOK_B}` }],
    };
    const calls = stub({ "POST /api/v1/alert-rules": { status: 422, body: problem } });
    renderList("red_lead");
    await userEvent.click(await screen.findByRole("button", { name: "New rule" }));
    const form = within(screen.getByRole("dialog", { name: "New alert rule" }));
    await userEvent.type(form.getByLabelText(/^Name/), "Weak, to chat");
    await userEvent.click(form.getByLabelText("Red Team Lead"));
    const picker = form.getByRole("group", { name: "Webhook channels" });
    await userEvent.click(await within(picker).findByLabelText("ops"));
    await userEvent.click(within(picker).getByLabelText("soc"));
    await userEvent.click(form.getByRole("button", { name: "Create rule" }));

    // channels[1] in the server's order (ids sorted) is "ops", listed first on the form.
    const rows = within(picker).getAllByRole("listitem");
    expect(rows.map((li) => li.getAttribute("data-channel"))).toEqual([HOOK_B, HOOK_A]);
    expect(await within(rows[0]!).findByText(`no alert channel ${HOOK_B}`)).toHaveAttribute("id", `rule-channel-${HOOK_B}-error`);
    expect(within(rows[0]!).getByLabelText("ops")).toHaveAttribute("aria-invalid", "true");
    expect(within(rows[1]!).queryByRole("alert")).toBeNull();
    expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({ channels: [HOOK_A, HOOK_B], recipients: { roles: ["red_lead"], users: [] } });
  });

  it("opens the new rule's page once created", async () => {
    const calls = stub({ "POST /api/v1/alert-rules": { status: 201, body: { ...rule, id: "r2", name: "Everyone weak" } } });
    renderList("admin");
    await userEvent.click(await screen.findByRole("button", { name: "New rule" }));
    const form = within(screen.getByRole("dialog", { name: "New alert rule" }));
    await userEvent.type(form.getByLabelText(/^Name/), "Everyone weak");
    await userEvent.click(form.getByLabelText("Administrator"));
    await userEvent.click(form.getByRole("button", { name: "Create rule" }));
    expect(await screen.findByText("Rule page")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({ condition: { kind: "org_score_below", threshold: 50 }, recipients: { roles: ["admin"], users: [] } });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });
});
