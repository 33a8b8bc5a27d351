import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import type { AlertChannel, Delivery, Role } from "@/api/types";
import { renderWithProviders } from "@/test/render";
import AlertChannelPage from "./AlertChannelPage";
import AlertChannelsPage from "./AlertChannelsPage";

const session = vi.hoisted(() => ({ role: "admin" as Role }));
vi.mock("@/auth/session", () => ({
  useCurrentUser: () => ({ username: "admin", role: session.role, full_name: "Admin", active: true }),
}));

const ID = "5c000000-0000-4000-8000-0000000000c5";
const OTHER = "6d000000-0000-4000-8000-0000000000d6";

const channel: AlertChannel = {
  id: ID,
  name: "SOC receiver",
  url: "https://hooks.example.com/aegis",
  format: "json",
  enabled: true,
  secret_id: `aegis/alert-channels/${ID}`,
  created_by: "0a000000-0000-4000-8000-00000000000a",
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  version: 2,
  health: { delivered: 0, failed: 0, consecutive_failures: 0 },
};

const failing: AlertChannel = {
  ...channel,
  id: OTHER,
  name: "Team chat",
  url: "https://chat.example.com/hooks/T0/B0/secretpath",
  format: "slack",
  health: {
    delivered: 12,
    failed: 3,
    consecutive_failures: 3,
    last_state: "failed",
    last_delivery_at: new Date(Date.now() - 5 * 60_000).toISOString(),
    last_error: "the receiver answered 410 Gone",
  },
};

const failedTest: Delivery = {
  id: "d-1",
  channel_id: ID,
  summary: "test message sent by admin",
  state: "failed",
  attempts: 4,
  status_code: 503,
  error: "the receiver answered 503 Service Unavailable",
  created_at: "2026-02-01T10:00:00Z",
  finished_at: "2026-02-01T10:00:09Z",
};

type Answer = { status?: number; body?: unknown };
type Handler = Answer | ((count: number) => Answer);
type Call = { method: string; path: string; body: unknown };

