import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ApiError } from "@/api/client";
import type { Evidence, Role, Side, TestDetail, TestState } from "@/api/types";
import { uploadThroughSlot } from "@/api/upload";
import { testDetail } from "@/test/fixtures";
import { renderWithProviders, stubApi } from "@/test/render";
import { EvidencePanel } from "./EvidencePanel";

vi.mock("@/api/upload", () => ({ uploadThroughSlot: vi.fn() }));

function makeTest(state: TestState, evidenceSides: Side[] = []): TestDetail {
  return testDetail({ state, created_by: "alice", evidence_sides: evidenceSides });
}

const redLog: Evidence = {
  id: "e1",
  test_id: "t1",
  side: "red",
  filename: "red.log",
  size_bytes: 12,
  sha256: "00",
  s3_key: "k",
  status: "complete",
  uploaded_by: "alice",
  uploaded_at: "2026-01-01T00:00:00Z",
};

function withEvidence(items: Evidence[]) {
  vi.stubGlobal("fetch", vi.fn(stubApi({ "GET /api/v1/tests/t1/evidence": { body: { items } } })));
}

const render = (test: TestDetail, role: Role, username: string) =>
  renderWithProviders(<EvidencePanel test={test} role={role} username={username} />);

describe("EvidencePanel", () => {
  it("offers the upload only for the sides the server names", async () => {
    withEvidence([]);
    const first = render(makeTest("red_executing", ["red"]), "red_tech", "alice");
    expect(screen.getByLabelText("Add red team evidence")).toBeInTheDocument();
    first.unmount();
    // The same red tech on a test assigned to someone else: no side, no upload.
    render(makeTest("red_executing", []), "red_tech", "alice");
    expect(screen.queryByLabelText(/team evidence/)).toBeNull();
    expect(screen.queryByRole("button", { name: "Upload" })).toBeNull();
  });

  it("lets the uploader delete while the side works, and not once it has submitted", async () => {
    withEvidence([redLog]);
    const first = render(makeTest("red_executing", ["red"]), "red_tech", "alice");
    await screen.findByRole("button", { name: "Delete red.log" });
    first.unmount();
    render(makeTest("blue_evaluating"), "red_tech", "alice");
    await screen.findByRole("button", { name: "Download red.log" });
    expect(screen.queryByRole("button", { name: "Delete red.log" })).toBeNull();
  });

  it("lets an admin delete submitted evidence", async () => {
    withEvidence([redLog]);
    render(makeTest("validated"), "admin", "root");
    await screen.findByRole("button", { name: "Delete red.log" });
  });

  it("deletes only once the user confirms, saying whose file it is", async () => {
    const fetch = vi.fn(stubApi({ "GET /api/v1/tests/t1/evidence": { body: { items: [redLog] } }, "DELETE /api/v1/tests/t1/evidence/e1": { status: 204 } }));
    vi.stubGlobal("fetch", fetch);
    const deletes = () => fetch.mock.calls.filter(([, init]) => init?.method === "DELETE").map(([url]) => String(url));
    render(makeTest("validated"), "admin", "root");
    // given the admin asks to delete a red tech's file, then cancels
    await userEvent.click(await screen.findByRole("button", { name: "Delete red.log" }));
    const dialog = screen.getByRole("alertdialog", { name: "Delete evidence?" });
    expect(dialog).toHaveAccessibleDescription(/^red\.log will be removed from the test\..* It was uploaded by alice\.$/);
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(deletes()).toEqual([]);
    // when they ask again and confirm, then the file is deleted
    await userEvent.click(screen.getByRole("button", { name: "Delete red.log" }));
    await userEvent.click(screen.getByRole("button", { name: "Delete evidence" }));
    await screen.findByText("Deleted red.log");
    expect(deletes()).toEqual(["/api/v1/tests/t1/evidence/e1"]);
  });

  it("explains a 409 on completing the upload: the side has submitted meanwhile", async () => {
    withEvidence([]);
    vi.mocked(uploadThroughSlot).mockRejectedValue(
      new ApiError({ status: 409, detail: "red evidence is added while the test is red_executing; it is blue_evaluating now" }),
    );
    const { client } = render(makeTest("red_executing", ["red"]), "red_tech", "alice");
    const invalidate = vi.spyOn(client, "invalidateQueries");
    await userEvent.upload(screen.getByLabelText("Add red team evidence"), new File(["x"], "late.log", { type: "text/plain" }));
    await userEvent.click(screen.getByRole("button", { name: "Upload" }));
    await screen.findByText(/late\.log was not added: the red team has submitted its results on this test/);
    expect(vi.mocked(uploadThroughSlot).mock.calls[0]![1]).toMatchObject({ slotFields: { side: "red" } });
    await waitFor(() => expect(invalidate).toHaveBeenCalledWith({ queryKey: ["tests", "detail", "t1"] }));
  });
});
