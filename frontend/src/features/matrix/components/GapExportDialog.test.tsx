import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithProviders } from "@/test/render";
import { GapExportDialog } from "./GapExportDialog";

describe("GapExportDialog", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("passes the tactic and technique set filters through to the export", async () => {
    const fetch = vi.fn(async (input: RequestInfo | URL) =>
      new URL(String(input), "http://localhost").pathname === "/api/v1/tactics"
        ? Response.json({ items: [{ id: "TA0002", shortname: "execution", name: "Execution", order: 3 }] })
        : new Response("technique_id,name\n", { status: 200, headers: { "content-disposition": 'attachment; filename="gaps.csv"' } }),
    );
    vi.stubGlobal("fetch", fetch);
    // jsdom has no object URLs and does not navigate: the download link is only clicked.
    vi.stubGlobal("URL", Object.assign(class extends URL {}, { createObjectURL: () => "blob:gaps", revokeObjectURL: () => {} }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    const onClose = vi.fn();
    renderWithProviders(
      <GapExportDialog open onClose={onClose} filters={{ platform: "Windows", threat_actor: "", tactic: "execution", technique_set: "set-1" }} setName="APT29 profile" statusIgnored={false} />,
    );
    // The tactic by its name, never its slug.
    expect(await screen.findByText("Only techniques for platform Windows and tactic Execution and technique set APT29 profile.")).toBeInTheDocument();
    expect(screen.queryByText(/does not apply/)).not.toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("Format"), "csv");
    await userEvent.click(screen.getByRole("button", { name: "Download gaps" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(click).toHaveBeenCalledOnce();
    const gaps = fetch.mock.calls.map((c) => new URL(String(c[0]), "http://localhost")).filter((u) => u.pathname !== "/api/v1/tactics");
    expect(gaps).toHaveLength(1);
    const url = gaps[0]!;
    expect(url.pathname).toBe("/api/v1/heatmap/gaps");
    expect(Object.fromEntries(url.searchParams)).toEqual({ platform: "Windows", tactic: "execution", technique_set: "set-1", format: "csv" });
  });

  it("names the threat actor, not its id", () => {
    vi.stubGlobal("fetch", vi.fn(async () => Response.json({ items: [] })));
    renderWithProviders(<GapExportDialog open onClose={() => {}} filters={{ threat_actor: "G0016" }} actorName="APT29" statusIgnored={false} />);
    expect(screen.getByText("Only techniques for threat actor APT29.")).toBeInTheDocument();
  });

  it("says only the coverage filter does not apply", () => {
    renderWithProviders(<GapExportDialog open onClose={() => {}} filters={{}} statusIgnored />);
    expect(screen.getByText(/Every technique of the matrix\. The coverage filter does not apply/)).toBeInTheDocument();
  });
});
