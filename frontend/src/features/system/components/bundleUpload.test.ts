import { describe, expect, it } from "vitest";
import { ApiError } from "@/api/client";
import { bundleFileProblem, fileErrors, MAX_BUNDLE_BYTES, plainUploadError } from "./bundleUpload";

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

describe("fileErrors", () => {
  const problem = (status: number, detail: string, errors: { field: string; code: string; message: string }[] = []) =>
    new ApiError({ status, detail, errors });

  it("explains a refused stored file next to the file field", () => {
    expect(fileErrors(problem(422, "file: …", [{ field: "file", code: "checksum_mismatch", message: "SHA-256 of the upload is …" }]))?.[0]).toMatch(
      /SHA-256 is not that of the file you chose/,
    );
    expect(fileErrors(problem(422, "", [{ field: "file", code: "size_mismatch", message: "uploaded 1 bytes, declared 2" }]))?.[0]).toMatch(/not the size/);
    expect(fileErrors(problem(422, "", [{ field: "file", code: "missing", message: "no file was uploaded" }]))?.[0]).toMatch(/did not reach the storage/);
  });

  it("names the slot's refused fields", () => {
    expect(fileErrors(problem(422, "", [{ field: "filename", code: "extension", message: "allowed extensions: json, gz" }]))).toEqual([
      "File name: allowed extensions: json, gz",
    ]);
  });

  it("leaves every other failure to the toast", () => {
    expect(fileErrors(problem(409, "a sync is already running (run abc)"))).toBeUndefined();
    expect(fileErrors(new Error("offline"))).toBeUndefined();
  });
});

describe("plainUploadError", () => {
  const detail = (e: unknown) => (e as ApiError).message;

  it("tells a running sync from an upload already imported, keeping the problem's status", () => {
    const running = plainUploadError(new ApiError({ status: 409, title: "Conflict", detail: "a sync is already running (run abc)" }));
    expect(detail(running)).toMatch(/^A sync is already running: wait for it to finish/);
    expect(running).toMatchObject({ status: 409, title: "Conflict" });
    expect(detail(plainUploadError(new ApiError({ status: 409, detail: "the upload was already imported" })))).toMatch(/already imported/);
    expect(detail(plainUploadError(new ApiError({ status: 404, detail: "no such upload" })))).toMatch(/slot expired/);
  });

  it("passes anything else on as it is", () => {
    const fault = new ApiError({ status: 500, detail: "an unexpected error occurred" });
    expect(plainUploadError(fault)).toBe(fault);
  });
});
