import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { TestDetail } from "@/api/types";
import { toLocalInput } from "@/lib/datetime";
import { testDetail } from "@/test/fixtures";
import { renderWithProviders, stubApi } from "@/test/render";
import { BlueResultsForm, checkBlueRows, newRow } from "./BlueResultsForm";
import { missingRed, RedResultsForm } from "./RedResultsForm";

const EXECUTED_AT = "2026-01-10T10:00:00Z";
const blueTest = (over: Partial<TestDetail> = {}) =>
  testDetail({ state: "blue_evaluating", allowed_actions: ["submit_blue"], red: { executed: true, succeeded: true, executed_at: EXECUTED_AT, notes: "" }, ...over });

function posted(fetch: ReturnType<typeof vi.fn>, step: string) {
  const call = fetch.mock.calls.find(([u]) => String(u).endsWith(`/${step}`));
  return call ? JSON.parse(String(call[1]!.body)) : undefined;
}

describe("RedResultsForm", () => {
  it("has nothing chosen beforehand and cannot be submitted until both answers are given", async () => {
    const fetch = vi.fn(stubApi({ "POST /api/v1/tests/t1/submit-red": { body: testDetail({ state: "blue_evaluating" }) } }));
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<RedResultsForm test={testDetail({ state: "red_executing", allowed_actions: ["submit_red"] })} />);
    for (const radio of screen.getAllByRole("radio")) expect(radio).not.toBeChecked();
    const submit = screen.getByRole("button", { name: "Submit red results" });
    expect(submit).toBeDisabled();
    const missing = within(screen.getByRole("list", { name: "Missing" }));
    expect(missing.getByText("Whether the attack was executed")).toBeInTheDocument();

    await userEvent.click(within(screen.getByRole("group", { name: /executed/ })).getByRole("radio", { name: "Yes" }));
    expect(submit).toBeDisabled();
    expect(screen.getByText("Whether the attack succeeded")).toBeInTheDocument();
    await userEvent.click(within(screen.getByRole("group", { name: /succeed/ })).getByRole("radio", { name: "No" }));
    expect(submit).toBeEnabled();
    expect(screen.getByText("Everything needed is there.")).toBeInTheDocument();
    await userEvent.click(submit);
    await waitFor(() => expect(posted(fetch, "submit-red")).toMatchObject({ executed: true, succeeded: false }));
    expect(typeof posted(fetch, "submit-red").executed_at).toBe("string");
  });

  it("sends an attack that was not executed as not succeeded, without a time", async () => {
    const fetch = vi.fn(stubApi({ "POST /api/v1/tests/t1/submit-red": { body: testDetail({ state: "blue_evaluating" }) } }));
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<RedResultsForm test={testDetail({ state: "red_executing", allowed_actions: ["submit_red"] })} />);
    await userEvent.click(within(screen.getByRole("group", { name: /executed/ })).getByRole("radio", { name: "No" }));
    expect(within(screen.getByRole("group", { name: /succeed/ })).getByRole("radio", { name: "No" })).toBeChecked();
    expect(screen.queryByLabelText(/Executed at/)).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Submit red results" }));
    await waitFor(() => expect(posted(fetch, "submit-red")).toEqual({ executed: false, succeeded: false, executed_at: null, notes: "" }));
  });

  it("names what is missing, a future execution time too", () => {
    const now = new Date("2026-01-10T12:00:00Z");
    expect(missingRed({ executed: null, succeeded: null, executedAt: "" }, now)).toEqual(["Whether the attack was executed"]);
    expect(missingRed({ executed: "yes", succeeded: "yes", executedAt: toLocalInput(new Date("2026-01-11T12:00:00Z")) }, now)).toEqual([
      "An execution time that is not in the future",
    ]);
    expect(missingRed({ executed: "no", succeeded: null, executedAt: "" }, now)).toEqual([]);
  });
});

