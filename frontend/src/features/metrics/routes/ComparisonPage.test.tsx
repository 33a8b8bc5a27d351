import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Comparison, SnapshotSummary } from "@/api/types";
import { renderWithProviders } from "@/test/render";
import { breakdown, fullMetrics } from "../fixture";
import ComparisonPage from "./ComparisonPage";

const snapshot = (id: string, day: number, score: number): SnapshotSummary => ({
  id,
  domain: "enterprise-attack",
  taken_at: new Date(Date.UTC(2026, 2, day)).toISOString(),
  taken_by: null,
  trigger: "manual",
  org_score: score,
  counts: {},
});

const snapshots = [snapshot("s3", 3, 48), snapshot("s2", 2, 45.5), snapshot("s1", 1, 40)];

const comparison: Comparison = {
  from: snapshots[1]!,
  to: snapshots[0]!,
  org_score_delta: 2.5,
  changes: [{ attack_id: "T1059", from_status: "partial", to_status: "validated", from_score: 40, to_score: 70, score_delta: 30 }],
  by_tactic: [{ key: "execution", name: "Execution", techniques: 4, from_validated: 1, to_validated: 2, from_score: 30, to_score: 37.5, score_delta: 7.5 }],
  by_actor: [
    { key: "G0007", name: "APT28", techniques: 10, from_validated: 3, to_validated: 3, from_score: 50, to_score: 49, score_delta: -1 },
    { key: "G0016", name: "APT29", techniques: 8, from_validated: 1, to_validated: 4, from_score: 20, to_score: 45, score_delta: 25 },
  ],
};

/** Period A (before) has slower detection and fewer tactics than period B. */
const periodA = fullMetrics({ by_tactic: [breakdown("execution", "", { mttd: { median_secs: 3600, mean_secs: 3600, n: 2 } })] });
const periodB = fullMetrics({
  mttd: { overall: { median_secs: 240, mean_secs: 240, n: 6 }, by_layer: {}, excluded: 0 },
  detection_efficacy: { part: 9, whole: 10, pct: 90 },
  by_tactic: [breakdown("execution", "", { mttd: { median_secs: 600, mean_secs: 600, n: 2 } }), breakdown("persistence", "")],
});

function serve() {
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), "http://localhost");
    if (url.pathname === "/api/v1/metrics/operational") {
      // Period A is the one that starts in 2025.
      return Response.json(url.searchParams.get("from")?.startsWith("2025") ? periodA : periodB);
    }
    if (url.pathname === "/api/v1/tactics") return Response.json({ items: [] });
    if (url.pathname === "/api/v1/snapshots") return Response.json({ items: snapshots, next_cursor: null });
    if (url.pathname === "/api/v1/snapshots/compare") return Response.json(comparison);
    return Response.json({ status: 404, title: "Not Found", detail: url.pathname }, { status: 404 });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

describe("ComparisonPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("puts two periods side by side with each change in words and colour", async () => {
    const fetch = serve();
    renderWithProviders(<ComparisonPage />, { route: "/comparison?a_from=2025-10-01&a_to=2025-12-31&b_from=2026-01-01&b_to=2026-03-31" });
    const table = await screen.findByRole("table", { name: "The two periods side by side" });
    const mttd = table.querySelector('tr[data-measure="mttd"]') as HTMLElement;
    expect(within(mttd).getByText("10 min", { selector: "td[data-side=a] *, td[data-side=a]" })).toBeInTheDocument();
    expect(mttd.querySelector("td[data-side=b]")).toHaveTextContent("4 min");
    const mttdDelta = mttd.querySelector("[data-tone]")!;
    expect(mttdDelta).toHaveTextContent("6 min faster (better)");
    expect(mttdDelta).toHaveAttribute("data-tone", "better");
    expect(table.querySelector('tr[data-measure="efficacy"] [data-tone]')).toHaveTextContent("up 15 points (better)");
    expect(screen.getByRole("columnheader", { name: /Period A/ })).toHaveTextContent("2025");

    // Tactics of both periods, one missing from A reads "—".
    const tactics = screen.getByRole("table", { name: "Tactics in both periods" });
    expect(tactics.querySelector('tr[data-tactic="execution"]')).toHaveTextContent("50 min faster");
    expect(tactics.querySelector('tr[data-tactic="persistence"]')).toHaveTextContent("not comparable");

    const windows = fetch.mock.calls.map(([u]) => new URL(String(u), "http://localhost")).filter((u) => u.pathname === "/api/v1/metrics/operational");
    expect(windows.map((u) => u.searchParams.get("from")).sort()).toEqual(["2025-10-01T00:00:00Z", "2026-01-01T00:00:00Z"]);
  });

  it("compares two snapshots: the score, each tactic, the actors in the server's order and the changed techniques", async () => {
    const fetch = serve();
    renderWithProviders(<ComparisonPage />, { route: "/comparison" });
    await userEvent.click(await screen.findByLabelText("Two snapshots"));
    const result = await screen.findByTestId("snapshot-comparison");
    // The newest two by default: s2 → s3.
    const compare = fetch.mock.calls.map(([u]) => new URL(String(u), "http://localhost")).find((u) => u.pathname === "/api/v1/snapshots/compare")!;
    expect([compare.searchParams.get("from"), compare.searchParams.get("to")]).toEqual(["s2", "s3"]);
    expect(within(result).getByTestId("org-score-delta")).toHaveTextContent("45.5");
    expect(within(result).getByTestId("org-score-delta")).toHaveTextContent("+2.5 (better)");
    const tactic = within(result).getByTestId("compare-by-tactic").querySelector('tr[data-group="execution"]')!;
    expect(tactic).toHaveTextContent("Execution");
    expect(tactic).toHaveTextContent("+7.5 (better)");
    const actors = [...within(result).getByTestId("compare-by-actor").querySelectorAll("tr[data-group]")].map((r) => r.getAttribute("data-group"));
    expect(actors).toEqual(["G0007", "G0016"]);
    expect(within(result).getByTestId("compare-by-actor").querySelector('tr[data-group="G0007"]')).toHaveTextContent("−1 (worse)");
    expect(within(result).getByTestId("compare-changes")).toHaveTextContent("T1059");

    // Another pair is asked for and kept.
    await userEvent.selectOptions(screen.getByLabelText("Earlier snapshot"), "s1");
    await waitFor(() =>
      expect(
        fetch.mock.calls.some(([u]) => {
          const url = new URL(String(u), "http://localhost");
          return url.pathname === "/api/v1/snapshots/compare" && url.searchParams.get("from") === "s1";
        }),
      ).toBe(true),
    );
  });
});