/** The API by `METHOD path`; a handler may answer by how many times it was called before. */
function stub(routes: Record<string, Handler> = {}) {
  const calls: Call[] = [];
  const json = (body: unknown, status = 200) =>
    new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json" } });
  const all: Record<string, Handler> = {
    "GET /api/v1/alert-channels": { body: { items: [channel, failing] } },
    [`GET /api/v1/alert-channels/${ID}`]: { body: channel },
    [`GET /api/v1/alert-channels/${ID}/deliveries`]: { body: { items: [] } },
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

const count = (calls: Call[], method: string, path: string) => calls.filter((c) => c.method === method && c.path === path).length;

function renderAt(route: string, role: Role = "admin") {
  session.role = role;
  return renderWithProviders(
    <Routes>
      <Route path="/alert-channels" element={<AlertChannelsPage />} />
      <Route path="/alert-channels/:channelId" element={<AlertChannelPage />} />
    </Routes>,
    { route },
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("AlertChannelsPage", () => {
  it("lists each channel's health, the last error of a failing one where it cannot be missed, and how to verify a delivery", async () => {
    stub();
    renderAt("/alert-channels");
    const table = await screen.findByRole("table", { name: "Webhook channels" });
    const quiet = within(table).getByRole("link", { name: "SOC receiver" }).closest("tr")!;
    expect(within(quiet).getByText("No deliveries yet")).toBeInTheDocument();
    expect(within(quiet).getByText("Never")).toBeInTheDocument();
    const row = within(table).getByRole("link", { name: "Team chat" }).closest("tr")!;
    expect(within(row).getByText("Failing: 3 in a row")).toBeInTheDocument();
    expect(within(row).getByText("12 delivered · 3 failed · 3 failures in a row")).toBeInTheDocument();
    expect(within(row).getByTestId("channel-last-error")).toHaveTextContent("Last errorthe receiver answered 410 Gone");
    expect(within(row).getByText("5 min ago")).toBeInTheDocument();
    // Only the host: the path of a chat webhook is its credential.
    expect(within(row).getByText("chat.example.com")).toBeInTheDocument();
    expect(within(row).queryByText(/secretpath/)).toBeNull();
    const help = screen.getByRole("region", { name: "Verifying a delivery" });
    for (const header of ["X-Aegis-Delivery", "X-Aegis-Timestamp", "X-Aegis-Signature"]) expect(within(help).getByText(header)).toBeInTheDocument();
    expect(help).toHaveTextContent("HMAC-SHA256 with the channel's secret over <timestamp>.<raw body>");
  });

  it("lets a lead read the channels but not create one", async () => {
    stub();
    renderAt("/alert-channels", "blue_lead");
    await screen.findByRole("table", { name: "Webhook channels" });
    expect(screen.queryByRole("button", { name: "New channel" })).toBeNull();
  });

  it("shows a refused URL under its field, then the created channel's secret once, and opens the channel", async () => {
    const refused = {
      status: 422,
      title: "Unprocessable Entity",
      detail: "url: 10.0.0.5 is not a public address",
      errors: [{ field: "url", code: "private_address", message: "10.0.0.5 is not a public address" }],
    };
    const calls = stub({
      "POST /api/v1/alert-channels": (n) => (n === 0 ? { status: 422, body: refused } : { status: 201, body: { channel, secret: "whsec_0123456789abcdef" } }),
    });
    renderAt("/alert-channels");
    await userEvent.click(await screen.findByRole("button", { name: "New channel" }));
    const dialog = within(screen.getByRole("dialog", { name: "New webhook channel" }));
    await userEvent.type(dialog.getByLabelText(/^Name/), "SOC receiver");
    await userEvent.type(dialog.getByLabelText(/^URL/), "https://10.0.0.5/hook");
    await userEvent.click(dialog.getByRole("button", { name: "Create channel" }));

    const error = await dialog.findByText(/^10\.0\.0\.5 is not a public address\./);
    expect(error).toHaveAttribute("id", "channel-url-error");
    expect(error).toHaveTextContent("may reach public addresses only");
    expect(dialog.getByLabelText(/^URL/)).toHaveAttribute("aria-invalid", "true");
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ name: "SOC receiver", url: "https://10.0.0.5/hook", format: "json", enabled: true });

    await userEvent.clear(dialog.getByLabelText(/^URL/));
    await userEvent.type(dialog.getByLabelText(/^URL/), "https://hooks.example.com/aegis");
    await userEvent.click(dialog.getByRole("radio", { name: "Slack-compatible" }));
    await userEvent.click(dialog.getByRole("button", { name: "Create channel" }));

    const secretDialog = await screen.findByRole("dialog", { name: "Channel “SOC receiver” created" });
    expect(within(secretDialog).getByTestId("channel-secret")).toHaveTextContent("whsec_0123456789abcdef");
    expect(within(secretDialog).getByRole("note")).toHaveTextContent("it will not be shown again");
    expect(within(secretDialog).getByRole("button", { name: "Copy secret" })).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "POST")[1]?.body).toMatchObject({ url: "https://hooks.example.com/aegis", format: "slack" });

    await userEvent.click(within(secretDialog).getByRole("button", { name: "Done" }));
    expect(await screen.findByRole("heading", { name: "SOC receiver", level: 1 })).toBeInTheDocument();
    // Gone once the dialog is closed: nothing on the channel's page shows it.
    expect(screen.queryByText("whsec_0123456789abcdef")).toBeNull();
  });
});

