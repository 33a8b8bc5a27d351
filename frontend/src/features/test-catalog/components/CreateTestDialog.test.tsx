import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import type { FullTemplate } from "../model/template";
import { renderWithProviders, stubApi } from "@/test/render";
import { CreateTestDialog } from "./CreateTestDialog";

const template = {
  id: "tpl-1",
  source: "atomic-red-team",
  source_id: "f3132740",
  name: "Download and run a script",
  technique_ids: ["T1059.001", "T1105"],
  tactics: ["execution"],
  platforms: ["windows"],
  executor: "powershell",
  active: true,
  retired: false,
  unknown_techniques: [],
  elevation_required: false,
  description: "",
  command: "iwr #{url} -OutFile #{file}",
  cleanup: "del #{file}",
  arguments: [
    { name: "file", description: "Where to write", type: "path", default: "C:\\a.ps1" },
    { name: "url", description: null, type: "url", default: null },
  ],
  privileges: null,
  references: [],
  upstream_path: null,
  content_hash: "ab",
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  created_by: null,
  updated_by: null,
  tests_count: 0,
} as FullTemplate;

afterEach(() => vi.unstubAllGlobals());

function renderDialog() {
  return renderWithProviders(
    <Routes>
      <Route path="/test-catalog/tpl-1" element={<CreateTestDialog template={template} onClose={() => {}} />} />
      <Route path="/tests/:id" element={<p>The new test</p>} />
    </Routes>,
    { route: "/test-catalog/tpl-1" },
  );
}

describe("CreateTestDialog", () => {
  it("prefills each argument with its default and previews the procedure as the server will resolve it", async () => {
    renderDialog();
    expect(screen.getByRole("textbox", { name: /^file/ })).toHaveValue("C:\\a.ps1");
    expect(screen.getByRole("textbox", { name: /^url/ })).toHaveValue("");
    expect(screen.getByTestId("procedure-preview")).toHaveTextContent("iwr #{url} -OutFile C:\\a.ps1");
    expect(screen.getByText(/No value for #\{url\}/)).toBeInTheDocument();
    await userEvent.type(screen.getByRole("textbox", { name: /^url/ }), "http://127.0.0.1/x.ps1");
    expect(screen.getByTestId("procedure-preview")).toHaveTextContent("iwr http://127.0.0.1/x.ps1 -OutFile C:\\a.ps1");
    expect(screen.queryByText(/No value for/)).not.toBeInTheDocument();
  });

  it("posts the template and the arguments typed, then opens the new test", async () => {
    const fetch = vi.fn(stubApi({ "POST /api/v1/tests": { status: 201, body: { id: "t-9", title: "Download and run a script" } } }));
    vi.stubGlobal("fetch", fetch);
    renderDialog();
    await userEvent.type(screen.getByRole("textbox", { name: /^url/ }), "http://127.0.0.1/x.ps1");
    await userEvent.selectOptions(screen.getByLabelText("Technique"), "T1105");
    await userEvent.click(screen.getByRole("button", { name: "Create test" }));
    expect(await screen.findByText("The new test")).toBeInTheDocument();
    const [, init] = fetch.mock.calls[0]!;
    expect(JSON.parse(String(init?.body))).toEqual({
      template_id: "tpl-1",
      // The prefilled default is sent as it stands, with the value typed.
      arguments: { file: "C:\\a.ps1", url: "http://127.0.0.1/x.ps1" },
      technique_id: "T1105",
      title: "Download and run a script",
      severity: "medium",
      target_host: null,
    });
  });

  it("shows the server's refusal of the template (deactivated meanwhile)", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        stubApi({
          "POST /api/v1/tests": {
            status: 422,
            body: { status: 422, title: "Invalid request", detail: "template_id: the template is deactivated", errors: [{ field: "template_id", code: "unavailable", message: "the template is deactivated" }] },
          },
        }),
      ),
    );
    renderDialog();
    await userEvent.click(screen.getByRole("button", { name: "Create test" }));
    expect(await screen.findByText("the template is deactivated")).toBeInTheDocument();
    expect(screen.queryByText("The new test")).not.toBeInTheDocument();
  });
});