describe("BlueResultsForm", () => {
  it("has no result chosen beforehand and cannot be submitted without one", async () => {
    const fetch = vi.fn(stubApi({}));
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<BlueResultsForm test={blueTest()} />);
    expect(screen.getByLabelText(/^Result/)).toHaveValue("");
    expect(screen.getByRole("button", { name: "Submit blue results" })).toBeDisabled();
    expect(within(screen.getByRole("list", { name: "Missing" })).getByText("EDR (layer 1): the result")).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });

  it("requires the alert or rule name when the layer alerted, next to the field", async () => {
    const fetch = vi.fn(stubApi({ "POST /api/v1/tests/t1/submit-blue": { body: blueTest({ state: "in_review" }) } }));
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<BlueResultsForm test={blueTest()} />);
    await userEvent.selectOptions(screen.getByLabelText(/^Result/), "alerted");
    const name = screen.getByLabelText(/^Alert or rule name/);
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(document.getElementById("blue-alert-0-error")).toHaveTextContent(/name the alert or rule that fired/);
    const submit = screen.getByRole("button", { name: "Submit blue results" });
    expect(submit).toBeDisabled();
    await userEvent.type(name, "EDR: encoded PowerShell");
    await userEvent.type(screen.getByLabelText("Detected at"), "2026-01-10T11:04");
    expect(submit).toBeEnabled();
    expect(screen.getByTestId("blue-summary")).toHaveTextContent("Alerted");
    await userEvent.click(submit);
    await waitFor(() => expect(posted(fetch, "submit-blue")).toBeDefined());
    expect(posted(fetch, "submit-blue").outcomes).toEqual([
      { layer: "edr", result: "alerted", alert_name: "EDR: encoded PowerShell", detected_at: new Date(2026, 0, 10, 11, 4).toISOString() },
    ]);
  });

  it("refuses a detection time before the execution, inline", async () => {
    vi.stubGlobal("fetch", vi.fn(stubApi({})));
    renderWithProviders(<BlueResultsForm test={blueTest({ red: { executed: true, succeeded: true, executed_at: new Date(2026, 0, 10, 11, 0).toISOString(), notes: "" } })} />);
    await userEvent.selectOptions(screen.getByLabelText(/^Result/), "logged");
    await userEvent.type(screen.getByLabelText("Detected at"), "2026-01-10T10:30");
    expect(document.getElementById("blue-detected-0-error")).toHaveTextContent(/Before the attack was executed/);
    expect(screen.getByRole("button", { name: "Submit blue results" })).toBeDisabled();
  });

  it("checks every row as the server does", () => {
    const now = new Date("2026-01-10T12:00:00Z");
    const rows = [
      { ...newRow("edr"), result: "prevented" as const, alert_name: " " },
      { ...newRow("edr"), result: "none" as const },
      { ...newRow("siem"), result: "logged" as const, detected_at: toLocalInput(new Date("2026-01-12T00:00:00Z")) },
      { ...newRow("av"), result: "not_applicable" as const },
    ];
    const { errors, missing } = checkBlueRows(rows, EXECUTED_AT, now);
    expect(Object.keys(errors).sort()).toEqual(["outcomes[0].alert_name", "outcomes[1].layer", "outcomes[2].detected_at"]);
    expect(errors["outcomes[2].detected_at"]).toBe("In the future");
    expect(missing).toHaveLength(3);
    expect(checkBlueRows([{ ...newRow("av"), result: "not_applicable" }], EXECUTED_AT, now).missing).toEqual([]);
  });
});

describe("BlueResultsForm rule outcomes", () => {
  const withRules = () =>
    blueTest({
      rules: [
        { rule_id: "11111111-1111-4111-8111-111111111111", title: "Encoded PowerShell", source: "sigma", mapped: true },
        { rule_id: "22222222-2222-4222-8222-222222222222", title: "Script block logging", source: "elastic", mapped: true },
      ],
    });

  it("offers each attached rule with nothing chosen, does not block submitting, and sends only the answered ones", async () => {
    const fetch = vi.fn(stubApi({ "POST /api/v1/tests/t1/submit-blue": { body: blueTest({ state: "in_review" }) } }));
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<BlueResultsForm test={withRules()} />);
    const rule = screen.getByRole("group", { name: /Encoded PowerShell/ });
    for (const radio of within(rule).getAllByRole("radio")) expect(radio).not.toBeChecked();
    await userEvent.selectOptions(screen.getByLabelText(/^Result/), "none");
    const submit = screen.getByRole("button", { name: "Submit blue results" });
    expect(submit).toBeEnabled();
    expect(screen.getByTestId("blue-summary")).toHaveTextContent("Not reported: “Encoded PowerShell”, “Script block logging”");
    await userEvent.click(within(rule).getByRole("radio", { name: "Fired" }));
    await userEvent.click(within(screen.getByRole("group", { name: /Script block logging/ })).getByRole("radio", { name: "Not applicable" }));
    expect(screen.getByTestId("blue-summary")).toHaveTextContent("Fired: “Encoded PowerShell” · Not applicable: “Script block logging”");
    await userEvent.click(submit);
    await waitFor(() => expect(posted(fetch, "submit-blue")).toBeDefined());
    expect(posted(fetch, "submit-blue").rule_outcomes).toEqual([
      { rule_id: "11111111-1111-4111-8111-111111111111", outcome: "fired" },
      { rule_id: "22222222-2222-4222-8222-222222222222", outcome: "not_applicable" },
    ]);
  });

  it("adds a rule of the catalog found by search and reports on it", async () => {
    const found = { id: "33333333-3333-4333-8333-333333333333", source: "custom", source_id: "c1", title: "EDR custom mimikatz", technique_ids: ["T1003"], tactics: [], platforms: [], deprecated: false, building_block: false, retired: false, unknown_techniques: [] };
    const fetch = vi.fn(
      stubApi({
        "GET /api/v1/detection-rules": { body: { items: [found], total: 1 } },
        "POST /api/v1/tests/t1/submit-blue": { body: blueTest({ state: "in_review" }) },
      }),
    );
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<BlueResultsForm test={blueTest()} />);
    await userEvent.type(screen.getByLabelText(/Add a rule from the catalog/), "mimikatz");
    await userEvent.click(await screen.findByRole("button", { name: "Add EDR custom mimikatz" }));
    const added = screen.getByRole("group", { name: /EDR custom mimikatz.*added, not mapped/ });
    await userEvent.click(within(added).getByRole("radio", { name: "Did not fire" }));
    await userEvent.selectOptions(screen.getByLabelText(/^Result/), "none");
    await userEvent.click(screen.getByRole("button", { name: "Submit blue results" }));
    await waitFor(() => expect(posted(fetch, "submit-blue")).toBeDefined());
    expect(posted(fetch, "submit-blue").rule_outcomes).toEqual([{ rule_id: found.id, outcome: "not_fired" }]);
  });
});
