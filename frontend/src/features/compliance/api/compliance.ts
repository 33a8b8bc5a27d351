import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, downloadFile } from "@/api/client";
import { allItems, pagedList } from "@/api/pagination";
import type { ControlDetail, ControlSummary, Framework, FrameworkFormat, FrameworkImportResult, GapReport } from "@/api/defense";

const BASE = "/api/v1/compliance";
const fw = (fid: string) => `${BASE}/frameworks/${encodeURIComponent(fid)}`;

export const frameworksQuery = queryOptions({
  queryKey: ["compliance", "frameworks"],
  queryFn: ({ signal }) => api<{ items: Framework[] }>(`${BASE}/frameworks`, { signal }),
});

export const frameworkQuery = (fid: string) =>
  queryOptions({
    queryKey: ["compliance", "framework", fid],
    queryFn: ({ signal }) => api<Framework>(fw(fid), { signal }),
  });

/** A framework's controls matching `q` and `family`, 500 a page (NIST's ≈300 in one). */
export const controlsList = (fid: string, filters: { q: string; family: string }) =>
  pagedList<ControlSummary>(["compliance", "controls", fid], `${fw(fid)}/controls`, { q: filters.q.trim(), family: filters.family }, 500);

export { allItems };

export const controlQuery = (fid: string, cid: string) =>
  queryOptions({
    queryKey: ["compliance", "control", fid, cid],
    queryFn: ({ signal }) => api<ControlDetail>(`${fw(fid)}/controls/${encodeURIComponent(cid)}`, { signal }),
  });

/** The gap analysis (worst first) of the framework, or of one control family. */
export const gapsQuery = (fid: string, family: string) =>
  queryOptions({
    queryKey: ["compliance", "gaps", fid, family],
    queryFn: ({ signal }) => api<GapReport>(`${BASE}/${encodeURIComponent(fid)}/gaps`, { query: { family }, signal }),
  });

export function downloadGapsCsv(fid: string, family: string): Promise<string> {
  return downloadFile(`${BASE}/${encodeURIComponent(fid)}/gaps`, { format: "csv", family }, `${fid}${family ? `-${family}` : ""}-gaps.csv`);
}

/**
 * `POST /compliance/frameworks/import?name=&format=` with the file as the body (admin). A bad
 * CSV is a 422 naming every bad row, shown in the dialog (not as a toast).
 */
export function useImportFramework() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ name, format, file }: { name: string; format: FrameworkFormat; file: Blob }) =>
      api<FrameworkImportResult>(`${BASE}/frameworks/import`, {
        method: "POST",
        query: { name: name.trim(), format },
        body: file,
        headers: { "content-type": "application/octet-stream" },
      }),
    // The dialog shows every refusal itself (each bad row, a conflict, a file too large).
    meta: { shows: "all-errors" },
    onSuccess: () => qc.invalidateQueries({ queryKey: ["compliance"] }),
  });
}

export function useDeleteFramework() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (fid: string) => api<undefined>(fw(fid), { method: "DELETE" }),
    onSuccess: (_r, fid) => {
      qc.removeQueries({ queryKey: ["compliance", "framework", fid] });
      void qc.invalidateQueries({ queryKey: ["compliance"] });
    },
  });
}
