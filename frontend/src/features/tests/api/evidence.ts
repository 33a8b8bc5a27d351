import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/api/client";
import type { DownloadLink, Evidence, UploadSlot } from "@/api/types";
import { sha256Hex } from "@/lib/sha256";

export const evidenceQuery = (testId: string) =>
  queryOptions({
    queryKey: ["tests", "evidence", testId],
    queryFn: ({ signal }) => api<{ items: Evidence[] }>(`/api/v1/tests/${testId}/evidence`, { signal }),
  });

/** PUTs `file` to a presigned URL with the slot's headers, reporting progress 0..100. */
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
      // The browser sets these itself and refuses scripts that try.
      if (["content-length", "host"].includes(k.toLowerCase())) continue;
      xhr.setRequestHeader(k, v);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((100 * e.loaded) / e.total));
    };
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new ApiError({ status: xhr.status, detail: `The storage refused the upload (HTTP ${xhr.status})` }));
    xhr.onerror = () => reject(new ApiError({ status: 0, detail: "The upload failed: the storage could not be reached" }));
    xhr.send(file);
  });
}

/** Upload slot → PUT with progress → complete (the server verifies size and SHA-256). */
export function useUploadEvidence(testId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, onProgress }: { file: File; onProgress: (p: number) => void }) => {
      onProgress(0);
      const sha256 = await sha256Hex(file);
      const slot = await api<UploadSlot>(`/api/v1/tests/${testId}/evidence`, {
        method: "POST",
        json: { filename: file.name, size_bytes: file.size, sha256 },
      });
      await putWithProgress(slot.upload_url, slot.headers, file, onProgress);
      return api<Evidence>(`/api/v1/tests/${testId}/evidence/${slot.id}/complete`, { method: "POST" });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ["tests", "evidence", testId] }),
  });
}

export function useDeleteEvidence(testId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (evidenceId: string) => api<undefined>(`/api/v1/tests/${testId}/evidence/${evidenceId}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["tests", "evidence", testId] }),
  });
}

/** A short-lived download URL for one file. */
export function evidenceDownloadLink(testId: string, evidenceId: string): Promise<DownloadLink> {
  return api<DownloadLink>(`/api/v1/tests/${testId}/evidence/${evidenceId}/download`);
}
