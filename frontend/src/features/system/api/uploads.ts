import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { RunStarted } from "@/api/types";
import { uploadThroughSlot, type UploadProgress } from "@/api/upload";
import { plainUploadError } from "../components/bundleUpload";

/**
 * Imports an ATT&CK STIX bundle of any size through an upload slot: `POST /system/uploads`
 * (name, size, SHA-256) → PUT to storage with progress → `POST /system/uploads/{id}/complete`,
 * which verifies the stored bytes and starts the import run (202 with its id). A conflict or an
 * expired slot is rethrown in plainer words for the error toast.
 */
export function useUploadBundle() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress: (p: UploadProgress) => void }) =>
      uploadThroughSlot<RunStarted>(file, {
        slotPath: "/api/v1/system/uploads",
        completePath: (id) => `/api/v1/system/uploads/${id}/complete`,
        onProgress,
      }).catch((e: unknown) => {
        throw plainUploadError(e);
      }),
    meta: { shows: "field-errors" },
    onSuccess: () => qc.invalidateQueries({ queryKey: ["system"] }),
  });
}
