import { cloneElement, type ReactElement } from "react";
import type * as Recharts from "recharts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithProviders, stubApi } from "@/test/render";
import { emptyMetrics, fullMetrics } from "../fixture";
import OperationalMetricsPage from "./OperationalMetricsPage";

// jsdom has no layout for Recharts' ResponsiveContainer to measure: charts get a fixed size.
vi.mock("recharts", async (importOriginal) => {
  const recharts = await importOriginal<typeof Recharts>();
  return {
    ...recharts,
    ResponsiveContainer: ({ children }: { children: ReactElement<{ width?: number; height?: number }> }) => cloneElement(children, { width: 400, height: 200 }),
  };
});

const tactics = {
  items: [
    { id: "TA0002", shortname: "execution", name: "Execution", order: 1, description: "", domain: "enterprise-attack" },
    { id: "TA0003", shortname: "persistence", name: "Persistence", order: 2, description: "", domain: "enterprise-attack" },
  ],
};

function serve(metrics: unknown, status = 200) {
  const fetch = vi.fn(stubApi({ "GET /api/v1/metrics/operational": { status, body: metrics }, "GET /api/v1/tactics": { body: tactics } }));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

const metricsCalls = (fetch: ReturnType<typeof serve>) =>
  fetch.mock.calls.map(([u]) => new URL(String(u), "http://localhost")).filter((u) => u.pathname === "/api/v1/metrics/operational");

describe("OperationalMetricsPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the headline numbers in words people read, the stages of MTTR and the breakdowns", async () => {
    serve(fullMetrics());
    renderWithProviders(<OperationalMetricsPage />);
    expect(await screen.findByTestId("metric-mttd-value")).toHaveTextContent("10 min");
    expect(screen.getByTestId("metric-mttd")).toHaveTextContent("median of 3 tests, mean 15 min");
    expect(screen.getByTestId("metric-mttd")).toHaveTextContent("1 test left out");
    expect(screen.getByTestId("metric-mttr-value")).toHaveTextContent("2 d");
    expect(screen.getByTestId("metric-mttr-to-remediation")).toHaveTextContent("1 d 1 h");
    expect(screen.getByTestId("metric-mttr-to-retest")).toHaveTextContent("2 h 10 min");
    expect(screen.getByTestId("metric-efficacy-value")).toHaveTextContent("75%");
    expect(screen.getByTestId("metric-efficacy")).toHaveTextContent("3 of 4");
    expect(screen.getByTestId("metric-velocity-value")).toHaveTextContent("+3");
    expect(screen.getByTestId("metric-velocity")).toHaveTextContent("5 gained, 2 regressed");

    const layers = screen.getByRole("table", { name: "MTTD by layer" });
    expect(within(layers).getAllByRole("row").slice(1).map((r) => r.getAttribute("data-layer"))).toEqual(["edr", "siem"]);
    expect(layers.querySelector('tr[data-layer="siem"]')).toHaveTextContent("SIEM25 min25 min2");
    const team = screen.getByRole("table", { name: "Metrics by team" });
    const blue = team.querySelector('tr[data-breakdown="blue"]') as HTMLElement;
    // Nothing measured reads "—" with why, never 0.
    expect(within(blue).getAllByText("No value: no alerting detection in this window", { exact: false })).toHaveLength(1);
    const tacticRows = screen.getByRole("table", { name: "Metrics by tactic" }).querySelectorAll("tr[data-breakdown]");
    expect([...tacticRows].map((r) => r.getAttribute("data-breakdown"))).toEqual(["execution", "persistence"]);
    expect(tacticRows[0]).toHaveTextContent("Execution");
    expect(screen.getByRole("table", { name: "MTTD per week" })).toHaveTextContent("—");
    expect(screen.queryByTestId("metrics-capped")).not.toBeInTheDocument();
  });

  it("shows “—” with a reason where nothing was measured, never 0, and the cap as a notice", async () => {
    serve(emptyMetrics({ capped: true }));
    renderWithProviders(<OperationalMetricsPage />);
    const mttd = await screen.findByTestId("metric-mttd");
    expect(within(mttd).getByTestId("metric-mttd-value")).toHaveTextContent("—");
    expect(mttd).toHaveTextContent("no alerting detection in this window");
    expect(screen.getByTestId("metric-mttr-value")).toHaveTextContent("—");
    expect(screen.getByTestId("metric-efficacy-value")).toHaveTextContent("—");
    expect(screen.getByTestId("metric-efficacy")).toHaveTextContent("no executed attack among the tests approved in this window");
    expect(screen.getByTestId("metric-fidelity-value")).toHaveTextContent("—");
    expect(screen.getByTestId("metric-mttd-value")).not.toHaveTextContent("0");
    expect(screen.getByTestId("metrics-capped")).toHaveTextContent("only the most recent");
    expect(screen.getByText(/No test was approved in this window/)).toBeInTheDocument();
  });

  it("keeps the filters in the URL's query and sends them to the API", async () => {
    const fetch = serve(fullMetrics());
    renderWithProviders(<OperationalMetricsPage />, { route: "/metrics/operational?window=custom&from=2026-01-01&to=2026-01-31&team=blue" });
    await screen.findByTestId("metric-mttd-value");
    expect(screen.getByLabelText("Window")).toHaveValue("custom");
    expect(screen.getByLabelText("From")).toHaveValue("2026-01-01");
    const first = metricsCalls(fetch)[0]!;
    expect(first.searchParams.get("from")).toBe("2026-01-01T00:00:00Z");
    expect(first.searchParams.get("to")).toBe("2026-01-31T23:59:59Z");
    expect(first.searchParams.get("team")).toBe("blue");

    await screen.findByRole("option", { name: "Persistence" });
    await userEvent.selectOptions(screen.getByLabelText("Tactic"), "persistence");
    await waitFor(() => expect(metricsCalls(fetch).at(-1)!.searchParams.get("tactic")).toBe("persistence"));
    await userEvent.selectOptions(screen.getByLabelText("Window"), "30");
    await waitFor(() => expect(metricsCalls(fetch).at(-1)!.searchParams.has("to")).toBe(false));
    expect(screen.queryByLabelText("From")).not.toBeInTheDocument();
  });

  it("shows a refused window's messages next to the inputs", async () => {
    serve(
      {
        type: "https://aegis.dev/problems/validation",
        title: "Validation failed",
        status: 422,
        detail: "from: the window is at most 366 days",
        errors: [{ field: "from", code: "range", message: "the window is at most 366 days" }],
      },
      422,
    );
    renderWithProviders(<OperationalMetricsPage />, { route: "/?window=custom&from=2020-01-01&to=2026-01-01" });
    const from = await screen.findByLabelText("From");
    await waitFor(() => expect(from).toHaveAttribute("aria-invalid", "true"));
    expect(document.getElementById("metrics-from-error")).toHaveTextContent("the window is at most 366 days");
    expect(screen.queryByText("Something went wrong")).not.toBeInTheDocument();
  });
});
