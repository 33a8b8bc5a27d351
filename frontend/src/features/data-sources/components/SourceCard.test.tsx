import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { DataSource, SourceRun } from "@/api/content";
import { renderWithProviders } from "@/test/render";
import { followedRunId, SourceCard } from "./SourceCard";

vi.mock("@/lib/sha256", () => ({ sha256Hex: async () => "ab".repeat(32) }));

const run = (over: Partial<SourceRun> = {}): SourceRun => ({
  run_id: "r1",
  source: "atomic-red-team",
  trigger: "manual",
  status: "succeeded",
  input: "https://github.com/redcanaryco/atomic-red-team/archive/refs/heads/master.tar.gz",
  stage: "done",
  records_read: 4,
  records_written: 4,
  counts: { added: 3, updated: 1, removed: 0, unchanged: 0, flagged: 1, skipped: 1 },
  errors: [{ path: "atomics/T9999/T9999.yaml", reason: "not YAML" }],
  error: null,
  requested_by: "admin",
  started_at: "2026-01-01T00:00:00Z",
  finished_at: "2026-01-01T00:01:00Z",
  ...over,
});

const source = (over: Partial<DataSource> = {}): DataSource => ({
  id: "atomic-red-team",
  name: "Atomic Red Team",
  kind: "test_templates",
  url: "https://github.com/redcanaryco/atomic-red-team/archive/refs/heads/master.tar.gz",
  default_url: "https://github.com/redcanaryco/atomic-red-team/archive/refs/heads/master.tar.gz",
  enabled: true,
  schedule: "weekly",
  last_run: run(),
  last_success_at: "2026-01-01T00:01:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  updated_by: null,
  ...over,
});

type Handler = (url: URL, init?: RequestInit) => { status?: number; body?: unknown } | undefined;

/** The API by handler; every call recorded (method, path, query, headers, body). */
function stub(handler: Handler) {
  const calls: { method: string; path: string; url: URL; init?: RequestInit }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), "http://localhost");
      calls.push({ method: init?.method ?? "GET", path: url.pathname, url, init });
      const hit = handler(url, init);
      if (!hit) return new Response(JSON.stringify({ status: 404, detail: `no route ${url.pathname}` }), { status: 404 });
      return new Response(JSON.stringify(hit.body ?? {}), { status: hit.status ?? 200, headers: { "content-type": "application/json" } });
    }),
  );
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe("followedRunId", () => {
  it("follows the run started here, else a run still running, else none", () => {
    expect(followedRunId(source(), "new")).toBe("new");
    expect(followedRunId(source({ last_run: run({ status: "running", run_id: "r9" }) }), null)).toBe("r9");
    expect(followedRunId(source(), null)).toBeNull();
    expect(followedRunId(source({ last_run: null }), null)).toBeNull();
  });
});

/** The card as the page holds it: the run it started is handed back to it. */
function Following() {
  const [started, setStarted] = useState<string | null>(null);
  return <SourceCard source={source()} started={started} onStarted={setStarted} />;
}

