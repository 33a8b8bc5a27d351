import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { DownloadLink, Evidence } from "@/api/types";
import { uploadThroughSlot, type UploadProgress } from "@/api/upload";

export const evidenceQuery = (testId: string) =>
  queryOptions({
    queryKey: ["tests", "evidence", testId],
    queryFn: ({ signal }) => api<{ items: Evidence[] }>(`/api/v1/tests/${testId}/evidence`, { signal }),
  });

/** Upload slot → PUT with progress → complete (the server verifies size and SHA-256). */
export function useUploadEvidence(testId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress: (p: UploadProgress) => void }) =>
      uploadThroughSlot<Evidence>(file, {
        slotPath: `/api/v1/tests/${testId}/evidence`,
        completePath: (id) => `/api/v1/tests/${testId}/evidence/${id}/complete`,
        onProgress,
      }),
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
