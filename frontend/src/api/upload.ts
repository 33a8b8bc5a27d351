//! Uploads through an upload slot, shared by evidence files and ATT&CK bundles: the file's
//! SHA-256 is computed in the browser, the server hands out a presigned PUT bound to that size
//! and checksum, the browser PUTs the bytes straight to storage (with progress), and the server
//! then verifies what arrived. Files never pass through the API's request bodies.

import { sha256Hex } from "@/lib/sha256";
import { api, ApiError } from "./client";
import type { ImportUploadSlot, UploadSlot } from "./types";

/** What every slot answer carries: where to PUT, with which headers. */
export type PresignedSlot = Pick<UploadSlot & ImportUploadSlot, "id" | "upload_url" | "headers">;

/** Where an upload is: hashing the file, sending it (percent 0..100), or being verified. */
export type UploadStage = "hashing" | "uploading" | "verifying";
export interface UploadProgress {
  stage: UploadStage;
  percent: number;
}

/** Headers a script may not set on a request; the browser sends them itself. */
const BROWSER_HEADERS = new Set(["content-length", "host"]);

/** PUTs `file` to a presigned URL with exactly the slot's headers, reporting progress 0..100. */
export function putWithProgress(
  url: string,
  headers: Record<string, string>,
  file: Blob,
  onProgress: (percent: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [k, v] of Object.entries(headers)) {
      if (!BROWSER_HEADERS.has(k.toLowerCase())) xhr.setRequestHeader(k, v);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(Math.min(100, Math.round((100 * e.loaded) / e.total)));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        // A small file may be sent before any progress event reports it.
        onProgress(100);
        resolve();
      } else {
        reject(new ApiError({ status: xhr.status, detail: `The storage refused the upload (HTTP ${xhr.status})` }));
      }
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, detail: "The upload failed: the storage could not be reached" }));
    xhr.send(file);
  });
}

/**
 * Slot → PUT with progress → complete. `slotPath` is POSTed `{filename, size_bytes, sha256}`
 * (plus `slotFields`, such as an evidence side) and answers a slot; `completePath(id)` is POSTed
 * once the bytes are stored and answers `T`.
 */
export async function uploadThroughSlot<T>(
  file: File,
  {
    slotPath,
    slotFields,
    completePath,
    onProgress,
  }: { slotPath: string; slotFields?: Record<string, string>; completePath: (id: string) => string; onProgress: (p: UploadProgress) => void },
): Promise<T> {
  onProgress({ stage: "hashing", percent: 0 });
  const sha256 = await sha256Hex(file);
  const slot = await api<PresignedSlot>(slotPath, {
    method: "POST",
    json: { ...slotFields, filename: file.name, size_bytes: file.size, sha256 },
  });
  onProgress({ stage: "uploading", percent: 0 });
  await putWithProgress(slot.upload_url, slot.headers, file, (percent) => onProgress({ stage: "uploading", percent }));
  onProgress({ stage: "verifying", percent: 100 });
  return api<T>(completePath(slot.id), { method: "POST" });
}
