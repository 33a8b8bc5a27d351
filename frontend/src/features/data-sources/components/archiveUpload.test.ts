import { describe, expect, it } from "vitest";
import { ApiError } from "@/api/client";
import { archiveErrors, archiveProblem, importRoute, MAX_DIRECT_BYTES, plainImportError } from "./archiveUpload";

describe("archive import", () => {
  it("sends up to 5 MB as the request body and anything larger through an upload slot", () => {
    expect(importRoute({ size: 1 })).toBe("direct");
    expect(importRoute({ size: MAX_DIRECT_BYTES })).toBe("direct");
    expect(importRoute({ size: MAX_DIRECT_BYTES + 1 })).toBe("slot");
    // Never more than the server's 5 MB, whichever megabyte it counts in.
    expect(MAX_DIRECT_BYTES).toBeLessThanOrEqual(5 * 1000 * 1000);
  });

  it("refuses before sending what the server would refuse: another type, an empty or too large file", () => {
    expect(archiveProblem({ name: "a.zip", size: 0 })).toBe("a.zip is empty");
    for (const name of ["a.zip", "master.tar.gz", "a.tgz", "a.tar", "mapping.json", "T1003.yaml", "rule.toml", "d3fend.ttl", "m.csv"]) {
      expect(archiveProblem({ name, size: 10 })).toBeNull();
    }
    expect(archiveProblem({ name: "setup.exe", size: 10 })).toMatch(/^Choose a \.zip/);
    expect(archiveProblem({ name: "huge.zip", size: 201 * 1024 * 1024 })).toMatch(/more than the 200 MB limit/);
  });

  it("puts a synchronous refusal of the archive next to the file field", () => {
    const traversal = new ApiError({ status: 422, detail: "refused", errors: [{ field: "body", code: "unsafe_archive", message: "../etc/passwd: path escapes the archive" }] });
    expect(archiveErrors(traversal)).toEqual(["../etc/passwd: path escapes the archive"]);
    const stored = new ApiError({ status: 422, detail: "x", errors: [{ field: "file", code: "checksum_mismatch", message: "m" }] });
    expect(archiveErrors(stored)?.[0]).toMatch(/SHA-256/);
    expect(archiveErrors(new ApiError({ status: 422, detail: "Not an archive" }))).toEqual(["Not an archive"]);
    const slot = new ApiError({ status: 422, detail: "x", errors: [{ field: "filename", code: "invalid", message: "bad extension" }] });
    expect(archiveErrors(slot)).toEqual(["File name: bad extension"]);
    expect(archiveErrors(new ApiError({ status: 500, detail: "boom" }))).toBeUndefined();
  });

  it("says a conflict and an expired slot in this screen's words", () => {
    expect((plainImportError(new ApiError({ status: 409, detail: "running" }), "Atomic Red Team") as Error).message).toBe(
      "Atomic Red Team is already syncing: wait for that run to finish, then import again.",
    );
    expect((plainImportError(new ApiError({ status: 404, detail: "gone" }), "x") as Error).message).toMatch(/expired/);
  });
});
