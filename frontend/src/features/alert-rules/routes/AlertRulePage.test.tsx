import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import type { AlertDryRun, AlertEvent, AlertRule, Role } from "@/api/types";
import { renderWithProviders } from "@/test/render";
import AlertRulePage from "./AlertRulePage";

const session = vi.hoisted(() => ({ role: "viewer" as Role }));
vi.mock("@/auth/session", () => ({
  useCurrentUser: () => ({ username: "lead", role: session.role, full_name: "Lead", active: true }),
}));

const rule: AlertRule = {
  id: "r1",
  name: "Stuck in review",
  description: "",
  enabled: true,
  condition: { kind: "tests_stuck", state: "in_review", days: 7 },
  severity: "medium",
  recipients: { roles: ["red_lead", "blue_lead"], users: [] },
  channels: [],
  cooldown_minutes: 720,
  created_by: "lead",
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  version: 3,
};

const event: AlertEvent = {
  id: "e1",
  rule_id: "r1",
  rule_name: "Stuck in review",
  kind: "tests_stuck",
  severity: "medium",
  fired_at: "2026-02-01T10:00:00Z",
  summary: "1 tests in in_review longer than 7 days",
  matched: [{ subject: "t-42", detail: "Encoded PowerShell in in_review for 9 days" }],
  notified: 2,
  channels: [],
};

const dryRun: AlertDryRun = {
  holds: true,
  summary: "1 tests in in_review longer than 7 days",
  matched: [{ subject: "t-42", detail: "Encoded PowerShell in in_review for 9 days" }],
  would_fire: true,
  reason: null,
  recipients: 4,
};

type Answer = { status?: number; body?: unknown };
type Handler = Answer | ((count: number) => Answer);

/** The API by `METHOD path`; a handler may answer by how many times it was called before. */
function stub(routes: Record<string, Handler> = {}) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const json = (body: unknown, status = 200) =>
    new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json" } });
  const all: Record<string, Handler> = {
    "GET /api/v1/alert-rules/r1": { body: rule },
    "GET /api/v1/alert-rules/r1/events": { body: { items: [event] } },
    "GET /api/v1/users/directory": { body: { items: [] } },
    "GET /api/v1/tactics": { body: { items: [] } },
    ...routes,
  };
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), "http://localhost");
      const method = init?.method ?? "GET";
      const key = `${method} ${url.pathname}`;
      const before = calls.filter((c) => `${c.method} ${c.path}` === key).length;
      calls.push({ method, path: url.pathname, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      const h = all[key];
      if (!h) return json({ status: 404, title: "Not Found", detail: "no route" }, 404);
      const a = typeof h === "function" ? h(before) : h;
      return json(a.body ?? {}, a.status ?? 200);
    }),
  );
  return calls;
}

const count = (calls: { method: string; path: string }[], method: string, path: string) => calls.filter((c) => c.method === method && c.path === path).length;

