import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within, fireEvent } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useEffect, useState, type ReactNode } from "react";
import { useLocation, useNavigate } from "react-router";
import { renderWithProviders } from "@/test/render";
import { cell, column, matrix, tested } from "@/test/matrix";
import MatrixPage from "./MatrixPage";

vi.mock("@/auth/session", () => ({
  useCurrentUser: () => ({ username: "red", role: "red_lead", full_name: "Red Lead", active: true }),
}));

const heatmap = matrix([
  column("execution", [
    cell("T1059", { name: "Command and Scripting Interpreter", subtechniques: [tested("T1059.001", "validated", { name: "Command and Scripting Interpreter: PowerShell" }), cell("T1059.002", { name: "Command and Scripting Interpreter: AppleScript" })] }),
    cell("T1106", { name: "Native API" }),
  ]),
  column("persistence", [cell("T1547", { name: "Boot or Logon Autostart Execution" })]),
]);

/** Opens `to` (with its query string, which the test router's `route` does not take) before the page. */
function At({ to, children }: { to: string; children: ReactNode }) {
  const navigate = useNavigate();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    navigate(to, { replace: true });
    setReady(true);
  }, [navigate, to]);
  return ready ? children : null;
}

function Where() {
  const l = useLocation();
  return <output data-testid="where">{l.search}</output>;
}

function stub() {
  const posted: unknown[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    const key = `${init?.method ?? "GET"} ${url.pathname}`;
    if (key === "GET /api/v1/heatmap") return Response.json(heatmap);
    if (key === "GET /api/v1/tactics") return Response.json({ items: [] });
    if (key === "GET /api/v1/threat-actors") return Response.json({ items: [] });
    if (key === "GET /api/v1/technique-sets") return Response.json({ items: [] });
    if (key === "GET /api/v1/dashboard/kpis") return Response.json({ org_score: 41.26 });
    if (key === "POST /api/v1/tests") {
      const body = JSON.parse(String(init?.body));
      posted.push(body);
      if (body.technique_id === "T1547") return Response.json({ status: 403, title: "Forbidden", detail: "not yours" }, { status: 403 });
      return Response.json({ id: `t-${posted.length}`, technique_id: body.technique_id, title: body.title }, { status: 201 });
    }
    return Response.json({ status: 404, title: "Not Found", detail: key }, { status: 404 });
  });
  vi.stubGlobal("fetch", fetch);
  return posted;
}

const cellOf = (id: string) => document.querySelector<HTMLElement>(`[data-technique="${id}"]`);
const where = () => new URLSearchParams(screen.getByTestId("where").textContent ?? "");

