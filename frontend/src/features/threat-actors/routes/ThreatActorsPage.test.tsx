import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ActorSummary, IntelChanges, Role } from "@/api/types";
import { Route, Routes } from "react-router";
import { fakeApi, json, renderWithProviders } from "@/test/render";
import ThreatActorDetailPage from "./ThreatActorDetailPage";
import ThreatActorsPage from "./ThreatActorsPage";

const session = vi.hoisted(() => ({ role: "viewer" as Role }));
vi.mock("@/auth/session", () => ({
  useCurrentUser: () => ({ username: "lead", role: session.role, full_name: "Lead", active: true }),
}));

const actor = (id: string, name: string, tracked: boolean): ActorSummary => ({
  attack_id: id,
  name,
  aliases: [],
  custom: false,
  deprecated: false,
  description: `${name} is a threat group.`,
  revoked: false,
  technique_count: 12,
  tracked,
});

const apt29 = actor("G0016", "APT29", true);
const fin7 = actor("G0046", "FIN7", false);

/** What the latest release changed: APT29 (tracked) and FIN7 each gained a technique. */
const changes: IntelChanges = {
  from_release: "1.1",
  to_release: "1.2",
  scanned_at: new Date(Date.now() - 3600_000).toISOString(),
  tracked: ["G0016"],
  actors: [
    { actor: "G0016", name: "APT29", tracked: true, gained: [{ technique: "T1003", name: "OS Credential Dumping", status: "not_covered" }], lost: [], uncovered_gains: 1 },
    { actor: "G0046", name: "FIN7", tracked: false, gained: [{ technique: "T1005", name: "Data from Local System", status: "validated" }], lost: [], uncovered_gains: 0 },
  ],
};

/** The API: the actors (only the tracked ones for `?tracked=true`), tracking answered as asked. */
function stub() {
  const tracked = new Set(["G0016"]);
  return fakeApi<{ tracked: boolean }>(({ method, url, body }) => {
    const all = [apt29, fin7].map((a) => ({ ...a, tracked: tracked.has(a.attack_id) }));
    if (method === "GET" && url.pathname === "/api/v1/threat-actors") {
      return json({ items: url.searchParams.get("tracked") === "true" ? all.filter((a) => a.tracked) : all });
    }
    const put = /^\/api\/v1\/threat-actors\/(G\d+)\/tracked$/.exec(url.pathname);
    if (method === "PUT" && put) {
      if (body.tracked) tracked.add(put[1]!);
      else tracked.delete(put[1]!);
      return json({ attack_id: put[1], tracked: body.tracked });
    }
    if (method === "GET" && url.pathname === "/api/v1/threat-actors/G0016") {
      return json({ ...all[0]!, domain: "enterprise-attack", technique_ids: [], techniques: [] });
    }
    if (url.pathname === "/api/v1/heatmap") return json({ tactics: [] });
    if (method === "GET" && url.pathname === "/api/v1/intel/changes") {
      const trackedOnly = url.searchParams.get("tracked_only") === "true";
      return json({ ...changes, actors: changes.actors.filter((a) => !trackedOnly || a.tracked) });
    }
    return undefined;
  });
}

afterEach(() => vi.unstubAllGlobals());

const card = (id: string) => document.querySelector<HTMLElement>(`li[data-actor="${id}"]`)!;