function renderPage(role: Role, route = "/alert-rules/r1") {
  session.role = role;
  return renderWithProviders(
    <Routes>
      <Route path="/alert-rules/:ruleId" element={<AlertRulePage />} />
      <Route path="/alert-rules" element={<p>Rules list</p>} />
    </Routes>,
    { route },
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("AlertRulePage", () => {
  it("shows the rule in words and its firings with what matched, each test linked", async () => {
    stub();
    renderPage("red_lead");
    expect(await screen.findByRole("heading", { name: "Stuck in review", level: 1 })).toBeInTheDocument();
    const card = screen.getByRole("region", { name: "Rule" });
    expect(within(card).getByText("Tests in “In review” for more than 7 days")).toBeInTheDocument();
    expect(within(card).getByText("12 hours")).toBeInTheDocument();
    expect(within(within(card).getByRole("list", { name: "Recipients" })).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Every Red Team Lead",
      "Every Blue Team Lead",
    ]);
    const firings = await screen.findByRole("table", { name: "Firings of the rule" });
    expect(within(firings).getByRole("link", { name: "t-42" })).toHaveAttribute("href", "/tests/t-42");
    expect(within(firings).getByText("2 people")).toBeInTheDocument();
  });

  it("names the webhook channels the rule sends to, each linked to its channel", async () => {
    const hook = "1a000000-0000-4000-8000-0000000000a1";
    stub({
      "GET /api/v1/alert-rules/r1": { body: { ...rule, channels: [hook] } },
      "GET /api/v1/alert-channels": { body: { items: [{ id: hook, name: "SOC chat", url: "https://hooks.example.com/x", enabled: true, format: "slack", version: 1 }] } },
    });
    renderPage("blue_lead");
    const card = await screen.findByRole("region", { name: "Rule" });
    const channels = within(card).getByRole("list", { name: "Webhook channels" });
    expect(await within(channels).findByRole("link", { name: "SOC chat" })).toHaveAttribute("href", `/alert-channels/${hook}`);
  });

  it("runs a dry run and says whether it would fire, on what and to how many", async () => {
    const calls = stub({ "POST /api/v1/alert-rules/r1/test": { body: dryRun } });
    renderPage("blue_lead");
    await userEvent.click(await screen.findByRole("button", { name: "Dry run" }));
    const result = await screen.findByTestId("dry-run-result");
    expect(result).toHaveAttribute("data-would-fire", "true");
    expect(result).toHaveTextContent("Would fire now");
    expect(result).toHaveTextContent("4 people would be notified");
    expect(within(screen.getByRole("list", { name: "What the dry run matched" })).getByRole("link", { name: "t-42" })).toBeInTheDocument();
    expect(count(calls, "POST", "/api/v1/alert-rules/r1/test")).toBe(1);
  });

  it("says why a rule that holds would not fire", async () => {
    stub({ "POST /api/v1/alert-rules/r1/test": { body: { ...dryRun, would_fire: false, reason: "it already fired for this condition and the cooldown has not passed" } } });
    renderPage("blue_lead");
    await userEvent.click(await screen.findByRole("button", { name: "Dry run" }));
    expect(await screen.findByTestId("dry-run-result")).toHaveTextContent("Would not fire now: it already fired for this condition and the cooldown has not passed");
  });

  it("saves an edit on the version read; a 409 says so and starts the form over from the saved rule", async () => {
    const conflict = { status: 409, title: "Conflict", detail: "the rule is at version 4, not 3; reload it" };
    const calls = stub({
      "GET /api/v1/alert-rules/r1": (n) => ({ body: n === 0 ? rule : { ...rule, name: "Stuck in review (theirs)", version: 4 } }),
      "PATCH /api/v1/alert-rules/r1": { status: 409, body: conflict },
    });
    renderPage("admin");
    await userEvent.click(await screen.findByRole("button", { name: "Edit" }));
    const form = within(screen.getByRole("dialog"));
    const days = form.getByLabelText(/^For more than/);
    await userEvent.clear(days);
    await userEvent.type(days, "10");
    await userEvent.click(form.getByRole("button", { name: "Save rule" }));

    expect(await screen.findByText(/Someone changed this rule after you opened it/)).toBeInTheDocument();
    const dialog = within(await screen.findByRole("dialog", { name: "Edit “Stuck in review (theirs)”" }));
    expect(dialog.getByRole("status")).toHaveTextContent("changed by someone else while you edited it");
    expect(dialog.getByLabelText(/^Name/)).toHaveValue("Stuck in review (theirs)");
    expect(dialog.getByLabelText(/^For more than/)).toHaveValue(7);
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ version: 3, condition: { kind: "tests_stuck", state: "in_review", days: 10 } });
  });

  it("offers Evaluate now to admin only; a run holding the lease is explained", async () => {
    for (const role of ["red_lead", "blue_lead"] as Role[]) {
      stub();
      const { unmount } = renderPage(role);
      await screen.findByRole("button", { name: "Dry run" });
      expect(screen.queryByRole("button", { name: "Evaluate now" })).toBeNull();
      unmount();
    }
    const busy = { status: 409, title: "Conflict", detail: "an alert evaluation is already running (run 77)" };
    stub({ "POST /api/v1/system/jobs/alert-evaluation": { status: 409, body: busy } });
    renderPage("admin");
    await userEvent.click(await screen.findByRole("button", { name: "Evaluate now" }));
    const toast = await screen.findByRole("alert");
    expect(toast).toHaveAttribute("data-toast", "error");
    expect(toast).toHaveTextContent("An alert evaluation is already running (run 77). Its firings appear here when it ends; start another after that.");
  });

  it("follows a started evaluation until the job reports it, then reads the firings again", async () => {
    const calls = stub({
      "POST /api/v1/system/jobs/alert-evaluation": { status: 202, body: { run_id: "run-9" } },
      "GET /api/v1/system/scheduler-status": (n) => ({
        body: {
          catalogs: [],
          jobs: [
            {
              name: "alert-evaluation",
              description: "",
              schedule: "rate(1 hour)",
              last_run_id: n === 0 ? "run-8" : "run-9",
              last_status: "succeeded",
              last_run_at: "2026-02-01T10:00:00Z",
            },
          ],
        },
      }),
    });
    renderPage("admin");
    await screen.findByRole("table", { name: "Firings of the rule" });
    const before = count(calls, "GET", "/api/v1/alert-rules/r1/events");
    await userEvent.click(screen.getByRole("button", { name: "Evaluate now" }));
    await waitFor(() => expect(screen.getByTestId("evaluation-status")).toHaveAttribute("data-state", "succeeded"), { timeout: 5000 });
    await waitFor(() => expect(count(calls, "GET", "/api/v1/alert-rules/r1/events")).toBeGreaterThan(before));
    expect(await screen.findByText("Evaluation finished: the firings and notifications are up to date")).toBeInTheDocument();
  });

  it("shows everyone else the rule's firings only, without asking for the rule", async () => {
    const calls = stub();
    renderPage("viewer");
    expect(await screen.findByRole("heading", { name: "Stuck in review", level: 1 })).toBeInTheDocument();
    await screen.findByRole("table", { name: "Firings of the rule" });
    expect(count(calls, "GET", "/api/v1/alert-rules/r1")).toBe(0);
    for (const name of ["Edit", "Delete", "Dry run", "Evaluate now"]) expect(screen.queryByRole("button", { name })).toBeNull();
  });

  it("brings the firings into focus for an alert notification's link (#firings)", async () => {
    // given the address an alert_fired notification leads to
    stub();
    renderPage("viewer", "/alert-rules/r1#firings");
    // when the firings are shown, then the card is where the reader lands
    await screen.findByRole("table", { name: "Firings of the rule" });
    await waitFor(() => expect(screen.getByRole("region", { name: "Firings" })).toHaveFocus());
  });

  it("deletes after the confirm dialog and returns to the list", async () => {
    const calls = stub({ "DELETE /api/v1/alert-rules/r1": { status: 204 } });
    renderPage("red_lead");
    await userEvent.click(await screen.findByRole("button", { name: "Delete" }));
    const ask = screen.getByRole("alertdialog", { name: "Delete “Stuck in review”?" });
    await userEvent.click(within(ask).getByRole("button", { name: "Delete rule" }));
    expect(await screen.findByText("Rules list")).toBeInTheDocument();
    expect(count(calls, "DELETE", "/api/v1/alert-rules/r1")).toBe(1);
  });
});
