//! How an archive the user brings reaches a source's import, and its failures in words: a file
//! of at most 5 MB is sent as the request body (`POST /data-sources/{id}/import`), a larger one
//! through an upload slot straight to storage (the System screen's bundle upload, with progress).
//! Refusals of the file (422) belong next to the file field; a run already in progress or an
//! expired slot is said plainly in the error toast.

import { ApiError } from "@/api/client";
import { formatBytes } from "@/lib/format";

/**
 * The largest file sent as a request body. The server takes 5 MB; decimal megabytes here, so a
 * file the server might count as larger (binary megabytes) never goes the direct way.
 */
export const MAX_DIRECT_BYTES = 5_000_000;

export type ImportRoute = "direct" | "slot";

/** Whether `file` goes as the request body or through an upload slot. */
export function importRoute(file: Pick<File, "size">): ImportRoute {
  return file.size <= MAX_DIRECT_BYTES ? "direct" : "slot";
}

/** The server's limit for an upload through a slot (`MAX_IMPORT_BYTES`). */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** The file types a source takes: an archive of the upstream layout, or one data file. */
export const ARCHIVE_ACCEPT = ".zip,.tar.gz,.tgz,.tar,.gz,.json,.yml,.yaml,.toml,.ttl,.csv";
const EXTENSION = /\.(zip|gz|tgz|tar|json|ya?ml|toml|ttl|csv)$/i;

/** Why `file` cannot be imported at all, or null: the server's name and size rules. */
export function archiveProblem(file: Pick<File, "name" | "size">): string | null {
  if (!EXTENSION.test(file.name)) return "Choose a .zip, .tar.gz, .tgz or .tar archive, or a single .json, .yml, .yaml, .toml, .ttl or .csv file";
  if (file.size === 0) return `${file.name} is empty`;
  if (file.size > MAX_UPLOAD_BYTES) return `${file.name} is ${formatBytes(file.size)}, more than the 200 MB limit`;
  return null;
}

const STORED_FILE: Record<string, string> = {
  missing: "The file did not reach the storage. Upload it again.",
  size_mismatch: "The stored file is not the size of the file you chose. Upload it again.",
  checksum_mismatch: "The stored file's SHA-256 is not that of the file you chose: it changed or was damaged on the way. Upload it again.",
};

/** The slot request's fields in words; the file itself (`body`, `file`) needs no label. */
const FIELD_LABELS: Record<string, string> = { filename: "File name", size_bytes: "Size", sha256: "Checksum" };

/** The refusals of an import that belong next to the file field (422), if any. */
export function archiveErrors(error: unknown): string[] | undefined {
  if (!(error instanceof ApiError) || error.status !== 422) return undefined;
  if (error.errors.length === 0) return [error.message];
  return error.errors.map((e) => (e.field === "file" && STORED_FILE[e.code]) || (FIELD_LABELS[e.field] ? `${FIELD_LABELS[e.field]}: ${e.message}` : e.message));
}

/** A conflict or an expired slot in the words of this screen; any other failure as it is. */
export function plainImportError(error: unknown, sourceName: string): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 409) return error.withDetail(`${sourceName} is already syncing: wait for that run to finish, then import again.`);
  if (error.status === 404) return error.withDetail("The upload slot expired before the import started. Upload the file again.");
  if (error.status === 413) return error.withDetail("The file is too large to send directly. Choose it again: it will go through storage.");
  return error;
}
