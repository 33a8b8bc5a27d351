import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import type { Role } from "@/api/types";
import type { TemplatePage, TemplateStats, TemplateSummary } from "@/api/content";
import { renderWithProviders } from "@/test/render";
import TestCatalogPage from "./TestCatalogPage";

const session = vi.hoisted(() => ({ role: "viewer" as Role }));
vi.mock("@/auth/session", () => ({
  useCurrentUser: () => ({ username: "u", role: session.role, full_name: "U", active: true }),
}));

const summary = (id: string, name: string, over: Partial<TemplateSummary> = {}): TemplateSummary => ({
  id,
  source: "atomic-red-team",
  source_id: id,
  name,
  technique_ids: ["T1059.001"],
  tactics: ["execution"],
  platforms: ["windows"],
  executor: "powershell",
  active: true,
  retired: false,
  unknown_techniques: [],
  elevation_required: false,
  ...over,
});

const page: TemplatePage = { items: [summary("a", "Mimikatz"), summary("b", "Encoded command", { active: false })], next_cursor: null, total: 2 };
const stats: TemplateStats = {
  total: 40,
  active: 30,
  inactive: 10,
  retired: 1,
  flagged: 2,
  techniques_with_active: 12,
  by_source: [{ source: "atomic-red-team", total: 40, active: 30, retired: 1 }],
  by_tactic: [],
};

/** The API: the list, its stats and tactics; every call recorded with its query and body. */
function api() {
  const calls: { method: string; path: string; query: URLSearchParams; body: unknown }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    const method = init?.method ?? "GET";
    calls.push({ method, path: url.pathname, query: url.searchParams, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
    if (url.pathname === "/api/v1/test-templates/stats") return json(stats);
    if (url.pathname === "/api/v1/test-templates") return json(page);
    if (url.pathname === "/api/v1/test-templates/bulk") return json({ updated: 1 });
    if (url.pathname === "/api/v1/tactics") return json({ items: [{ id: "TA0002", shortname: "execution", name: "Execution" }] });
    return new Response("{}", { status: 404 });
  });
  vi.stubGlobal("fetch", fetch);
  return calls;
}

function Where() {
  return <output data-testid="where">{useLocation().search}</output>;
}

function renderCatalog(role: Role, search = "") {
  session.role = role;
  return renderWithProviders(
    <Routes>
      <Route
        path="/test-catalog"
        element={
          <>
            <TestCatalogPage />
            <Where />
          </>
        }
      />
    </Routes>,
    { route: `/test-catalog${search}` },
  );
}

// jsdom lays nothing out: give the virtualised list's scroller a height so its rows render.
const sizes = { clientHeight: 600, clientWidth: 1200, offsetHeight: 60, offsetWidth: 1200 };
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

const listCalls = (calls: ReturnType<typeof api>) => calls.filter((c) => c.method === "GET" && c.path === "/api/v1/test-templates");

describe("TestCatalogPage", () => {
  it("lists with the filters the URL holds, and shows the total and the stats", async () => {
    const calls = api();
    renderCatalog("viewer", "?technique=T1059&active=true&source=atomic-red-team");
    expect(await screen.findByText("Mimikatz")).toBeInTheDocument();
    const q = listCalls(calls)[0]!.query;
    expect(Object.fromEntries(q)).toEqual({ technique: "T1059", active: "true", source: "atomic-red-team", limit: "100" });
    expect(screen.getByTestId("catalog-total")).toHaveTextContent("2 templates match");
    const summaryRegion = screen.getByRole("region", { name: "Catalog summary" });
    expect(within(summaryRegion).getByText("Techniques with an active template").nextSibling).toHaveTextContent("12");
    expect(screen.getByLabelText("Technique")).toHaveValue("T1059");
    expect(screen.getByLabelText("Status")).toHaveValue("true");
  });

  it("writes a changed filter to the URL and lists again with it", async () => {
    const calls = api();
    renderCatalog("viewer", "?technique=T1059");
    await screen.findByText("Mimikatz");
    await userEvent.selectOptions(screen.getByLabelText("Source"), "lolbas");
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent("?technique=T1059&source=lolbas"));
    await waitFor(() => expect(listCalls(calls).at(-1)!.query.get("source")).toBe("lolbas"));
    await userEvent.clear(screen.getByLabelText("Technique"));
    await userEvent.type(screen.getByLabelText("Technique"), "t1003");
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent("?technique=T1003&source=lolbas"));
    await userEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(screen.getByTestId("where")).toBeEmptyDOMElement());
  });

  it("offers a viewer no selection, no bulk change and no custom template", async () => {
    api();
    renderCatalog("viewer");
    await screen.findByText("Mimikatz");
    expect(screen.queryByRole("checkbox", { name: "Select Mimikatz" })).not.toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Activate or deactivate templates" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "New custom template" })).not.toBeInTheDocument();
  });

  it("lets a red tech write custom templates but not switch templates on or off", async () => {
    api();
    renderCatalog("red_tech");
    await screen.findByText("Mimikatz");
    expect(screen.getByRole("button", { name: "New custom template" })).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Activate or deactivate templates" })).not.toBeInTheDocument();
  });

  it("lets a blue lead deactivate the selected templates", async () => {
    const calls = api();
    renderCatalog("blue_lead");
    await screen.findByText("Mimikatz");
    expect(screen.queryByRole("button", { name: "New custom template" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("checkbox", { name: "Select Mimikatz" }));
    const bar = screen.getByRole("region", { name: "Activate or deactivate templates" });
    expect(bar).toHaveTextContent("1 template selected");
    await userEvent.click(within(bar).getByRole("button", { name: "Deactivate selected" }));
    await waitFor(() => expect(calls.find((c) => c.path === "/api/v1/test-templates/bulk")?.body).toEqual({ ids: ["a"], active: false }));
    expect(await within(bar).findByText("Select templates to change them")).toBeInTheDocument();
  });

  it("applies to all matching through the bulk filter, after asking", async () => {
    const calls = api();
    renderCatalog("admin", "?technique=T1059&platform=windows");
    await screen.findByText("Mimikatz");
    await userEvent.click(screen.getByRole("checkbox", { name: "Select every loaded template" }));
    expect(screen.getByRole("region", { name: "Activate or deactivate templates" })).toHaveTextContent("2 templates selected");
    await userEvent.click(screen.getByRole("button", { name: "Activate all matching" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Activate every matching template?" });
    expect(dialog).toHaveTextContent("2 templates matching the filters will be offered");
    await userEvent.click(within(dialog).getByRole("button", { name: "Activate all matching" }));
    await waitFor(() =>
      expect(calls.find((c) => c.path === "/api/v1/test-templates/bulk")?.body).toEqual({ filter: { technique: "T1059", platform: "windows" }, active: true }),
    );
  });

  it("deactivates all matching with the retired and flagged filters too", async () => {
    const calls = api();
    renderCatalog("red_lead", "?flagged=true&retired=true");
    await screen.findByText("Mimikatz");
    await userEvent.click(screen.getByRole("button", { name: "Deactivate all matching" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Deactivate every matching template?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Deactivate all matching" }));
    await waitFor(() => expect(calls.find((c) => c.path === "/api/v1/test-templates/bulk")?.body).toEqual({ filter: { retired: true, flagged: true }, active: false }));
  });
});
