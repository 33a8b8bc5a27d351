import { describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithProviders, stubApi } from "@/test/render";
import ScoringPage from "./ScoringPage";

const saved = { tests: 40, detection_rules: 20, d3fend: 15, freshness: 15, platform_diversity: 10 };

describe("ScoringPage", () => {
  it("saves a changed weight as numbers", async () => {
    const fetch = vi.fn(
      stubApi({
        "GET /api/v1/scores/config": { body: saved },
        "PUT /api/v1/scores/config": { body: { ...saved, tests: 60 } },
      }),
    );
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<ScoringPage />);
    const tests = await screen.findByLabelText("Tests Weight");
    expect(screen.getByRole("button", { name: "Save weights" })).toBeDisabled();
    await userEvent.clear(tests);
    await userEvent.type(tests, "60");
    await userEvent.click(screen.getByRole("button", { name: "Save weights" }));
    await screen.findByText(/Scoring weights saved/);
    const put = fetch.mock.calls.find(([, init]) => init?.method === "PUT")!;
    expect(JSON.parse(String(put[1]!.body))).toEqual({ ...saved, tests: 60 });
  });

  it("shows its own check next to the field and does not send", async () => {
    const fetch = vi.fn(stubApi({ "GET /api/v1/scores/config": { body: saved } }));
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<ScoringPage />);
    const d3fend = await screen.findByLabelText("D3FEND Weight");
    await userEvent.clear(d3fend);
    await userEvent.type(d3fend, "150");
    await userEvent.click(screen.getByRole("button", { name: "Save weights" }));
    expect(await screen.findByText("Each weight is 0-100")).toBeInTheDocument();
    expect(d3fend).toHaveAttribute("aria-invalid", "true");
    expect(fetch.mock.calls.some(([, init]) => init?.method === "PUT")).toBe(false);
  });

  it("shows the server's field errors next to the field, and a toast pointing there", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        stubApi({
          "GET /api/v1/scores/config": { body: saved },
          "PUT /api/v1/scores/config": {
            status: 422,
            body: { status: 422, title: "Unprocessable", detail: "freshness: refused by the server", errors: [{ field: "freshness", code: "invalid", message: "refused by the server" }] },
          },
        }),
      ),
    );
    renderWithProviders(<ScoringPage />);
    const freshness = await screen.findByLabelText("Freshness Weight");
    await userEvent.clear(freshness);
    await userEvent.type(freshness, "5");
    await userEvent.click(screen.getByRole("button", { name: "Save weights" }));
    await waitFor(() => expect(freshness).toHaveAttribute("aria-invalid", "true"));
    expect(screen.getByText("refused by the server")).toHaveAttribute("id", "weight-freshness-error");
    expect(screen.getByText("See the messages next to the fields.", { selector: "[data-toast=error] p" })).toBeInTheDocument();
  });
});