describe("ThreatActorsPage", () => {
  it("marks tracked actors, and lets a lead track one from the list", async () => {
    session.role = "blue_lead";
    const calls = stub();
    renderWithProviders(<ThreatActorsPage />, { route: "/threat-actors" });
    await screen.findByText("FIN7");
    expect(within(card("G0016")).getByText("Tracked")).toBeInTheDocument();
    expect(within(card("G0046")).queryByText("Tracked")).toBeNull();

    await userEvent.click(within(card("G0046")).getByRole("button", { name: "Track FIN7" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PUT")).toBe(true));
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.url.pathname).toBe("/api/v1/threat-actors/G0046/tracked");
    expect(put.body).toEqual({ tracked: true });
    expect(await screen.findByText("Tracking FIN7")).toBeInTheDocument();
    // The list is read again and now marks it.
    expect(await within(card("G0046")).findByText("Tracked")).toBeInTheDocument();
    expect(within(card("G0046")).getByRole("button", { name: "Untrack FIN7" })).toBeInTheDocument();
  });

  it("filters to the tracked actors with ?tracked=true", async () => {
    session.role = "viewer";
    const calls = stub();
    renderWithProviders(<ThreatActorsPage />, { route: "/threat-actors" });
    await screen.findByText("FIN7");
    await userEvent.click(screen.getByLabelText("Tracked only"));
    await waitFor(() => expect(screen.queryByText("FIN7")).toBeNull());
    expect(screen.getByText("APT29")).toBeInTheDocument();
    expect(calls.at(-1)!.url.searchParams.get("tracked")).toBe("true");
    // A viewer reads the marks but does not track.
    expect(screen.queryByRole("button", { name: /Track|Untrack/ })).toBeNull();
  });

  it("reads the filter from the address", async () => {
    session.role = "viewer";
    const calls = stub();
    renderWithProviders(<ThreatActorsPage />, { route: "/threat-actors?tracked=true" });
    await screen.findByText("APT29");
    expect(screen.getByLabelText("Tracked only")).toBeChecked();
    expect(calls.every((c) => c.url.pathname !== "/api/v1/threat-actors" || c.url.searchParams.get("tracked") === "true")).toBe(true);
  });

  it("shows a viewer what the latest release changed for actors, folded until asked, without Scan now", async () => {
    // Given a viewer on the actors page
    session.role = "viewer";
    const calls = stub();
    renderWithProviders(<ThreatActorsPage />, { route: "/threat-actors" });
    await screen.findByText("FIN7");
    const intelReads = () => calls.filter((c) => c.url.pathname === "/api/v1/intel/changes");
    expect(screen.queryByRole("region", { name: "What changed for our actors" })).toBeNull();
    expect(intelReads()).toHaveLength(0);
    // When the section is unfolded
    const toggle = screen.getByRole("button", { name: "Show what changed for our actors" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(toggle);
    // Then the intel card shows each actor's gains, with no Scan now and no filter of its own
    const intel = await screen.findByRole("region", { name: "What changed for our actors" });
    expect(await within(intel).findByTestId("intel-releases")).toHaveTextContent("ATT&CK 1.1 → 1.2");
    const changed = within(intel).getByRole("list", { name: "Threat actors changed by the release" });
    expect([...changed.querySelectorAll<HTMLElement>("li[data-actor]")].map((li) => li.dataset.actor)).toEqual(["G0016", "G0046"]);
    expect(within(intel).getByRole("link", { name: "T1003 OS Credential Dumping" })).toHaveAttribute("href", "/techniques/T1003");
    expect(screen.queryByRole("button", { name: "Scan now" })).toBeNull();
    expect(within(intel).queryByLabelText("Tracked only")).toBeNull();
    expect(screen.getByRole("button", { name: "Hide what changed for our actors" })).toHaveAttribute("aria-expanded", "true");
    // And the page's tracked-only filter narrows the card too
    await userEvent.click(screen.getByLabelText("Tracked only"));
    await waitFor(() => expect(intelReads().at(-1)!.url.searchParams.get("tracked_only")).toBe("true"));
    expect(await within(intel).findByRole("link", { name: "G0016 APT29" })).toBeInTheDocument();
    expect(within(intel).queryByRole("link", { name: "G0046 FIN7" })).toBeNull();
  });

  it("offers an admin Scan now on the actors page", async () => {
    session.role = "admin";
    stub();
    renderWithProviders(<ThreatActorsPage />, { route: "/threat-actors" });
    await userEvent.click(await screen.findByRole("button", { name: "Show what changed for our actors" }));
    const intel = await screen.findByRole("region", { name: "What changed for our actors" });
    expect(within(intel).getByRole("button", { name: "Scan now" })).toBeInTheDocument();
  });
});

describe("ThreatActorDetailPage", () => {
  it("shows the Tracked badge and lets an admin untrack the actor", async () => {
    session.role = "admin";
    const calls = stub();
    renderWithProviders(
      <Routes>
        <Route path="/threat-actors/:actorId" element={<ThreatActorDetailPage />} />
      </Routes>,
      { route: "/threat-actors/G0016" },
    );
    await screen.findByRole("heading", { level: 1, name: /APT29/ });
    expect(screen.getByText("Tracked")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Untrack APT29" }));
    expect(await screen.findByText("Stopped tracking APT29")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ tracked: false });
    await waitFor(() => expect(screen.queryByText("Tracked")).toBeNull());
    expect(screen.getByRole("button", { name: "Track APT29" })).toBeInTheDocument();
  });
});
