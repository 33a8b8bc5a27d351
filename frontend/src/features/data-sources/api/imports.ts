import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { SourceRunStarted } from "@/api/content";
import { uploadThroughSlot, type UploadProgress } from "@/api/upload";
import { importRoute, plainImportError } from "../components/archiveUpload";

const BASE = "/api/v1/data-sources";

/**
 * Imports an archive into a source: up to 5 MB as the request body
 * (`POST /data-sources/{id}/import?filename=`), larger through an upload slot
 * (`POST …/uploads` → PUT with progress → `POST …/uploads/{upload}/complete`). Both answer 202
 * with the run they started.
 */
export function useImportArchive(source: { id: string; name: string }) {
  const qc = useQueryClient();
  const path = `${BASE}/${encodeURIComponent(source.id)}`;
  return useMutation({
    mutationFn: async ({ file, onProgress }: { file: File; onProgress: (p: UploadProgress) => void }) => {
      try {
        if (importRoute(file) === "direct") {
          onProgress({ stage: "uploading", percent: 0 });
          const started = await api<SourceRunStarted>(`${path}/import`, {
            method: "POST",
            query: { filename: file.name },
            body: file,
            headers: { "content-type": "application/octet-stream" },
          });
          onProgress({ stage: "uploading", percent: 100 });
          return started;
        }
        return await uploadThroughSlot<SourceRunStarted>(file, {
          slotPath: `${path}/uploads`,
          completePath: (id) => `${path}/uploads/${id}/complete`,
          onProgress,
        });
      } catch (e) {
        throw plainImportError(e, source.name);
      }
    },
    meta: { shows: "field-errors" },
    onSuccess: () => qc.invalidateQueries({ queryKey: ["data-sources"] }),
  });
}
