import { describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithProviders, stubApi } from "@/test/render";
import { ImportLayerDialog } from "./ImportLayerDialog";

const file = (text: string, name = "layer.json") => new File([text], name, { type: "application/json" });

describe("ImportLayerDialog", () => {
  it("names what is wrong with a file before uploading anything", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<ImportLayerDialog open onClose={() => {}} onImported={() => {}} />);
    await userEvent.upload(screen.getByLabelText(/Layer file/), file(JSON.stringify({ techniques: [{ techniqueID: "X1" }] })));
    expect(await screen.findByText("“X1” is not an ATT&CK technique id.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Import set" })).toBeDisabled();
    expect(fetch).not.toHaveBeenCalled();
  });

  it("uploads the layer under the chosen name and reports the set", async () => {
    const set = { id: "s1", name: "APT29 profile", description: "", domain: "enterprise-attack", created_by: "lead", created_at: "2026-01-01T00:00:00Z", techniques: 2, unknown: ["T9999"], counts: {}, coverage_pct: 50, score: 40 };
    const fetch = vi.fn(stubApi({ "POST /api/v1/heatmap/navigator-layer": { status: 201, body: set } }));
    vi.stubGlobal("fetch", fetch);
    const onImported = vi.fn();
    renderWithProviders(<ImportLayerDialog open onClose={() => {}} onImported={onImported} />);
    const layer = { name: "APT29", domain: "enterprise-attack", techniques: [{ techniqueID: "T1059" }, { techniqueID: "T1003" }, { techniqueID: "T9999" }] };
    await userEvent.upload(screen.getByLabelText(/Layer file/), file(JSON.stringify(layer)));
    expect(await screen.findByTestId("layer-summary")).toHaveTextContent("3 techniques in enterprise-attack");
    const name = screen.getByLabelText(/Set name/);
    expect(name).toHaveValue("APT29");
    await userEvent.clear(name);
    await userEvent.type(name, "APT29 profile");
    await userEvent.click(screen.getByRole("button", { name: "Import set" }));
    await waitFor(() => expect(onImported).toHaveBeenCalledWith(set));
    expect(await screen.findByText(/Imported “APT29 profile”: 2 techniques; 1 id unknown to the catalog left out/)).toBeInTheDocument();
    const body = JSON.parse(String(fetch.mock.calls[0]![1]!.body));
    expect(body).toMatchObject({ name: "APT29 profile", techniques: layer.techniques });
  });

  it("shows the server's refusal of the layer next to the file field", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        stubApi({
          "POST /api/v1/heatmap/navigator-layer": {
            status: 422,
            body: { status: 422, title: "Unprocessable", detail: "body: unknown layer domain", errors: [{ field: "body", code: "invalid_layer", message: "unknown layer domain" }] },
          },
        }),
      ),
    );
    renderWithProviders(<ImportLayerDialog open onClose={() => {}} onImported={() => {}} />);
    await userEvent.upload(screen.getByLabelText(/Layer file/), file(JSON.stringify({ techniques: [{ techniqueID: "T1059" }] })));
    await userEvent.click(await screen.findByRole("button", { name: "Import set" }));
    expect(await screen.findByText("unknown layer domain")).toBeInTheDocument();
    expect(screen.getByLabelText(/Layer file/)).toHaveAttribute("aria-invalid", "true");
  });

  it("shows the server's message when none of the layer's techniques is in the catalog", async () => {
    const message = "none of the layer's 1 techniques is in the enterprise-attack catalog (e.g. T9999)";
    vi.stubGlobal(
      "fetch",
      vi.fn(
        stubApi({
          "POST /api/v1/heatmap/navigator-layer": {
            status: 422,
            body: { status: 422, title: "Unprocessable", detail: `techniques: ${message}`, errors: [{ field: "techniques", code: "no_known_techniques", message }] },
          },
        }),
      ),
    );
    const onImported = vi.fn();
    renderWithProviders(<ImportLayerDialog open onClose={() => {}} onImported={onImported} />);
    await userEvent.upload(screen.getByLabelText(/Layer file/), file(JSON.stringify({ techniques: [{ techniqueID: "T9999" }] })));
    await userEvent.click(await screen.findByRole("button", { name: "Import set" }));
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(screen.getByLabelText(/Layer file/)).toHaveAttribute("aria-invalid", "true");
    expect(onImported).not.toHaveBeenCalled();
  });
});
