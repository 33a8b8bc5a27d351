import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useLocation } from "react-router";
import type { Notification } from "@/api/types";
import { fakeApi, json, renderWithProviders, stubApi, type ApiCall } from "@/test/render";
import { NotificationBell } from "./NotificationBell";

afterEach(() => vi.unstubAllGlobals());
beforeEach(() => localStorage.clear());

describe("NotificationBell", () => {
  it("shows the unread count", async () => {
    vi.stubGlobal("fetch", vi.fn(stubApi({ "GET /api/v1/notifications/unread-count": { body: { count: 3 } } })));
    renderWithProviders(<NotificationBell />);
    expect(await screen.findByRole("button", { name: "Notifications, 3 unread" })).toBeInTheDocument();
    expect(screen.getByTestId("unread-count")).toHaveTextContent("3");
  });

  it("hides itself when the server has no notifications endpoint", async () => {
    const fetch = vi.fn(stubApi({}));
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<NotificationBell />);
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    await waitFor(() => expect(screen.queryByRole("button", { name: /notifications/i })).toBeNull());
    // No polling once the server said there is no such endpoint.
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

const note = (id: string, kind: string, minute: number, extra: Partial<Notification> = {}): Notification => ({
  id,
  kind,
  read: false,
  test_id: `t-${id}`,
  message: `${kind} ${id}`,
  user_id: "u",
  created_at: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
  ...extra,
});

/**
 * The notifications API as the server answers it: muted kinds neither listed nor counted, the
 * preferences replaced by PUT. Every call is recorded.
 */
function fakeServer(items: Notification[], { muted = [] as string[], preferences = true } = {}) {
  const state = { muted: [...muted] };
  const shown = () => items.filter((n) => !state.muted.includes(n.kind));
  const calls = fakeApi<{ muted_kinds: string[] }>(({ method, url, body }) => {
    switch (`${method} ${url.pathname}`) {
      case "GET /api/v1/notifications/unread-count":
        return json({ count: shown().filter((n) => !n.read).length });
      case "GET /api/v1/notifications":
        return json({ items: url.searchParams.get("unread") === "true" ? shown().filter((n) => !n.read) : shown() });
      case "GET /api/v1/notifications/preferences":
        if (preferences) return json({ muted_kinds: state.muted });
        break;
      case "PUT /api/v1/notifications/preferences":
        if (preferences) {
          state.muted = body.muted_kinds;
          return json({ muted_kinds: state.muted });
        }
        break;
      default:
        if (method === "POST" && url.pathname.endsWith("/read")) return json({});
    }
    return undefined;
  });
  return { calls, state };
}

const puts = (calls: ApiCall[]) => calls.filter((c) => c.method === "PUT" && c.url.pathname === "/api/v1/notifications/preferences").map((c) => c.body);

function Where() {
  const { pathname, hash } = useLocation();
  return <output data-testid="where">{pathname + hash}</output>;
}

async function openBell(unread: number) {
  await userEvent.click(await screen.findByRole("button", { name: `Notifications, ${unread} unread` }));
  return screen.getByRole("region", { name: "Notifications" });
}

describe("NotificationBell muting", () => {
  const items = [note("a", "action_required", 3), note("b", "action_required", 2), note("c", "evidence_uploaded", 1)];

  it("mutes a kind on the server, then shows the list and the count the server gives", async () => {
    // given three unread notifications of two kinds, none muted
    const { calls } = fakeServer(items);
    renderWithProviders(<NotificationBell />);
    const panel = await openBell(3);
    expect(await within(panel).findByRole("list", { name: "Actions required" })).toBeInTheDocument();
    expect(within(panel).getByText(/Actions required · 2/)).toBeInTheDocument();

    // when one kind is muted
    await userEvent.click(await within(panel).findByRole("button", { name: "Mute “Actions required”" }));

    // then the server is told, and the list and the count are its own, without that kind
    expect(puts(calls)).toEqual([{ muted_kinds: ["action_required"] }]);
    await waitFor(() => expect(within(panel).queryByRole("list", { name: "Actions required" })).toBeNull());
    expect(within(panel).getByRole("list", { name: "Evidence uploaded" })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("unread-count")).toHaveTextContent("1"));
    expect(calls.some((c) => c.url.pathname === "/api/v1/notifications" && c.url.search.includes("unread"))).toBe(false);
    expect(localStorage.length).toBe(0);

    // when it is unmuted, then what arrived meanwhile is listed and counted again
    await userEvent.click(within(panel).getByRole("button", { name: "Unmute “Actions required”" }));
    expect(puts(calls)).toEqual([{ muted_kinds: ["action_required"] }, { muted_kinds: [] }]);
    expect(await within(panel).findByRole("list", { name: "Actions required" })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("unread-count")).toHaveTextContent("3"));
  });

  it("keeps the kinds already muted when muting another, and lists them to unmute", async () => {
    // given a user who muted alert_fired earlier (possibly in another browser)
    const { calls } = fakeServer([...items, note("d", "alert_fired", 4)], { muted: ["alert_fired"] });
    renderWithProviders(<NotificationBell />);
    // then the count is the server's, and the muted kind is named but not listed
    const panel = await openBell(3);
    expect(await within(panel).findByRole("button", { name: "Unmute “Alerts fired”" })).toBeInTheDocument();
    expect(within(panel).queryByRole("list", { name: "Alerts fired" })).toBeNull();

    await userEvent.click(await within(panel).findByRole("button", { name: "Mute “Evidence uploaded”" }));
    expect(puts(calls)).toEqual([{ muted_kinds: ["alert_fired", "evidence_uploaded"] }]);
    await waitFor(() => expect(screen.getByTestId("unread-count")).toHaveTextContent("2"));
  });

  it("offers no mute when the preferences cannot be read", async () => {
    fakeServer(items, { preferences: false });
    renderWithProviders(<NotificationBell />);
    const panel = await openBell(3);
    expect(await within(panel).findByRole("list", { name: "Actions required" })).toBeInTheDocument();
    await waitFor(() => expect(within(panel).queryByRole("button", { name: /^Mute/ })).toBeNull());
  });
});

describe("NotificationBell kinds muted in this browser before the server kept them", () => {
  const items = [note("a", "action_required", 3), note("c", "evidence_uploaded", 1)];

  it("are moved to the server once, unknown kinds left out, and forgotten here", async () => {
    // given a browser list from the old mute and a server that has another kind muted
    localStorage.setItem("aegis.notifications.muted", '["evidence_uploaded","no_such_kind"]');
    const { calls } = fakeServer(items, { muted: ["alert_fired"] });
    renderWithProviders(<NotificationBell />);
    // then both are muted on the server, the count follows, and the browser's list is gone
    await waitFor(() => expect(puts(calls)).toEqual([{ muted_kinds: ["alert_fired", "evidence_uploaded"] }]));
    await waitFor(() => expect(localStorage.getItem("aegis.notifications.muted")).toBeNull());
    await waitFor(() => expect(screen.getByTestId("unread-count")).toHaveTextContent("1"));
  });

  it("are only forgotten when the server has them already", async () => {
    localStorage.setItem("aegis.notifications.muted", '["evidence_uploaded"]');
    const { calls } = fakeServer(items, { muted: ["evidence_uploaded"] });
    renderWithProviders(<NotificationBell />);
    await waitFor(() => expect(localStorage.getItem("aegis.notifications.muted")).toBeNull());
    expect(puts(calls)).toEqual([]);
  });

  it("are kept for another visit when the server cannot take them", async () => {
    localStorage.setItem("aegis.notifications.muted", '["evidence_uploaded"]');
    const { calls } = fakeServer(items, { preferences: false });
    renderWithProviders(<NotificationBell />);
    await screen.findByRole("button", { name: "Notifications, 2 unread" });
    await waitFor(() => expect(calls.some((c) => c.url.pathname === "/api/v1/notifications/preferences")).toBe(true));
    expect(localStorage.getItem("aegis.notifications.muted")).toBe('["evidence_uploaded"]');
    // no toast for a move the user did not ask for
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("are not asked about in a browser that holds none", async () => {
    const { calls } = fakeServer(items);
    renderWithProviders(<NotificationBell />);
    await screen.findByRole("button", { name: "Notifications, 2 unread" });
    expect(calls.some((c) => c.url.pathname === "/api/v1/notifications/preferences")).toBe(false);
  });
});

describe("NotificationBell links", () => {
  const items = [
    note("f", "alert_fired", 5, { test_id: null, rule_id: "r-1", message: "[high] Stuck: 1 test in review longer than 7 days" }),
    note("g", "alert_fired", 4, { test_id: null, message: "[high] Stuck: 1 tests in in_review longer than 7 days" }),
    note("r", "campaign_run", 3, { test_id: null, campaign_id: "c-1", message: 'Run 2 of campaign "Q3" started: your tests are ready.' }),
    note("s", "campaign_run", 2, { test_id: null, message: 'Run 1 of campaign "Q2" started: your tests are ready.' }),
  ];

  it("lead a firing to its rule's firings and a campaign run to its campaign, older ones to the lists", async () => {
    fakeServer(items);
    renderWithProviders(
      <>
        <NotificationBell />
        <Where />
      </>,
    );
    const panel = await openBell(4);
    const fired = within(await within(panel).findByRole("list", { name: "Alerts fired" })).getAllByRole("button");
    // both texts read the same, the older one reworded
    expect(fired.map((b) => b.textContent)).toEqual([expect.stringContaining("[high] Stuck: 1 test in review longer than 7 days"), expect.stringContaining("[high] Stuck: 1 test in review longer than 7 days")]);
    expect(fired.map((b) => b.getAttribute("data-href"))).toEqual(["/alert-rules/r-1#firings", "/alert-rules#firings"]);
    const runs = within(within(panel).getByRole("list", { name: "Campaign runs started" })).getAllByRole("button");
    expect(runs.map((b) => b.getAttribute("data-href"))).toEqual(["/campaigns/c-1", "/campaigns"]);

    await userEvent.click(fired[0]!);
    expect(screen.getByTestId("where")).toHaveTextContent("/alert-rules/r-1#firings");
    await userEvent.click(await screen.findByRole("button", { name: /^Notifications/ }));
    await userEvent.click(within(await within(screen.getByRole("region", { name: "Notifications" })).findByRole("list", { name: "Campaign runs started" })).getAllByRole("button")[0]!);
    expect(screen.getByTestId("where")).toHaveTextContent("/campaigns/c-1");
  });
});
