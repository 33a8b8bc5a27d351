import { describe, expect, it } from "vitest";
import { ApiError } from "@/api/client";
import { bundleFileProblem, MAX_BUNDLE_BYTES, uploadFailure } from "./bundleUpload";

describe("bundleFileProblem", () => {
  it("takes .json, .json.gz and .gz of 1 byte to 200 MB", () => {
    for (const name of ["enterprise-attack.json", "enterprise-attack.json.gz", "bundle.GZ"]) {
      expect(bundleFileProblem({ name, size: 10 })).toBeNull();
    }
    expect(bundleFileProblem({ name: "big.json", size: MAX_BUNDLE_BYTES })).toBeNull();
  });

  it("refuses other files, empty ones and larger ones", () => {
    expect(bundleFileProblem({ name: "layer.zip", size: 10 })).toMatch(/\.json, \.json\.gz or \.gz/);
    expect(bundleFileProblem({ name: "empty.json", size: 0 })).toBe("empty.json is empty");
    expect(bundleFileProblem({ name: "huge.json", size: MAX_BUNDLE_BYTES + 1 })).toMatch(/200 MB limit/);
  });
});

describe("uploadFailure", () => {
  const problem = (status: number, detail: string, errors: { field: string; code: string; message: string }[] = []) =>
    new ApiError({ status, detail, errors });

  it("explains a refused stored file next to the file field", () => {
    expect(uploadFailure(problem(422, "file: …", [{ field: "file", code: "checksum_mismatch", message: "SHA-256 of the upload is …" }])).file?.[0]).toMatch(
      /SHA-256 is not that of the file you chose/,
    );
    expect(uploadFailure(problem(422, "", [{ field: "file", code: "size_mismatch", message: "uploaded 1 bytes, declared 2" }])).file?.[0]).toMatch(/not the size/);
    expect(uploadFailure(problem(422, "", [{ field: "file", code: "missing", message: "no file was uploaded" }])).file?.[0]).toMatch(/did not reach the storage/);
  });

  it("names the slot's refused fields", () => {
    expect(uploadFailure(problem(422, "", [{ field: "filename", code: "extension", message: "allowed extensions: json, gz" }])).file).toEqual([
      "File name: allowed extensions: json, gz",
    ]);
  });

  it("tells a running sync from an upload already imported", () => {
    expect(uploadFailure(problem(409, "a sync is already running (run abc)")).form).toMatch(/^A sync is already running: wait for it to finish/);
    expect(uploadFailure(problem(409, "the upload was already imported")).form).toMatch(/already imported/);
  });

  it("falls back to the server's detail", () => {
    expect(uploadFailure(problem(500, "an unexpected error occurred")).form).toBe("an unexpected error occurred");
  });
});
