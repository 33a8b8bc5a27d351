import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { CoverageSummary, ReportJob, ReportSpec } from "@/api/types";
import { fakeApi, json, renderWithProviders, type ApiCall } from "@/test/render";
import { EXPORT_STARTED } from "../components/ExportJobs";
import ReportsPage from "./ReportsPage";

const summary: CoverageSummary = {
  attack_version: "18.0",
  by_tactic: [],
  counts: { validated: 3, not_covered: 9 },
  coverage_pct: 25,
  domain: "enterprise-attack",
  generated_at: "2026-05-01T08:00:00Z",
  org_score: 31,
  techniques: 12,
};

const job = (over: Partial<ReportJob> = {}): ReportJob => ({
  id: "0f8c1f5e-1111-4c1b-9a1e-000000000001",
  spec: { kind: "test-results", format: "csv", domain: "enterprise-attack", from: null, to: null },
  status: "queued",
  requested_by: "rita",
  requested_by_id: "0f8c1f5e-2222-4c1b-9a1e-000000000002",
  requested_at: new Date(Date.now() - 60_000).toISOString(),
  started_at: null,
  finished_at: null,
  attempts: 0,
  rows: null,
  bytes: null,
  object_key: null,
  error: null,
  download_url: null,
  ...over,
});

const JOBS = "/api/v1/reports/jobs";
const SIGNED = "https://bucket.s3.example/reports/aegis-test-results.csv?X-Amz-Signature=abc";

/**
 * The API of the Reports screen: the coverage summary, and `routes` for the rest (answered in
 * order when a route is given several answers, the last one repeated).
 */
function stub(routes: Record<string, Array<(call: ApiCall<ReportSpec>) => Response> | ((call: ApiCall<ReportSpec>) => Response)>) {
  const served: Record<string, number> = {};
  return fakeApi<ReportSpec>((call) => {
    const key = `${call.method} ${call.url.pathname}`;
    if (key === "GET /api/v1/reports/coverage-summary") return json(summary);
    const route = routes[key];
    if (!route) return undefined;
    if (typeof route === "function") return route(call);
    const n = served[key] ?? 0;
    served[key] = n + 1;
    return route[Math.min(n, route.length - 1)]!(call);
  });
}

const count = (calls: ApiCall[], method: string, path: string) => calls.filter((c) => c.method === method && c.url.pathname === path).length;

