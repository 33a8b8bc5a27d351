import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { IntelChanges, Role } from "@/api/types";
import { renderWithProviders } from "@/test/render";
import { IntelChangesCard } from "./IntelChangesCard";

const session = vi.hoisted(() => ({ role: "admin" as Role }));
vi.mock("@/auth/session", () => ({
  useCurrentUser: () => ({ username: "admin", role: session.role, full_name: "Admin", active: true }),
}));

const changes: IntelChanges = {
  from_release: "1.1",
  to_release: "1.2",
  scanned_at: new Date(Date.now() - 3 * 3600_000).toISOString(),
  tracked: ["G0016", "G0007"],
  // Deliberately not in the view's order: the screen orders them itself too.
  actors: [
    {
      actor: "G0046",
      name: "FIN7",
      tracked: false,
      gained: [{ technique: "T1005", name: "Data from Local System", status: "not_covered" }],
      lost: [],
      uncovered_gains: 1,
    },
    {
      actor: "G0016",
      name: "APT29",
      tracked: true,
      gained: [
        { technique: "T1059.001", name: "PowerShell", status: "validated" },
        { technique: "T1003", name: "OS Credential Dumping", status: "not_covered" },
      ],
      lost: [{ technique: "T1004", name: "Winlogon Helper DLL", status: "partial" }],
      uncovered_gains: 1,
    },
  ],
};

type Call = { method: string; url: URL };

function stub(scheduler: (n: number) => unknown = () => ({ catalogs: [], jobs: [] })) {
  const calls: Call[] = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), "http://localhost");
      const method = init?.method ?? "GET";
      const before = calls.filter((c) => c.method === method && c.url.pathname === url.pathname).length;
      calls.push({ method, url });
      if (url.pathname === "/api/v1/intel/changes") {
        const trackedOnly = url.searchParams.get("tracked_only") === "true";
        return json({ ...changes, actors: changes.actors.filter((a) => !trackedOnly || a.tracked) });
      }
      if (method === "POST" && url.pathname === "/api/v1/system/jobs/intel-scan") return json({ run_id: "scan-2" }, 202);
      if (url.pathname === "/api/v1/system/scheduler-status") return json(scheduler(before));
      return json({ status: 404, title: "Not Found", detail: "no route" }, 404);
    }),
  );
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe("IntelChangesCard", () => {
  it("shows what the release changed for each actor, tracked ones first, each technique linked with our coverage", async () => {
    stub();
    renderWithProviders(<IntelChangesCard />);
    const card = await screen.findByRole("region", { name: "What changed for our actors" });
    expect(await within(card).findByTestId("intel-releases")).toHaveTextContent("ATT&CK 1.1 → 1.2");
    expect(card).toHaveTextContent("scanned 3 h ago");
    expect(card).toHaveTextContent("2 threat actors changed; 2 gained techniques not validated, 1 of them by tracked actors.");
    const actors = within(card).getByRole("list", { name: "Threat actors changed by the release" });
    const items = [...actors.querySelectorAll<HTMLElement>("li[data-actor]")];
    expect(items.map((li) => li.dataset.actor)).toEqual(["G0016", "G0046"]);
    const apt29 = items[0]!;
    expect(within(apt29).getByText("Tracked")).toBeInTheDocument();
    expect(within(apt29).getByText("gained 2, lost 1")).toBeInTheDocument();
    expect(within(apt29).getByText("1 not validated")).toBeInTheDocument();
    const gained = within(apt29).getByRole("list", { name: "Techniques APT29 gained" });
    const rows = within(gained).getAllByRole("listitem");
    // The gain we do not cover first.
    expect(rows.map((r) => r.dataset.technique)).toEqual(["T1003", "T1059.001"]);
    expect(within(rows[0]!).getByRole("link", { name: "T1003 OS Credential Dumping" })).toHaveAttribute("href", "/techniques/T1003");
    expect(within(rows[0]!).getByText("Not covered")).toBeInTheDocument();
    expect(within(rows[1]!).getByText("Validated")).toBeInTheDocument();
    const lost = within(apt29).getByRole("list", { name: "Techniques APT29 lost" });
    expect(within(lost).getByRole("link", { name: "T1004 Winlogon Helper DLL" })).toHaveAttribute("href", "/techniques/T1004");
    expect(within(lost).getByText("Partial")).toBeInTheDocument();
    // The tracked actor the release did not change.
    expect(within(card).getByRole("link", { name: "G0007" })).toHaveAttribute("href", "/threat-actors/G0007");
  });

  it("asks for the tracked actors only when told", async () => {
    const calls = stub();
    renderWithProviders(<IntelChangesCard />);
    const card = await screen.findByRole("region", { name: "What changed for our actors" });
    await within(card).findByText("FIN7");
    await userEvent.click(within(card).getByLabelText("Tracked only"));
    await waitFor(() => expect(within(card).queryByText("FIN7")).toBeNull());
    expect(within(card).getByText("APT29")).toBeInTheDocument();
    expect(calls.filter((c) => c.url.pathname === "/api/v1/intel/changes").at(-1)!.url.searchParams.get("tracked_only")).toBe("true");
  });

  it("lets an admin scan now and reads the changes again when the scan reports", async () => {
    const job = (id: string) => ({ name: "intel-scan", description: "", schedule: "after each MITRE sync", last_run_id: id, last_status: "succeeded", last_run_at: "2026-02-01T10:00:00Z" });
    const calls = stub((n) => ({ catalogs: [], jobs: [job(n === 0 ? "scan-1" : "scan-2")] }));
    renderWithProviders(<IntelChangesCard />);
    await screen.findByText("FIN7");
    const reads = () => calls.filter((c) => c.url.pathname === "/api/v1/intel/changes").length;
    const before = reads();
    await userEvent.click(screen.getByRole("button", { name: "Scan now" }));
    expect(await screen.findByText("Intel scan started")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("intel-scan-status")).toHaveAttribute("data-state", "succeeded"), { timeout: 5000 });
    await waitFor(() => expect(reads()).toBeGreaterThan(before));
    expect(calls.filter((c) => c.method === "POST").map((c) => c.url.pathname)).toEqual(["/api/v1/system/jobs/intel-scan"]);
  });

  it("offers no Scan now to anyone but an admin, and says when no scan has run", async () => {
    session.role = "blue_lead";
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify({ from_release: null, to_release: null, scanned_at: null, tracked: [], actors: [] }), { headers: { "content-type": "application/json" } })),
    );
    renderWithProviders(<IntelChangesCard />);
    expect(await screen.findByText("No intel scan yet")).toBeInTheDocument();
    expect(screen.getByText("It runs after the next MITRE sync.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Scan now" })).toBeNull();
    session.role = "admin";
  });
});
