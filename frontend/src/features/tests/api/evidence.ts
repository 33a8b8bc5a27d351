import { queryOptions, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/api/client";
import type { DownloadLink, Evidence, Side } from "@/api/types";
import { uploadThroughSlot, type UploadProgress } from "@/api/upload";

export const evidenceQuery = (testId: string) =>
  queryOptions({
    queryKey: ["tests", "evidence", testId],
    queryFn: ({ signal }) => api<{ items: Evidence[] }>(`/api/v1/tests/${testId}/evidence`, { signal }),
  });

/**
 * A 409 of the upload flow: the side's step ended (it submitted) before the slot was handed out
 * or while the file was uploading, so the server did not add the file (and removed the bytes).
 * Said plainly instead of the server's state names.
 */
function closedSide(error: ApiError, side: Side, filename: string): ApiError {
  return error.withDetail(
    `${filename} was not added: the ${side} team has submitted its results on this test, so its evidence is closed. The test is shown as it is now.`,
  );
}

/**
 * Upload slot (`side` as chosen from the test's `evidence_sides`) → PUT with progress → complete
 * (the server verifies size and SHA-256, and that the side is still working). Success or not, the
 * test is read again: a refusal means it has moved on, and what the caller may do with it too.
 */
export function useUploadEvidence(testId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, side, onProgress }: { file: File; side: Side; onProgress: (p: UploadProgress) => void }) => {
      try {
        return await uploadThroughSlot<Evidence>(file, {
          slotPath: `/api/v1/tests/${testId}/evidence`,
          slotFields: { side },
          completePath: (id) => `/api/v1/tests/${testId}/evidence/${id}/complete`,
          onProgress,
        });
      } catch (e) {
        throw e instanceof ApiError && e.status === 409 ? closedSide(e, side, file.name) : e;
      }
    },
    onSettled: () => invalidateEvidence(qc, testId),
  });
}

/**
 * `DELETE …/evidence/{id}`: the uploader until their side has submitted, an admin always; the
 * uploader of submitted evidence gets a 409 ("part of the record").
 */
export function useDeleteEvidence(testId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (evidenceId: string) => api<undefined>(`/api/v1/tests/${testId}/evidence/${evidenceId}`, { method: "DELETE" }),
    onSettled: () => invalidateEvidence(qc, testId),
  });
}

function invalidateEvidence(qc: QueryClient, testId: string) {
  void qc.invalidateQueries({ queryKey: ["tests", "evidence", testId] });
  void qc.invalidateQueries({ queryKey: ["tests", "detail", testId] });
}

/** A short-lived download URL for one file. */
export function evidenceDownloadLink(testId: string, evidenceId: string): Promise<DownloadLink> {
  return api<DownloadLink>(`/api/v1/tests/${testId}/evidence/${evidenceId}/download`);
}