/** The polls run on timers: time is moved on by hand, the rest of the test runs as usual. */
const user = () => userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
const wait = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("ReportsPage downloads", () => {
  it("follows the export job a 202 started and offers its download once it is done", async () => {
    // Given a domain with more tests than the server builds in a request
    const started = job();
    const calls = stub({
      "GET /api/v1/reports/test-results": () => json(started, 202),
      [`GET ${JOBS}`]: [() => json([]), () => json([started])],
      [`GET ${JOBS}/${started.id}`]: [
        () => json(job({ status: "running", started_at: new Date().toISOString() })),
        () => json(job({ status: "done", rows: 12_000, bytes: 3_145_728, download_url: SIGNED })),
      ],
    });
    renderWithProviders(<ReportsPage />, { route: "/reports" });
    // When the test results are downloaded as CSV
    await user().click(await screen.findByRole("button", { name: "Download Test results as CSV" }));
    // Then the screen says an export was started and follows it
    const followed = await screen.findByTestId("followed-export");
    expect(followed).toHaveTextContent(EXPORT_STARTED);
    await waitFor(() => expect(followed).toHaveAttribute("data-status", "running"));
    expect(within(followed).getByText("Building")).toBeInTheDocument();
    expect(within(followed).queryByRole("link")).toBeNull();
    expect(calls.find((c) => c.url.pathname === "/api/v1/reports/test-results")?.url.searchParams.get("format")).toBe("csv");
    // And once the job is read again (2 s later) and is done, its download is a link to the presigned file
    await wait(2000);
    await waitFor(() => expect(followed).toHaveAttribute("data-status", "done"));
    const link = within(followed).getByRole("link", { name: "Download Test results (CSV)" });
    expect(link).toHaveAttribute("href", SIGNED);
    expect(within(followed).getByText("Ready")).toBeInTheDocument();
    expect(within(followed).getByText("12,000 rows · 3.0 MB")).toBeInTheDocument();
    expect(count(calls, "GET", `${JOBS}/${started.id}`)).toBe(2);
    // And the started job is listed under Exports too
    const exports = screen.getByRole("region", { name: "Exports" });
    expect(await within(exports).findByText("Test results (CSV)", { selector: "p" })).toBeInTheDocument();
    // And a finished job is not read again every 2 s
    await wait(4000);
    expect(count(calls, "GET", `${JOBS}/${started.id}`)).toBe(2);
  });

  it("shows the error of an export job that failed", async () => {
    const started = job({ spec: { kind: "remediation", format: "csv" } });
    stub({
      "GET /api/v1/reports/remediation": () => json(started, 202),
      [`GET ${JOBS}`]: () => json([]),
      [`GET ${JOBS}/${started.id}`]: () => json({ ...started, status: "failed", attempts: 3, error: "The bucket refused the upload." }),
    });
    renderWithProviders(<ReportsPage />, { route: "/reports" });
    await user().click(await screen.findByRole("button", { name: "Download Remediation as CSV" }));
    const followed = await screen.findByTestId("followed-export");
    await waitFor(() => expect(followed).toHaveAttribute("data-status", "failed"));
    expect(within(followed).getByText("Failed")).toBeInTheDocument();
    expect(within(followed).getByText("The bucket refused the upload.")).toBeInTheDocument();
    expect(within(followed).queryByRole("link")).toBeNull();
    // Dismissed, it is gone
    await user().click(within(followed).getByRole("button", { name: "Dismiss the export's status" }));
    expect(screen.queryByTestId("followed-export")).toBeNull();
  });

  it("still saves a report the server answers in the request", async () => {
    // jsdom has no object URLs: the saved file's URL is made up, and the link is not followed
    Object.assign(URL, { createObjectURL: vi.fn(() => "blob:report"), revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    stub({
      "GET /api/v1/reports/test-results": () =>
        new Response("id,title\n", { status: 200, headers: { "content-type": "text/csv", "content-disposition": 'attachment; filename="aegis-test-results.csv"' } }),
      [`GET ${JOBS}`]: () => json([]),
    });
    renderWithProviders(<ReportsPage />, { route: "/reports" });
    await user().click(await screen.findByRole("button", { name: "Download Test results as CSV" }));
    expect(await screen.findByText("Downloaded aegis-test-results.csv")).toBeInTheDocument();
    expect(click).toHaveBeenCalledOnce();
    expect(screen.queryByTestId("followed-export")).toBeNull();
  });
});

describe("ReportsPage exports", () => {
  it("lists the caller's export jobs with their status, and reads them again while one is built", async () => {
    const done = job({
      id: "0f8c1f5e-1111-4c1b-9a1e-00000000000a",
      spec: { kind: "test-results", format: "json", from: "2026-03-01T00:00:00Z", to: "2026-03-31T23:59:59Z" },
      status: "done",
      rows: 1204,
      bytes: 317_440,
      download_url: SIGNED,
    });
    const failed = job({ id: "0f8c1f5e-1111-4c1b-9a1e-00000000000b", spec: { kind: "remediation", format: "csv" }, status: "failed", error: "The export took too long." });
    const running = job({ id: "0f8c1f5e-1111-4c1b-9a1e-00000000000c", status: "running", started_at: new Date().toISOString() });
    const calls = stub({
      [`GET ${JOBS}`]: [() => json([running, done, failed]), () => json([{ ...running, status: "done", rows: 10, bytes: 900, download_url: SIGNED }, done, failed])],
    });
    renderWithProviders(<ReportsPage />, { route: "/reports" });
    const exports = screen.getByRole("region", { name: "Exports" });
    const table = await within(exports).findByRole("table", { name: "Your exports" });
    const row = (id: string) => table.querySelector<HTMLElement>(`tr[data-job="${id}"]`)!;

    // The finished one: its size and its download
    expect(within(row(done.id)).getByText("Test results (JSON)", { selector: "p" })).toBeInTheDocument();
    expect(within(row(done.id)).getByText(/^Tests from .*2026 to .*2026$/)).toBeInTheDocument();
    expect(within(row(done.id)).getByText("Ready")).toBeInTheDocument();
    expect(within(row(done.id)).getByText("1,204 rows · 310 kB")).toBeInTheDocument();
    expect(within(row(done.id)).getByRole("link", { name: "Download Test results (JSON)" })).toHaveAttribute("href", SIGNED);
    // The failed one: its error, no download
    expect(within(row(failed.id)).getByText("Failed")).toBeInTheDocument();
    expect(within(row(failed.id)).getByText("The export took too long.")).toBeInTheDocument();
    expect(within(row(failed.id)).queryByRole("link")).toBeNull();
    // The running one, read again 2 s later, is done
    expect(within(row(running.id)).getByText("Building")).toBeInTheDocument();
    expect(count(calls, "GET", JOBS)).toBe(1);
    await wait(2000);
    await waitFor(() => expect(within(row(running.id)).getByText("Ready")).toBeInTheDocument());
    expect(within(row(running.id)).getByText("10 rows · 900 B")).toBeInTheDocument();
    // With none being built, the list is not read every 2 s any more
    const reads = count(calls, "GET", JOBS);
    await wait(6000);
    expect(count(calls, "GET", JOBS)).toBe(reads);
  });

  it("says so when there is no export", async () => {
    stub({ [`GET ${JOBS}`]: () => json([]) });
    renderWithProviders(<ReportsPage />, { route: "/reports" });
    expect(await screen.findByText("No exports today")).toBeInTheDocument();
  });

  it("starts an export of the chosen report, format and days, and lists it", async () => {
    const created = job({ id: "0f8c1f5e-1111-4c1b-9a1e-00000000000d", spec: { kind: "remediation", format: "json", from: "2026-03-01T00:00:00Z", to: "2026-03-31T23:59:59Z" } });
    const calls = stub({
      [`GET ${JOBS}`]: [() => json([]), () => json([created])],
      [`POST ${JOBS}`]: () => json(created, 202),
    });
    renderWithProviders(<ReportsPage />, { route: "/reports" });
    const form = await screen.findByRole("form", { name: "Start an export" });
    await user().selectOptions(within(form).getByLabelText("Report"), "remediation");
    await user().selectOptions(within(form).getByLabelText("Format"), "json");
    fireEvent.change(within(form).getByLabelText("Tests from"), { target: { value: "2026-03-01" } });
    fireEvent.change(within(form).getByLabelText("Tests until"), { target: { value: "2026-03-31" } });
    await user().click(within(form).getByRole("button", { name: "Start export" }));

    expect(await screen.findByText("Export of remediation as JSON started: it is listed below until it is ready.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ kind: "remediation", format: "json", from: "2026-03-01T00:00:00Z", to: "2026-03-31T23:59:59Z" });
    const exports = screen.getByRole("region", { name: "Exports" });
    expect(await within(exports).findByText("Remediation (JSON)", { selector: "p" })).toBeInTheDocument();
    expect(within(exports).getByText("Queued")).toBeInTheDocument();
  });

  it("sends no dates for all tests", async () => {
    const calls = stub({ [`GET ${JOBS}`]: () => json([]), [`POST ${JOBS}`]: () => json(job(), 202) });
    renderWithProviders(<ReportsPage />, { route: "/reports" });
    await user().click(await screen.findByRole("button", { name: "Start export" }));
    await waitFor(() => expect(calls.find((c) => c.method === "POST")?.body).toEqual({ kind: "test-results", format: "csv" }));
  });

  it("refuses an end before the start without asking the server", async () => {
    const calls = stub({ [`GET ${JOBS}`]: () => json([]) });
    renderWithProviders(<ReportsPage />, { route: "/reports" });
    const form = await screen.findByRole("form", { name: "Start an export" });
    fireEvent.change(within(form).getByLabelText("Tests from"), { target: { value: "2026-04-02" } });
    fireEvent.change(within(form).getByLabelText("Tests until"), { target: { value: "2026-04-01" } });
    expect(within(form).getByText("The end must not be before the start.")).toBeInTheDocument();
    expect(within(form).getByRole("button", { name: "Start export" })).toBeDisabled();
    expect(calls.some((c) => c.method === "POST")).toBe(false);
  });

  it("reports a refused export (422) in the error toast, its field errors next to the fields", async () => {
    stub({
      [`GET ${JOBS}`]: () => json([]),
      [`POST ${JOBS}`]: () =>
        json({ status: 422, title: "Validation failed", detail: "from: the date is too far back", errors: [{ field: "from", code: "range", message: "the date is too far back" }] }, 422),
    });
    renderWithProviders(<ReportsPage />, { route: "/reports" });
    const form = await screen.findByRole("form", { name: "Start an export" });
    fireEvent.change(within(form).getByLabelText("Tests from"), { target: { value: "1900-01-01" } });
    await user().click(within(form).getByRole("button", { name: "Start export" }));
    await waitFor(() => expect(document.querySelector("[data-toast=error]")).not.toBeNull());
    const toast = document.querySelector<HTMLElement>("[data-toast=error]")!;
    expect(within(toast).getByText("Validation failed")).toBeInTheDocument();
    expect(within(toast).getByText("See the messages next to the fields.")).toBeInTheDocument();
    expect(within(form).getByText("the date is too far back")).toBeInTheDocument();
    expect(within(form).getByLabelText("Tests from")).toHaveAttribute("aria-invalid", "true");
  });
});
