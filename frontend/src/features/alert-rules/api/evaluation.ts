//! "Evaluate now" (admin): `POST /system/jobs/alert-evaluation` starts a run of every enabled
//! rule and answers at once with its id (409 while another run holds the lease); the run is then
//! followed on `GET /system/scheduler-status` until the job reports that id, and the rules'
//! firings and the bell are read again.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/api/client";
import { useFollowedJob, type FollowedRun } from "@/api/jobs";
import type { RunStarted } from "@/api/types";
import { invalidateAlerts } from "./alertRules";

/** The job's name in `scheduler-status`. */
export const EVALUATION_JOB = "alert-evaluation";

/** The 409 of a run that holds the lease, in this screen's words (the server's names the run). */
export function runningError(e: ApiError): ApiError {
  const said = e.message.charAt(0).toUpperCase() + e.message.slice(1);
  return e.withDetail(`${said}. Its firings appear here when it ends; start another after that.`);
}

export function useEvaluateNow() {
  return useMutation({
    mutationFn: async () => {
      try {
        return await api<RunStarted>(`/api/v1/system/jobs/${EVALUATION_JOB}`, { method: "POST" });
      } catch (e) {
        throw e instanceof ApiError && e.status === 409 ? runningError(e) : e;
      }
    },
  });
}

/**
 * Follows the evaluation `runId` (none when null) until the job reports it (`unknown` when it
 * does not in time: a run that found the lease taken reports nothing); its end refreshes the
 * alerts and the notifications once.
 */
export function useFollowedEvaluation(runId: string | null): FollowedRun | null {
  const qc = useQueryClient();
  return useFollowedJob(EVALUATION_JOB, runId, () => {
    void invalidateAlerts(qc);
    void qc.invalidateQueries({ queryKey: ["notifications"] });
  });
}
