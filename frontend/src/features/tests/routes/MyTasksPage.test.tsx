import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { TestRow } from "@/api/types";
import { testDetail } from "@/test/fixtures";
import { renderWithProviders, stubApi } from "@/test/render";
import MyTasksPage from "./MyTasksPage";

vi.mock("@/auth/session", () => ({
  useCurrentUser: () => ({ username: "blue-lead", role: "blue_lead", full_name: "Blue Lead", active: true }),
}));

const ago = (mins: number) => new Date(Date.now() - mins * 60_000).toISOString();
const red = (at: string) => ({ executed: true, succeeded: true, executed_at: at, notes: "" });

// As `GET /tests/my-tasks` lists them: each with the server's outcome and time to detect.
const TASKS = [
  // In review, alerted 4 min 12 s after the execution, waiting 10 min.
  {
    ...testDetail({ id: "alerted", title: "Alerted one", state: "in_review", updated_at: ago(10), red: red("2026-01-01T10:00:00Z"), blue: { notes: "", outcomes: [{ layer: "edr", result: "alerted", alert_name: "Encoded command", detected_at: "2026-01-01T10:04:12Z" }] } }),
    outcome: "alerted",
    time_to_detect_secs: 252,
  },
  // In review, not detected, waiting 3 h.
  { ...testDetail({ id: "missed", title: "Missed one", state: "in_review", updated_at: ago(180), red: red("2026-01-01T10:00:00Z"), blue: { notes: "", outcomes: [{ layer: "siem", result: "none" }] } }), outcome: "none", time_to_detect_secs: null },
  // Rejected, logged only, waiting 1 d.
  { ...testDetail({ id: "rejected", title: "Rejected one", state: "rejected", updated_at: ago(24 * 60), red: red("2026-01-01T10:00:00Z"), blue: { notes: "", outcomes: [{ layer: "siem", result: "logged" }] } }), outcome: "logged", time_to_detect_secs: null },
] satisfies TestRow[];

const rowTitles = (group: HTMLElement) =>
  within(group)
    .getAllByRole("row")
    .slice(1)
    .map((r) => within(r).getAllByRole("link")[0]!.textContent);

describe("MyTasksPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows each task's outcome and time to detect, grouped by step", async () => {
    vi.stubGlobal("fetch", vi.fn(stubApi({ "GET /api/v1/tests/my-tasks": { body: { items: TASKS } } })));
    renderWithProviders(<MyTasksPage />, { route: "/tests/my-tasks" });
    const vote = await screen.findByRole("table", { name: /^Vote/ });
    const row = (name: string) => within(vote).getByRole("link", { name }).closest("tr")!;
    expect(within(row("Alerted one")).getByText("Alerted")).toBeInTheDocument();
    expect(within(row("Alerted one")).getByText("4 min 12 s")).toBeInTheDocument();
    expect(within(row("Missed one")).getByText("Not detected")).toBeInTheDocument();
    const reopen = screen.getByRole("table", { name: /^Reopen/ });
    expect(within(reopen).getByText("Logged only")).toBeInTheDocument();
    expect(within(reopen).getByText("1 d")).toBeInTheDocument();
  });

  it("shows the server's outcome and time to detect over what the record's layers would give", async () => {
    // Given a task whose alert the server does not count (say, its time was corrected since)
    const [alerted, ...rest] = TASKS;
    const items = [{ ...alerted, outcome: "prevented", time_to_detect_secs: null }, ...rest];
    vi.stubGlobal("fetch", vi.fn(stubApi({ "GET /api/v1/tests/my-tasks": { body: { items } } })));
    renderWithProviders(<MyTasksPage />, { route: "/tests/my-tasks" });
    const vote = await screen.findByRole("table", { name: /^Vote/ });
    const row = within(vote).getByRole("link", { name: "Alerted one" }).closest("tr")!;
    // Then the row says what the server says
    expect(within(row).getByText("Prevented")).toBeInTheDocument();
    expect(within(row).queryByText("4 min 12 s")).toBeNull();
  });

  it("sorts a group by its columns, the longest waiting first to begin with", async () => {
    vi.stubGlobal("fetch", vi.fn(stubApi({ "GET /api/v1/tests/my-tasks": { body: { items: TASKS } } })));
    renderWithProviders(<MyTasksPage />, { route: "/tests/my-tasks" });
    const vote = await screen.findByRole("table", { name: /^Vote/ });
    expect(rowTitles(vote)).toEqual(["Missed one", "Alerted one"]);
    expect(within(vote).getByRole("columnheader", { name: "Waiting for" })).toHaveAttribute("aria-sort", "descending");
    await userEvent.click(within(vote).getByRole("button", { name: "Outcome" }));
    expect(rowTitles(vote)).toEqual(["Missed one", "Alerted one"]);
    await userEvent.click(within(vote).getByRole("button", { name: "Outcome" }));
    expect(rowTitles(vote)).toEqual(["Alerted one", "Missed one"]);
    await userEvent.click(within(vote).getByRole("button", { name: "Waiting for" }));
    expect(rowTitles(vote)).toEqual(["Alerted one", "Missed one"]);
  });
});