describe("SourceCard", () => {
  it("shows the last run's counts and the files it skipped, with path and reason", () => {
    stub(() => undefined);
    renderWithProviders(<SourceCard source={source()} started={null} onStarted={() => {}} />);
    const last = screen.getByRole("region", { name: "Atomic Red Team last run" });
    for (const [k, v] of Object.entries({ added: "3", updated: "1", removed: "0", unchanged: "0", flagged: "1", skipped: "1" })) {
      expect(last.querySelector(`[data-count="${k}"] dd`)).toHaveTextContent(v);
    }
    expect(within(last).getByRole("list", { name: "File errors" })).toHaveTextContent("atomics/T9999/T9999.yaml: not YAML");
  });

  it("shows a source that never ran with its kind, and offers it a file import like every source", () => {
    stub(() => undefined);
    renderWithProviders(<SourceCard source={source({ id: "sigma", name: "Sigma rules", kind: "detection_rules", last_run: null })} started={null} onStarted={() => {}} />);
    const card = screen.getByRole("region", { name: "Sigma rules" });
    expect(within(card).getByText("Detection rules")).toBeInTheDocument();
    expect(within(card).getByText("Never run.")).toBeInTheDocument();
    expect(within(card).getByLabelText("Upload an archive")).toBeInTheDocument();
  });

  it("syncs on request and follows the run live until it ends", async () => {
    let polls = 0;
    const calls = stub((url, init) => {
      if (init?.method === "POST" && url.pathname === "/api/v1/data-sources/atomic-red-team/sync") return { status: 202, body: { run_id: "r2" } };
      if (url.pathname === "/api/v1/data-sources/runs/r2") {
        polls++;
        return {
          body:
            polls === 1
              ? run({ run_id: "r2", status: "running", stage: "writing", records_read: 200, records_written: 50, counts: { added: 0, updated: 0, removed: 0, unchanged: 0, flagged: 0, skipped: 0 }, errors: [] })
              : run({ run_id: "r2", counts: { added: 200, updated: 0, removed: 0, unchanged: 0, flagged: 0, skipped: 0 }, errors: [] }),
        };
      }
      return undefined;
    });
    renderWithProviders(<Following />);
    await userEvent.click(screen.getByRole("button", { name: "Sync" }));
    const bar = await screen.findByRole("progressbar", { name: "Run progress" });
    expect(bar).toHaveAttribute("aria-valuenow", "25");
    expect(bar).toHaveAttribute("aria-valuetext", "Writing: 200 records read, 50 written");
    expect(screen.getByRole("button", { name: "Running…" })).toBeDisabled();
    await waitFor(() => expect(screen.getByTestId("source-run")).toHaveAttribute("data-status", "succeeded"), { timeout: 3000 });
    expect(document.querySelector('[data-count="added"] dd')).toHaveTextContent("200");
    expect(calls.filter((c) => c.path === "/api/v1/data-sources/runs/r2").length).toBeGreaterThanOrEqual(2);
  });

  it("saves a new URL and resets it to the default", async () => {
    const calls = stub((_url, init) => (init?.method === "PATCH" ? { body: source({ url: "https://mirror.example/art.tar.gz" }) } : undefined));
    renderWithProviders(<SourceCard source={source({ url: "https://mirror.example/old.tar.gz" })} started={null} onStarted={() => {}} />);
    const field = screen.getByLabelText("URL");
    await userEvent.clear(field);
    await userEvent.type(field, "https://mirror.example/art.tar.gz");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(JSON.parse(String(calls.at(-1)?.init?.body))).toEqual({ url: "https://mirror.example/art.tar.gz" }));
    await userEvent.click(screen.getByRole("button", { name: "Reset to default URL" }));
    await waitFor(() => expect(JSON.parse(String(calls.at(-1)?.init?.body))).toEqual({ url: null }));
  });

  it("changes the schedule and switches the source off", async () => {
    const calls = stub((_url, init) => (init?.method === "PATCH" ? { body: source() } : undefined));
    renderWithProviders(<SourceCard source={source()} started={null} onStarted={() => {}} />);
    await userEvent.selectOptions(screen.getByLabelText("Schedule"), "daily");
    await waitFor(() => expect(JSON.parse(String(calls.at(-1)?.init?.body))).toEqual({ schedule: "daily" }));
    await userEvent.click(screen.getByLabelText("Enabled"));
    await waitFor(() => expect(JSON.parse(String(calls.at(-1)?.init?.body))).toEqual({ enabled: false }));
  });

  it("reads the source list and the catalog again once a followed run ends, even a quick one", async () => {
    stub((url, init) => {
      if (init?.method === "POST") return { status: 202, body: { run_id: "r5" } };
      if (url.pathname === "/api/v1/data-sources/runs/r5") return { body: run({ run_id: "r5" }) };
      return undefined;
    });
    const { client } = renderWithProviders(<Following />);
    const invalidate = vi.spyOn(client, "invalidateQueries");
    await userEvent.click(screen.getByRole("button", { name: "Sync" }));
    await waitFor(() => expect(invalidate).toHaveBeenCalledWith({ queryKey: ["test-templates"] }));
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ["data-sources", "list"] });
    expect(invalidate.mock.calls.filter(([f]) => JSON.stringify(f?.queryKey) === '["test-templates"]')).toHaveLength(1);
  });

  it("imports a small archive as the request body, named in the query", async () => {
    const calls = stub((url, init) => (init?.method === "POST" && url.pathname.endsWith("/import") ? { status: 202, body: { run_id: "r3" } } : undefined));
    const onStarted = vi.fn();
    renderWithProviders(<SourceCard source={source()} started={null} onStarted={onStarted} />);
    const file = new File(["PK\u0003\u0004"], "atomics.zip", { type: "application/zip" });
    await userEvent.upload(screen.getByLabelText("Upload an archive"), file);
    await userEvent.click(screen.getByRole("button", { name: "Import file" }));
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith("r3"));
    const post = calls.find((c) => c.path === "/api/v1/data-sources/atomic-red-team/import")!;
    expect(post.url.searchParams.get("filename")).toBe("atomics.zip");
    expect((post.init?.headers as Record<string, string>)["content-type"]).toBe("application/octet-stream");
    expect(post.init?.body).toBe(file);
    expect(calls.some((c) => c.path.endsWith("/uploads"))).toBe(false);
  });

  it("imports a large archive through an upload slot, with progress", async () => {
    class Storage {
      upload = { onprogress: null as ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null };
      status = 0;
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      open() {}
      setRequestHeader() {}
      send() {
        setTimeout(() => {
          this.upload.onprogress?.({ lengthComputable: true, loaded: 1, total: 2 });
          this.status = 200;
          this.onload?.();
        });
      }
    }
    vi.stubGlobal("XMLHttpRequest", Storage);
    const calls = stub((url, init) => {
      if (init?.method !== "POST") return undefined;
      if (url.pathname === "/api/v1/data-sources/atomic-red-team/uploads") return { status: 201, body: { id: "u1", upload_url: "http://127.0.0.1:4566/b/k", headers: {}, expires_in: 900 } };
      if (url.pathname === "/api/v1/data-sources/atomic-red-team/uploads/u1/complete") return { status: 202, body: { run_id: "r4" } };
      return undefined;
    });
    const onStarted = vi.fn();
    renderWithProviders(<SourceCard source={source()} started={null} onStarted={onStarted} />);
    const big = new File(["x"], "atomic-red-team-master.tar.gz");
    Object.defineProperty(big, "size", { value: 6_000_000 });
    await userEvent.upload(screen.getByLabelText("Upload an archive"), big);
    expect(screen.getByText(/uploaded to storage/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Import file" }));
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith("r4"));
    expect(JSON.parse(String(calls.find((c) => c.path.endsWith("/uploads"))!.init?.body))).toEqual({
      filename: "atomic-red-team-master.tar.gz",
      size_bytes: 6_000_000,
      sha256: "ab".repeat(32),
    });
    expect(screen.getByRole("progressbar", { name: "Upload progress" })).toHaveAttribute("aria-valuenow", "100");
    expect(calls.some((c) => c.path.endsWith("/import"))).toBe(false);
  });
});