describe("MatrixPage", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it("finds a sub-technique by name: its parent opens and the match is the current one", async () => {
    stub();
    renderWithProviders(
      <At to="/matrix?q=powershell">
        <MatrixPage />
        <Where />
      </At>,
    );
    await screen.findByRole("grid", { name: "ATT&CK matrix" });
    expect(cellOf("T1059.001")).toHaveAttribute("data-match", "current");
    expect(cellOf("T1059.002")).not.toHaveAttribute("data-match");
    expect(cellOf("T1547")).not.toHaveAttribute("data-match");
    expect(screen.getByText("1 of 1")).toBeInTheDocument();
    expect(screen.getByLabelText("Find in the matrix (ATT&CK id or name)")).toHaveValue("powershell");
  });

  it("keeps colour, density and expansion in the URL", async () => {
    stub();
    renderWithProviders(
      <At to="/matrix?platform=Windows">
        <MatrixPage />
        <Where />
      </At>,
    );
    await screen.findByRole("grid", { name: "ATT&CK matrix" });
    await userEvent.selectOptions(screen.getByLabelText("Colour by"), "score");
    await userEvent.selectOptions(screen.getByLabelText("Density"), "compact");
    // The platform filter opened T1059 (its sub-techniques match it); the user shuts it.
    await userEvent.click(screen.getByRole("button", { name: /Hide 2 sub-techniques of T1059/ }));
    expect(Object.fromEntries(where())).toEqual({ platform: "Windows", color: "score", density: "compact", shut: "T1059" });
    expect(cellOf("T1059.002")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: /Show 2 sub-techniques of T1059/ }));
    expect(where().has("shut")).toBe(false);
    expect(cellOf("T1059.002")).not.toBeNull();
    expect(screen.getByTestId("matrix")).toHaveAttribute("data-density", "compact");
    await userEvent.click(screen.getByRole("button", { name: "Collapse all" }));
    expect(where().get("expand")).toBe("none");
    expect(where().has("open")).toBe(false);
    expect(cellOf("T1059.002")).toBeNull();
  });

  it.each(["platform=Windows", "threat_actor=G0016", "technique_set=5f0c", "status=validated"])("opens the parents of matching sub-techniques under %s", async (filter) => {
    stub();
    renderWithProviders(
      <At to={`/matrix?${filter}`}>
        <MatrixPage />
      </At>,
    );
    await screen.findByRole("grid", { name: "ATT&CK matrix" });
    expect(cellOf("T1059.001")).not.toBeNull();
    expect(cellOf("T1059.002")).not.toBeNull();
  });

  it("keeps parents shut without a filter on techniques (the tactic filter picks columns only)", async () => {
    stub();
    renderWithProviders(
      <At to="/matrix?tactic=execution">
        <MatrixPage />
      </At>,
    );
    await screen.findByRole("grid", { name: "ATT&CK matrix" });
    expect(cellOf("T1059")).not.toBeNull();
    expect(cellOf("T1059.001")).toBeNull();
  });

  it("labels a filtered score as such, next to the organisation's", async () => {
    stub();
    renderWithProviders(
      <At to="/matrix?platform=Linux">
        <MatrixPage />
      </At>,
    );
    await screen.findByRole("grid", { name: "ATT&CK matrix" });
    await waitFor(() => expect(screen.getByTestId("matrix-scores")).toHaveTextContent("filtered score 0 · organisation score 41.3"));
  });

  it("calls the score the organisation's when nothing is filtered", async () => {
    stub();
    renderWithProviders(<MatrixPage />, { route: "/matrix" });
    await screen.findByRole("grid", { name: "ATT&CK matrix" });
    expect(screen.getByTestId("matrix-scores")).toHaveTextContent(/^organisation score 0$/);
  });

  it("switches to the colour-blind-safe palette, kept in this browser, legend included", async () => {
    stub();
    renderWithProviders(<MatrixPage />, { route: "/matrix" });
    await screen.findByRole("grid", { name: "ATT&CK matrix" });
    const swatch = () => (within(screen.getByRole("list", { name: "Legend" })).getByText("Not covered (tested)").parentElement!.firstElementChild as HTMLElement).style.background;
    const before = swatch();
    await userEvent.selectOptions(screen.getByLabelText("Colour palette (every screen, this browser)"), "colorblind");
    expect(localStorage.getItem("aegis.palette")).toBe("colorblind");
    expect(swatch()).not.toBe(before);
    expect(swatch()).toBe("rgb(213, 94, 0)");
    // T1059, partial through its sub-technique, takes the palette's sky blue; untested T1106 stays hatched grey.
    expect(cellOf("T1059")!.style.background).toBe("rgb(86, 180, 233)");
    expect(cellOf("T1106")!.style.background).toContain("repeating-linear-gradient");
    await userEvent.selectOptions(screen.getByLabelText("Colour palette (every screen, this browser)"), "standard");
    expect(localStorage.getItem("aegis.palette")).toBeNull();
  });

  it("shows counts per kind in the legend, untested apart from tested without coverage", async () => {
    stub();
    renderWithProviders(<MatrixPage />, { route: "/matrix" });
    const legend = await screen.findByRole("list", { name: "Legend" });
    expect(within(legend).getByText("Untested").parentElement).toHaveTextContent("(4)");
    expect(within(legend).getByText("Validated").parentElement).toHaveTextContent("(1)");
    expect(within(legend).getByText("Via sub-techniques").parentElement).toHaveTextContent("(1)");
  });

  it("creates a draft per selected technique after a confirmation, and says what a refusal stopped", async () => {
    const posted = stub();
    renderWithProviders(<MatrixPage />, { route: "/matrix" });
    await screen.findByRole("grid", { name: "ATT&CK matrix" });
    fireEvent.click(cellOf("T1106")!, { ctrlKey: true });
    fireEvent.click(cellOf("T1059")!, { shiftKey: true });
    expect(screen.getByText("2 selected")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Create tests for these" }));
    const ask = await screen.findByRole("alertdialog", { name: "Create 2 draft tests?" });
    await userEvent.click(within(ask).getByRole("button", { name: "Create 2 drafts" }));
    await screen.findByText(/Created 2 draft tests/);
    expect(posted).toEqual([
      { technique_id: "T1106", title: "Validate T1106 Native API", severity: "medium", procedure: "" },
      { technique_id: "T1059", title: "Validate T1059 Command and Scripting Interpreter", severity: "medium", procedure: "" },
    ]);
    expect(screen.queryByText("2 selected")).not.toBeInTheDocument();

    // A refusal stops the batch: the error toast has the server's word, the rest stays selected.
    fireEvent.click(cellOf("T1106")!, { ctrlKey: true });
    fireEvent.click(cellOf("T1547")!, { ctrlKey: true });
    await userEvent.click(screen.getByRole("button", { name: "Create tests for these" }));
    await userEvent.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Create 2 drafts" }));
    await screen.findByText("not yours");
    await screen.findByText("1 of 2 drafts were created before T1547 was refused");
    await waitFor(() => expect(screen.getByText("1 selected")).toBeInTheDocument());
  });

  it("sends one selected technique to the new-test form", async () => {
    stub();
    renderWithProviders(
      <>
        <MatrixPage />
        <Where />
      </>,
      { route: "/matrix" },
    );
    await screen.findByRole("grid", { name: "ATT&CK matrix" });
    await userEvent.click(screen.getByRole("button", { name: "Select" }));
    await userEvent.click(cellOf("T1547")!);
    await userEvent.click(screen.getByRole("button", { name: "Create tests for these" }));
    expect(where().get("technique")).toBe("T1547");
  });
});