describe("AlertChannelPage", () => {
  it("sends a test message and shows how it went; the channel's health and deliveries are read again", async () => {
    const failed = { ...channel, health: { delivered: 0, failed: 1, consecutive_failures: 1, last_state: "failed", last_delivery_at: failedTest.finished_at, last_error: failedTest.error } };
    const calls = stub({
      [`POST /api/v1/alert-channels/${ID}/test`]: { body: failedTest },
      [`GET /api/v1/alert-channels/${ID}`]: (n) => ({ body: n === 0 ? channel : failed }),
      [`GET /api/v1/alert-channels/${ID}/deliveries`]: (n) => ({ body: { items: n === 0 ? [] : [failedTest] } }),
    });
    renderAt(`/alert-channels/${ID}`);
    await screen.findByText("Nothing sent yet");
    await userEvent.click(screen.getByRole("button", { name: "Send test" }));

    const result = await screen.findByTestId("test-result");
    expect(result).toHaveAttribute("data-state", "failed");
    expect(result).toHaveTextContent("Test message not delivered");
    expect(result).toHaveTextContent("Failed after 4 attempts (HTTP 503)");
    expect(result).toHaveTextContent("the receiver answered 503 Service Unavailable");
    const health = screen.getByRole("region", { name: "Health" });
    expect(await within(health).findByTestId("channel-last-error")).toHaveTextContent("the receiver answered 503 Service Unavailable");
    const row = (await screen.findByRole("table", { name: "Deliveries" })).querySelector('tr[data-delivery="d-1"]')!;
    expect(within(row as HTMLElement).getByText("Test message")).toBeInTheDocument();
    expect(within(row as HTMLElement).getByText("Failed")).toBeInTheDocument();
    expect(count(calls, "POST", `/api/v1/alert-channels/${ID}/test`)).toBe(1);
  });

  it("rotates the secret after asking, and shows the new one once", async () => {
    const calls = stub({ [`POST /api/v1/alert-channels/${ID}/rotate-secret`]: { body: { channel: { ...channel, version: 3 }, secret: "whsec_new" } } });
    renderAt(`/alert-channels/${ID}`);
    await userEvent.click(await screen.findByRole("button", { name: "Rotate secret" }));
    const ask = screen.getByRole("alertdialog", { name: "Rotate the signing secret of “SOC receiver”?" });
    expect(count(calls, "POST", `/api/v1/alert-channels/${ID}/rotate-secret`)).toBe(0);
    await userEvent.click(within(ask).getByRole("button", { name: "Rotate secret" }));
    const shown = await screen.findByRole("dialog", { name: "New signing secret of “SOC receiver”" });
    expect(within(shown).getByTestId("channel-secret")).toHaveTextContent("whsec_new");
    expect(within(shown).getByRole("note")).toHaveTextContent("it will not be shown again");
    await userEvent.click(within(shown).getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByText("whsec_new")).toBeNull());
  });

  it("says which rules still send to a channel it could not delete", async () => {
    const inUse = { status: 409, title: "Conflict", detail: "alert rules `Execution is weak`, `Stuck tests` send to this channel: remove it from them first" };
    stub({ [`DELETE /api/v1/alert-channels/${ID}`]: { status: 409, body: inUse } });
    renderAt(`/alert-channels/${ID}`);
    await userEvent.click(await screen.findByRole("button", { name: "Delete" }));
    await userEvent.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Delete channel" }));
    const toast = await screen.findByRole("alert");
    expect(toast).toHaveAttribute("data-toast", "error");
    expect(toast).toHaveTextContent("Alert rules `Execution is weak`, `Stuck tests` send to this channel: remove it from them first.");
    expect(screen.getByRole("heading", { name: "SOC receiver", level: 1 })).toBeInTheDocument();
  });

  it("saves an edit on the version read; a 409 says so and starts the form over from the saved channel", async () => {
    const conflict = { status: 409, title: "Conflict", detail: "the channel is at version 3, not 2; reload it" };
    const calls = stub({
      [`GET /api/v1/alert-channels/${ID}`]: (n) => ({ body: n === 0 ? channel : { ...channel, name: "SOC receiver (theirs)", version: 3 } }),
      [`PATCH /api/v1/alert-channels/${ID}`]: { status: 409, body: conflict },
    });
    renderAt(`/alert-channels/${ID}`);
    await userEvent.click(await screen.findByRole("button", { name: "Edit" }));
    const form = within(screen.getByRole("dialog"));
    await userEvent.click(form.getByLabelText("Enabled"));
    await userEvent.click(form.getByRole("button", { name: "Save channel" }));

    expect(await screen.findByText(/Someone changed this channel after you opened it/)).toBeInTheDocument();
    const dialog = within(await screen.findByRole("dialog", { name: "Edit “SOC receiver (theirs)”" }));
    expect(dialog.getByRole("status")).toHaveTextContent("changed by someone else while you edited it");
    expect(dialog.getByLabelText("Enabled")).toBeChecked();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ version: 2, enabled: false });
  });

  it("shows a lead the health and deliveries without the admin's actions", async () => {
    stub();
    renderAt(`/alert-channels/${ID}`, "red_lead");
    await screen.findByRole("heading", { name: "SOC receiver", level: 1 });
    for (const name of ["Send test", "Edit", "Rotate secret", "Delete"]) expect(screen.queryByRole("button", { name })).toBeNull();
    expect(screen.getByRole("region", { name: "Deliveries" })).toBeInTheDocument();
  });
});
