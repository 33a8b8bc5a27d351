//! The bundle upload's checks before anything is sent, and its failures in words: the
//! server's refusals of a slot (name, size) and of the stored file (missing, wrong size,
//! wrong checksum) belong next to the file field; a conflict (a sync is running, the upload
//! was already imported) or an expired slot is said plainly in the error toast.

import { ApiError } from "@/api/client";
import { formatBytes } from "@/lib/format";

/** The server's limit for an import upload (`MAX_IMPORT_BYTES`). */
export const MAX_BUNDLE_BYTES = 200 * 1024 * 1024;
export const BUNDLE_ACCEPT = ".json,.json.gz,.gz,application/json,application/gzip";

/** Why `file` cannot be imported, or null: the server's extension and size rules. */
export function bundleFileProblem(file: Pick<File, "name" | "size">): string | null {
  if (!/\.(json|gz)$/i.test(file.name)) return "Choose a STIX bundle: a .json, .json.gz or .gz file";
  if (file.size === 0) return `${file.name} is empty`;
  if (file.size > MAX_BUNDLE_BYTES) return `${file.name} is ${formatBytes(file.size)}, more than the 200 MB limit`;
  return null;
}

const STORED_FILE: Record<string, string> = {
  missing: "The file did not reach the storage. Upload it again.",
  size_mismatch: "The stored file is not the size of the file you chose. Upload it again.",
  checksum_mismatch: "The stored file's SHA-256 is not that of the file you chose: it changed or was damaged on the way. Upload it again.",
};

const FIELD_LABELS: Record<string, string> = { filename: "File name", size_bytes: "Size", sha256: "Checksum" };

/** The refusals of a failed upload that belong next to the file field (422), if any. */
export function fileErrors(error: unknown): string[] | undefined {
  if (!(error instanceof ApiError) || error.status !== 422 || error.errors.length === 0) return undefined;
  return error.errors.map((e) =>
    e.field === "file" ? (STORED_FILE[e.code] ?? e.message) : `${FIELD_LABELS[e.field] ?? e.field}: ${e.message}`,
  );
}

/** A conflict or an expired slot in the words of this screen; any other failure as it is. */
export function plainUploadError(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 409) {
    return error.withDetail(
      /already imported/i.test(error.message)
        ? "This upload was already imported. Choose the file again to import it once more."
        : `A sync is already running: wait for it to finish, then import the bundle again (${error.message}).`,
    );
  }
  if (error.status === 404) return error.withDetail("The upload slot expired before the import started. Upload the file again.");
  return error;
}
