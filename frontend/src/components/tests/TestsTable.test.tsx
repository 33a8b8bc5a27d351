import { describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Test, TestRow } from "@/api/types";
import { testDetail } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";
import { sortTests } from "./sortTests";
import { TestsTable } from "./TestsTable";

const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 10, m)).toISOString();
const test = (id: string, over: Partial<Test>): Test => testDetail({ id, title: id, ...over });
const TESTS: Test[] = [
  test("logged", { state: "validated", updated_at: at(1), red: { executed: true, succeeded: true, executed_at: at(0), notes: "" }, blue: { notes: "", outcomes: [{ layer: "siem", result: "logged", detected_at: at(2) }] } }),
  test("draft", { state: "draft", updated_at: at(3) }),
  test("alerted", {
    state: "in_review",
    updated_at: at(2),
    red: { executed: true, succeeded: true, executed_at: at(0), notes: "" },
    blue: { notes: "", outcomes: [{ layer: "edr", result: "alerted", detected_at: at(5) }, { layer: "av", result: "not_applicable" }] },
  }),
];

const titles = () => screen.getAllByRole("row").slice(1).map((r) => within(r).getAllByRole("link")[0]!.textContent);

describe("TestsTable", () => {
  it("shows each test's outcome in words and its time to detect", () => {
    renderWithProviders(<TestsTable tests={TESTS} caption="Tests" />);
    const row = (name: string) => screen.getByRole("link", { name }).closest("tr")!;
    expect(within(row("alerted")).getByText("Alerted")).toBeInTheDocument();
    expect(within(row("alerted")).getByText("5 min")).toBeInTheDocument();
    expect(within(row("logged")).getByText("Logged only")).toBeInTheDocument();
    expect(within(row("draft")).getByText("Not documented yet")).toBeInTheDocument();
    expect(within(row("logged")).getByText("Approved")).toBeInTheDocument();
  });

  it("sorts by a column, both ways, saying so in aria-sort", async () => {
    renderWithProviders(<TestsTable tests={TESTS} caption="Tests" />);
    expect(titles()).toEqual(["draft", "alerted", "logged"]);
    await userEvent.click(screen.getByRole("button", { name: "Outcome" }));
    expect(titles()).toEqual(["logged", "alerted", "draft"]);
    expect(screen.getByRole("columnheader", { name: "Outcome" })).toHaveAttribute("aria-sort", "ascending");
    await userEvent.click(screen.getByRole("button", { name: "Outcome" }));
    expect(titles()).toEqual(["alerted", "logged", "draft"]);
  });

  it("selects rows one by one or all at once", async () => {
    const onChange = vi.fn();
    renderWithProviders(<TestsTable tests={TESTS} caption="Tests" selection={{ selected: new Set(["draft"]), onChange }} />);
    expect(screen.getByRole("checkbox", { name: "Select “draft”" })).toBeChecked();
    await userEvent.click(screen.getByRole("checkbox", { name: "Select “alerted”" }));
    expect(onChange).toHaveBeenLastCalledWith(new Set(["draft", "alerted"]));
    await userEvent.click(screen.getByRole("checkbox", { name: "Select all tests" }));
    expect(onChange).toHaveBeenLastCalledWith(new Set(["logged", "draft", "alerted"]));
  });
});

describe("TestsTable with the list's rows", () => {
  // Rows of `GET /tests` carry the server's outcome and time to detect; those are what is shown,
  // even where the layers on the record would read otherwise.
  const ROWS: TestRow[] = [
    { ...TESTS[0]!, outcome: "prevented", time_to_detect_secs: 30 },
    { ...TESTS[1]!, outcome: null, time_to_detect_secs: null },
    { ...TESTS[2]!, outcome: "alerted", time_to_detect_secs: null },
  ];

  it("shows the server's outcome and time to detect", () => {
    renderWithProviders(<TestsTable tests={ROWS} caption="Tests" />);
    const row = (name: string) => screen.getByRole("link", { name }).closest("tr")!;
    expect(within(row("logged")).getByText("Prevented")).toBeInTheDocument();
    expect(within(row("logged")).getByText("30 s")).toBeInTheDocument();
    expect(row("alerted").querySelector("[data-ttd]")).toHaveAttribute("data-ttd", "");
    expect(within(row("draft")).getByText("Not documented yet")).toBeInTheDocument();
  });

  it("sorts by the server's values", () => {
    expect(sortTests(ROWS, { key: "outcome", dir: "desc" }).map((t) => t.id)).toEqual(["logged", "alerted", "draft"]);
    expect(sortTests(ROWS, { key: "ttd", dir: "asc" }).map((t) => t.id)).toEqual(["logged", "draft", "alerted"]);
  });
});

describe("sortTests", () => {
  it("puts unknown values last whatever the direction", () => {
    expect(sortTests(TESTS, { key: "ttd", dir: "asc" }).map((t) => t.id)).toEqual(["alerted", "logged", "draft"]);
    expect(sortTests(TESTS, { key: "ttd", dir: "desc" }).map((t) => t.id)).toEqual(["alerted", "logged", "draft"]);
  });
});
