import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import type { Role } from "@/api/types";
import type { RulePage, RuleSummary } from "@/api/defense";
import { renderWithProviders } from "@/test/render";
import DetectionRulesPage from "./DetectionRulesPage";

const session = vi.hoisted(() => ({ role: "viewer" as Role }));
vi.mock("@/auth/session", () => ({
  useCurrentUser: () => ({ username: "u", role: session.role, full_name: "U", active: true }),
}));

const rule = (id: string, title: string, over: Partial<RuleSummary> = {}): RuleSummary => ({
  id,
  source: "sigma",
  source_id: `sigma-${id}`,
  title,
  technique_ids: ["T1059.001"],
  tactics: ["execution"],
  platforms: ["windows"],
  logsource: "windows/process_creation/",
  level: "high",
  status: "stable",
  deprecated: false,
  building_block: false,
  retired: false,
  unknown_techniques: [],
  ...over,
});

const page: RulePage = { items: [rule("a", "Encoded PowerShell"), rule("b", "Old thing", { deprecated: true, technique_ids: [] })], next_cursor: null, total: 2 };

function api() {
  const calls: { path: string; query: URLSearchParams }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), "http://localhost");
      calls.push({ path: url.pathname, query: url.searchParams });
      const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
      if (url.pathname === "/api/v1/detection-rules") return json(page);
      if (url.pathname === "/api/v1/tactics") return json({ items: [{ id: "TA0002", shortname: "execution", name: "Execution" }] });
      return new Response("{}", { status: 404 });
    }),
  );
  return calls;
}

function Where() {
  return <output data-testid="where">{useLocation().search}</output>;
}

function renderRules(role: Role, search = "") {
  session.role = role;
  return renderWithProviders(
    <Routes>
      <Route
        path="/detection-rules"
        element={
          <>
            <DetectionRulesPage />
            <Where />
          </>
        }
      />
    </Routes>,
    { route: `/detection-rules${search}` },
  );
}

const sizes = { clientHeight: 600, clientWidth: 1200, offsetHeight: 56, offsetWidth: 1200 };
const saved: Record<string, PropertyDescriptor | undefined> = {};
beforeAll(() => {
  for (const [k, v] of Object.entries(sizes)) {
    saved[k] = Object.getOwnPropertyDescriptor(HTMLElement.prototype, k);
    Object.defineProperty(HTMLElement.prototype, k, { configurable: true, get: () => v });
  }
});
afterAll(() => {
  for (const k of Object.keys(sizes)) if (saved[k]) Object.defineProperty(HTMLElement.prototype, k, saved[k]!);
});
afterEach(() => vi.unstubAllGlobals());

const listCalls = (calls: ReturnType<typeof api>) => calls.filter((c) => c.path === "/api/v1/detection-rules");

describe("DetectionRulesPage", () => {
  it("lists with the URL's filters, shows the total and each rule's flags", async () => {
    const calls = api();
    renderRules("viewer", "?technique=T1059&mapped=true&source=sigma&level=high");
    expect(await screen.findByText("Encoded PowerShell")).toBeInTheDocument();
    expect(Object.fromEntries(listCalls(calls)[0]!.query)).toEqual({ technique: "T1059", mapped: "true", source: "sigma", level: "high", limit: "200" });
    expect(screen.getByTestId("rules-total")).toHaveTextContent("2 rules match");
    const table = within(screen.getByRole("table", { name: "Detection rules" }));
    expect(table.getByText("Deprecated")).toBeInTheDocument();
    expect(table.getByText("Unmapped")).toBeInTheDocument();
    expect(screen.getByLabelText("Technique")).toHaveValue("T1059");
    expect(screen.getByLabelText("Mapping")).toHaveValue("true");
    expect(screen.queryByRole("button", { name: "New custom rule" })).toBeNull();
  });

  it("writes a changed filter to the URL and lists again with it", async () => {
    const calls = api();
    renderRules("blue_tech", "?technique=T1059");
    await screen.findByText("Encoded PowerShell");
    expect(screen.getByRole("button", { name: "New custom rule" })).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("Deprecated"), "false");
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent("?technique=T1059&deprecated=false"));
    await waitFor(() => expect(listCalls(calls).at(-1)!.query.get("deprecated")).toBe("false"));
    await userEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent(/^$/));
  });
});
