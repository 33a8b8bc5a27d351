//! The intel scan: what the catalog's latest ATT&CK release changed for threat actors
//! (`GET /intel/changes`, tracked actors first), and the admin's "Scan now"
//! (`POST /system/jobs/intel-scan`, 202 with the run's id), followed on the scheduler status until
//! the job reports the run, then the changes are read again.

import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { useFollowedJob, type FollowedRun } from "./jobs";
import type { IntelChanges, RunStarted } from "./types";

/** The job's name in `scheduler-status`. */
export const INTEL_SCAN_JOB = "intel-scan";

export const INTEL_KEY = ["intel"] as const;

export const intelChangesQuery = (trackedOnly: boolean) =>
  queryOptions({
    queryKey: [...INTEL_KEY, "changes", { trackedOnly }],
    queryFn: ({ signal }) => api<IntelChanges>("/api/v1/intel/changes", { query: { tracked_only: trackedOnly || undefined }, signal }),
  });

export function useIntelScan() {
  return useMutation({
    mutationFn: () => api<RunStarted>(`/api/v1/system/jobs/${INTEL_SCAN_JOB}`, { method: "POST" }),
  });
}

/** Follows the scan `runId` until the job reports it; its end reads the changes and the scheduler again. */
export function useFollowedIntelScan(runId: string | null): FollowedRun | null {
  const qc = useQueryClient();
  return useFollowedJob(INTEL_SCAN_JOB, runId, () => {
    void qc.invalidateQueries({ queryKey: INTEL_KEY });
    void qc.invalidateQueries({ queryKey: ["system"] });
  });
}
