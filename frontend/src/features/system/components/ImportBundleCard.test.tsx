import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { SyncRun } from "@/api/types";
import { renderWithProviders, stubApi } from "@/test/render";
import { ImportBundleCard } from "./ImportBundleCard";

// jsdom's Blob cannot be read as an ArrayBuffer; the digest itself is tested in src/api.
vi.mock("@/lib/sha256", () => ({ sha256Hex: async () => "ab".repeat(32) }));

/** Storage that takes every PUT, reporting its progress on the way. */
class Storage {
  static puts = 0;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  status = 0;
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  open() {}
  setRequestHeader() {}
  send() {
    Storage.puts++;
    setTimeout(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 1, total: 2 });
      this.status = 200;
      this.onload?.();
    });
  }
}

const slot = { status: 201, body: { id: "s1", upload_url: "http://127.0.0.1:4566/bucket/key", headers: { "content-length": "2" }, expires_in: 3600 } };
const run = (status: SyncRun["status"]): SyncRun =>
  ({
    run_id: "0f0e0d0c-0000-0000-0000-000000000000",
    status,
    attack_version: "1.0",
    counts: { added: 0, updated: 1, deprecated: 0, revoked: 0, removed: 0, unchanged: 13, failed: 0 },
    trigger: "upload",
    started_at: "2026-01-01T00:00:00Z",
  }) as unknown as SyncRun;

afterEach(() => {
  Storage.puts = 0;
  vi.unstubAllGlobals();
});

/** The card with a run list that "polls" (answers the run as succeeded) when asked to. */
function PolledRuns() {
  const [runs, setRuns] = useState<SyncRun[]>([]);
  return (
    <>
      <button type="button" onClick={() => setRuns([run("succeeded")])}>
        Poll
      </button>
      <ImportBundleCard runs={runs} running={false} />
    </>
  );
}

const bundle = () => new File(["{}"], "enterprise-attack.json.gz", { type: "application/gzip" });

describe("ImportBundleCard", () => {
  it("refuses a file that is not a bundle before sending anything", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<ImportBundleCard runs={[]} running={false} />);
    await userEvent.upload(screen.getByLabelText("Bundle file"), new File(["x"], "notes.txt", { type: "text/plain" }), { applyAccept: false });
    expect(screen.getByRole("alert")).toHaveTextContent("Choose a STIX bundle: a .json, .json.gz or .gz file");
    expect(screen.getByRole("button", { name: "Import bundle" })).toBeDisabled();
    expect(fetch).not.toHaveBeenCalled();
  });

  it("uploads with progress, then follows the run it started", async () => {
    vi.stubGlobal("XMLHttpRequest", Storage);
    vi.stubGlobal("fetch", vi.fn(stubApi({ "POST /api/v1/system/uploads": slot, "POST /api/v1/system/uploads/s1/complete": { status: 202, body: { run_id: run("running").run_id } } })));
    renderWithProviders(<PolledRuns />);
    await userEvent.upload(screen.getByLabelText("Bundle file"), bundle());
    await userEvent.click(screen.getByRole("button", { name: "Import bundle" }));
    expect(await screen.findByText("Uploaded enterprise-attack.json.gz, checksum verified")).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Upload progress" })).toHaveAttribute("aria-valuenow", "100");
    expect(Storage.puts).toBe(1);
    expect(screen.getByTestId("import-run")).toHaveAttribute("data-status", "starting");
    await userEvent.click(screen.getByRole("button", { name: "Poll" }));
    expect(screen.getByTestId("import-run")).toHaveAttribute("data-status", "succeeded");
    expect(screen.getByTestId("import-run")).toHaveTextContent("1 updated");
  });

  it("says in the error toast when a sync is already running", async () => {
    vi.stubGlobal("XMLHttpRequest", Storage);
    vi.stubGlobal(
      "fetch",
      vi.fn(
        stubApi({
          "POST /api/v1/system/uploads": slot,
          "POST /api/v1/system/uploads/s1/complete": { status: 409, body: { status: 409, title: "Conflict", detail: "a sync is already running (run r1)" } },
        }),
      ),
    );
    renderWithProviders(<ImportBundleCard runs={[]} running={false} />);
    await userEvent.upload(screen.getByLabelText("Bundle file"), bundle());
    await userEvent.click(screen.getByRole("button", { name: "Import bundle" }));
    expect(await screen.findByText(/^A sync is already running: wait for it to finish/, { selector: "[data-toast=error] p" })).toBeInTheDocument();
  });

  it("shows a checksum refused by the server next to the file", async () => {
    vi.stubGlobal("XMLHttpRequest", Storage);
    vi.stubGlobal(
      "fetch",
      vi.fn(
        stubApi({
          "POST /api/v1/system/uploads": slot,
          "POST /api/v1/system/uploads/s1/complete": {
            status: 422,
            body: { status: 422, detail: "file: …", errors: [{ field: "file", code: "checksum_mismatch", message: "SHA-256 of the upload is x, declared y" }] },
          },
        }),
      ),
    );
    renderWithProviders(<ImportBundleCard runs={[]} running={false} />);
    await userEvent.upload(screen.getByLabelText("Bundle file"), bundle());
    await userEvent.click(screen.getByRole("button", { name: "Import bundle" }));
    expect(await screen.findByText(/SHA-256 is not that of the file you chose/, { selector: "#bundle-file-error" })).toBeInTheDocument();
  });
});
