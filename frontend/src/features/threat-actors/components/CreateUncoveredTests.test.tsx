import { afterEach, describe, expect, it, vi } from "vitest";
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Matrix } from "@/api/types";
import { cell } from "@/test/matrix";
import { renderWithProviders } from "@/test/render";
import { CreateUncoveredTests } from "./CreateUncoveredTests";

// T1059 is covered through its validated sub-technique; T1106 was tested without coverage;
// T1547 was never tested; T1053 is validated.
const heatmap = {
  tactics: [
    {
      id: "TA0002",
      name: "Execution",
      shortname: "execution",
      score: 0,
      techniques: [
        cell("T1059", { subtechniques: [cell("T1059.001", { status: "validated", tests_total: 1, tests_validated: 1 })] }),
        cell("T1106", { tests_total: 2 }),
        cell("T1053", { status: "validated", tests_total: 1, tests_validated: 1 }),
      ],
    },
    { id: "TA0003", name: "Persistence", shortname: "persistence", score: 0, techniques: [cell("T1547"), cell("T1053", { status: "validated", tests_total: 1, tests_validated: 1 })] },
  ],
} as unknown as Matrix;

describe("CreateUncoveredTests", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("drafts a test for each uncovered technique of the actor, after a confirmation", async () => {
    const posted: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input), "http://localhost");
        if (url.pathname === "/api/v1/heatmap") {
          expect(url.searchParams.get("threat_actor")).toBe("G0016");
          return Response.json(heatmap);
        }
        if (url.pathname === "/api/v1/tests" && init?.method === "POST") {
          const body = JSON.parse(String(init.body));
          posted.push(body.technique_id);
          return Response.json({ id: `t-${posted.length}`, technique_id: body.technique_id }, { status: 201 });
        }
        return Response.json({ status: 404, title: "Not Found" }, { status: 404 });
      }),
    );
    renderWithProviders(<CreateUncoveredTests actorId="G0016" actorName="APT29" />);
    const button = await screen.findByRole("button", { name: "Create tests for the 2 uncovered" });
    expect(button).toHaveAttribute("title", "1 untested, 1 tested without coverage");
    await userEvent.click(button);
    const ask = await screen.findByRole("alertdialog", { name: "Create 2 draft tests?" });
    expect(ask).toHaveTextContent("One draft per technique of APT29 that nothing covers yet (T1106, T1547)");
    await userEvent.click(within(ask).getByRole("button", { name: "Create 2 drafts" }));
    await screen.findByText(/Created 2 draft tests/);
    expect(posted).toEqual(["T1106", "T1547"]);
  });

  it("offers nothing when every technique is covered", async () => {
    const covered = { tactics: [{ ...heatmap.tactics[0]!, techniques: [heatmap.tactics[0]!.techniques[0]!, heatmap.tactics[0]!.techniques[2]!] }] };
    const fetch = vi.fn(async () => Response.json(covered));
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<CreateUncoveredTests actorId="G0016" actorName="APT29" />);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    // Let the answer arrive and render.
    await act(() => new Promise((r) => setTimeout(r, 30)));
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});
