import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { SnapshotSummary } from "@/api/types";
import { renderWithProviders } from "@/test/render";
import SnapshotsPage from "./SnapshotsPage";

vi.mock("@/auth/session", () => ({
  useCurrentUser: () => ({ username: "lead", role: "red_lead", full_name: "Lead", active: true }),
}));

const snapshot = (n: number): SnapshotSummary => ({
  id: `00000000-0000-0000-0000-${String(n).padStart(12, "0")}`,
  domain: "enterprise-attack",
  taken_at: new Date(Date.UTC(2026, 0, n)).toISOString(),
  taken_by: null,
  trigger: "scheduled",
  org_score: n,
  counts: { validated: n },
});

describe("SnapshotsPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("pages the list with the server's cursor, newest first, and offers the loaded pages to compare", async () => {
    // 30 snapshots, newest (30) first: a first page of 25, then the rest after the cursor.
    const all = Array.from({ length: 30 }, (_, i) => snapshot(30 - i));
    const fetch = vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), "http://localhost");
      if (url.pathname === "/api/v1/snapshots") {
        const limit = Number(url.searchParams.get("limit"));
        const start = url.searchParams.get("cursor") === "page-2" ? 25 : 0;
        const items = all.slice(start, start + limit);
        const next = start + limit < all.length ? "page-2" : null;
        return Response.json({ items, next_cursor: next });
      }
      if (url.pathname === "/api/v1/snapshots/trend") return Response.json({ points: [] });
      if (url.pathname === "/api/v1/snapshots/compare") {
        return Response.json({ from: all[1], to: all[0], org_score_delta: 1, changes: [] });
      }
      return Response.json({ status: 404, title: "Not Found", detail: url.pathname }, { status: 404 });
    });
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<SnapshotsPage />);

    const table = await screen.findByRole("table", { name: "Snapshots" });
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(26));
    const firstCall = new URL(String(fetch.mock.calls.find(([u]) => String(u).includes("/api/v1/snapshots?"))![0]), "http://localhost");
    expect(firstCall.searchParams.get("limit")).toBe("25");
    expect(firstCall.searchParams.has("cursor")).toBe(false);
    expect(screen.getByText("25 snapshots loaded")).toBeInTheDocument();
    expect(within(screen.getByLabelText("From (earlier)")).getAllByRole("option")).toHaveLength(25);

    await userEvent.click(screen.getByRole("button", { name: "Load more" }));
    await screen.findByText("30 snapshots loaded");
    expect(within(table).getAllByRole("row")).toHaveLength(31);
    const rows = table.querySelectorAll("tr[data-snapshot]");
    expect(rows[0]).toHaveAttribute("data-snapshot", all[0]!.id);
    expect(rows[29]).toHaveAttribute("data-snapshot", all[29]!.id);
    expect(fetch.mock.calls.some(([u]) => new URL(String(u), "http://localhost").searchParams.get("cursor") === "page-2")).toBe(true);
    expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();
    // The pickers now hold the second page too.
    expect(within(screen.getByLabelText("From (earlier)")).getAllByRole("option")).toHaveLength(30);
  });
});
