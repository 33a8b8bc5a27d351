// @vitest-environment node
// Node's File has arrayBuffer() and Web Crypto, which jsdom's does not.
import { afterEach, describe, expect, it, vi } from "vitest";
import { putWithProgress, uploadThroughSlot, type UploadProgress } from "./upload";

/** A stand-in for XMLHttpRequest that records the request and answers `status`. */
class FakeXhr {
  static last: FakeXhr | null = null;
  static status = 200;
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: unknown = null;
  status = 0;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  send(body: unknown) {
    this.body = body;
    FakeXhr.last = this;
    queueMicrotask(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 });
      this.status = FakeXhr.status;
      this.onload?.();
    });
  }
}

afterEach(() => {
  FakeXhr.status = 200;
  vi.unstubAllGlobals();
});

describe("putWithProgress", () => {
  it("sends the slot's headers but those the browser sets, and ends at 100%", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const seen: number[] = [];
    await putWithProgress("http://s3/put", { "Content-Length": "3", host: "s3", "x-amz-checksum-sha256": "abc" }, new Blob(["abc"]), (p) => seen.push(p));
    expect(FakeXhr.last?.method).toBe("PUT");
    expect(FakeXhr.last?.headers).toEqual({ "x-amz-checksum-sha256": "abc" });
    expect(seen).toEqual([50, 100]);
  });

  it("rejects with the storage's status", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    FakeXhr.status = 403;
    await expect(putWithProgress("http://s3/put", {}, new Blob(["abc"]), () => {})).rejects.toThrow("HTTP 403");
  });
});

describe("uploadThroughSlot", () => {
  it("hashes the file, asks for a slot, puts the bytes and completes", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = String(input);
      const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
      if (path === "/api/v1/system/uploads") {
        expect(JSON.parse(String(init?.body))).toEqual({
          filename: "bundle.json",
          size_bytes: 3,
          // SHA-256 of "abc"
          sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        });
        return json(201, { id: "slot-1", upload_url: "http://s3/put", headers: { "content-length": "3" }, expires_in: 3600 });
      }
      if (path === "/api/v1/system/uploads/slot-1/complete") return json(202, { run_id: "run-1" });
      return json(404, { detail: path });
    });
    vi.stubGlobal("fetch", fetch);
    const stages: UploadProgress[] = [];
    const file = new File(["abc"], "bundle.json", { type: "application/json" });
    const result = await uploadThroughSlot<{ run_id: string }>(file, {
      slotPath: "/api/v1/system/uploads",
      completePath: (id) => `/api/v1/system/uploads/${id}/complete`,
      onProgress: (p) => stages.push(p),
    });
    expect(result).toEqual({ run_id: "run-1" });
    expect(FakeXhr.last?.url).toBe("http://s3/put");
    expect(stages.map((s) => `${s.stage} ${s.percent}`)).toEqual(["hashing 0", "uploading 0", "uploading 50", "uploading 100", "verifying 100"]);
  });

  it("adds the slot fields (an evidence side) to the slot request", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const bodies: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        bodies.push(JSON.parse(String(init?.body ?? "null")));
        const body = String(input).endsWith("/complete") ? { id: "e1" } : { id: "e1", upload_url: "http://s3/put", headers: {} };
        return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
      }),
    );
    await uploadThroughSlot(new File(["abc"], "red.log"), {
      slotPath: "/api/v1/tests/t1/evidence",
      slotFields: { side: "red", filename: "ignored" },
      completePath: (id) => `/api/v1/tests/t1/evidence/${id}/complete`,
      onProgress: () => {},
    });
    expect(bodies[0]).toMatchObject({ side: "red", filename: "red.log", size_bytes: 3 });
  });
});
