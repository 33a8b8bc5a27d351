import { describe, expect, it, vi, afterEach } from "vitest";
import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithProviders } from "@/test/render";
import { cell, column, tested } from "@/test/matrix";
import { slotColumns } from "../model/layout";
import { MatrixGrid, type MatrixGridProps } from "./MatrixGrid";

const parent = cell("T1059", { name: "Command and Scripting Interpreter", subtechniques: [tested("T1059.001", "validated", { name: "Command and Scripting Interpreter: PowerShell" }), cell("T1059.002", { name: "Command and Scripting Interpreter: AppleScript" })] });
const tactics = [column("execution", [parent, tested("T1106", "not_covered", { name: "Native API" })]), column("persistence", [cell("T1547", { name: "Boot or Logon Autostart Execution" })])];

function renderGrid(over: Partial<MatrixGridProps> = {}, open: string[] = []) {
  const props: MatrixGridProps = {
    tactics,
    columns: slotColumns(tactics, (id) => open.includes(id)),
    density: "compact",
    mode: "status",
    height: 600,
    isExpanded: (id) => open.includes(id),
    onToggle: vi.fn(),
    selected: new Set(),
    selectable: true,
    selectMode: false,
    onSelect: vi.fn(),
    matches: new Set(),
    currentMatch: null,
    ...over,
  };
  renderWithProviders(<MatrixGrid {...props} />);
  return props;
}

const cellOf = (id: string) => document.querySelector<HTMLElement>(`[data-technique="${id}"]`)!;

describe("MatrixGrid", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("is a grid of tactic columns whose cells say their status in words", () => {
    renderGrid();
    const grid = screen.getByRole("grid", { name: "ATT&CK matrix" });
    expect(within(grid).getAllByRole("columnheader").map((h) => h.querySelector(".sr-only")?.textContent)).toEqual(["execution, 4 matching, score 0", "persistence, 1 matching, score 0"]);
    expect(within(grid).getAllByRole("row")).toHaveLength(3);
    expect(cellOf("T1059")).toHaveAccessibleName(/Partial via sub-techniques.*1 of 2 sub-techniques validated/);
    expect(cellOf("T1059")).toHaveAttribute("data-via-subs", "true");
    expect(cellOf("T1106")).toHaveAccessibleName(/Not covered \(tested\)/);
    expect(cellOf("T1547")).toHaveAccessibleName(/Untested/);
    expect(cellOf("T1547")).toHaveAttribute("data-kind", "untested");
    expect(screen.getByRole("button", { name: /Show 2 sub-techniques of T1059, 1\/2 validated/ })).toHaveTextContent("1/2");
  });

  it("counts a single sub-technique and a single test in the singular", () => {
    const lone = tested("T1003", "not_covered", { name: "OS Credential Dumping", subtechniques: [tested("T1003.001", "validated", { name: "OS Credential Dumping: LSASS Memory" })] });
    const cols = [column("credential-access", [lone])];
    renderGrid({ tactics: cols, columns: slotColumns(cols, () => false) });
    expect(screen.getByRole("button", { name: "Show 1 sub-technique of T1003, 1/1 validated" })).toBeInTheDocument();
    expect(cellOf("T1003")).toHaveAccessibleName(/0 of 1 test approved, 1 of 1 sub-technique validated$/);
  });

  it("keeps one cell in the tab order and moves with the arrow keys", async () => {
    renderGrid({}, ["T1059"]);
    expect(document.querySelectorAll('[data-pos][tabindex="0"]')).toHaveLength(1);
    await userEvent.tab();
    expect(cellOf("T1059")).toHaveFocus();
    await userEvent.keyboard("{ArrowDown}");
    expect(cellOf("T1059.001")).toHaveFocus();
    await userEvent.keyboard("{ArrowRight}");
    expect(cellOf("T1547")).toHaveFocus();
    await userEvent.keyboard("{ArrowLeft}{End}");
    expect(cellOf("T1547")).toHaveFocus();
    await userEvent.keyboard("{Control>}{End}{/Control}");
    expect(cellOf("T1547")).toHaveFocus();
    await userEvent.keyboard("{Control>}{Home}{/Control}");
    expect(cellOf("T1059")).toHaveFocus();
    expect(document.querySelectorAll('[data-pos][tabindex="0"]')).toHaveLength(1);
  });

  it("selects with Space and Ctrl-click, and toggles sub-techniques with + and −", async () => {
    const props = renderGrid();
    cellOf("T1059").focus();
    await userEvent.keyboard(" ");
    expect(props.onSelect).toHaveBeenCalledWith(expect.objectContaining({ attack_id: "T1059" }));
    await userEvent.keyboard("+");
    expect(props.onToggle).toHaveBeenCalledWith("T1059");
    fireEvent.click(cellOf("T1106"), { ctrlKey: true });
    expect(props.onSelect).toHaveBeenLastCalledWith(expect.objectContaining({ attack_id: "T1106" }));
  });

  it("opens a card on focus with what the matrix knows, then the threat actors and last validation", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) => {
        const url = new URL(String(input), "http://localhost");
        if (url.pathname === "/api/v1/techniques/T1059.001") return Response.json({ attack_id: "T1059.001", threat_actors: [{ attack_id: "G0016", name: "APT29", source: "mitre" }] });
        if (url.pathname === "/api/v1/tests") {
          return Response.json({ items: [{ validated_at: "2026-01-02T10:00:00Z", blue: { notes: "", outcomes: [{ layer: "edr", result: "alerted", alert_name: "PS" }] } }] });
        }
        return Response.json({}, { status: 404 });
      }),
    );
    renderGrid({}, ["T1059"]);
    cellOf("T1059.001").focus();
    const card = await screen.findByRole("tooltip");
    expect(cellOf("T1059.001")).toHaveAttribute("aria-describedby", card.id);
    expect(card).toHaveTextContent("Validated");
    expect(card).toHaveTextContent("1/1 approved");
    expect(await within(card).findByText(/APT29/)).toBeInTheDocument();
    expect(await within(card).findByText("Alerted")).toBeInTheDocument();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("tooltip")).not.toBeInTheDocument();
  });

  it("paints untested cells neutral in score mode too", () => {
    renderGrid({ mode: "score" });
    expect(cellOf("T1547").style.background).toContain("repeating-linear-gradient");
    expect(cellOf("T1106").style.background).not.toContain("repeating-linear-gradient");
  });
});

