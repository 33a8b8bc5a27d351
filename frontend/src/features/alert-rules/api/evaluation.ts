//! "Evaluate now" (admin): `POST /system/jobs/alert-evaluation` starts a run of every enabled
//! rule and answers at once with its id (409 while another run holds the lease); the run is then
//! followed on `GET /system/scheduler-status` until the job reports that id, and the rules'
//! firings and the bell are read again.

import { useEffect, useRef, useState } from "react";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/api/client";
import type { JobView, RunStarted, SchedulerStatus } from "@/api/types";
import { invalidateAlerts } from "./alertRules";

/** The job's name in `scheduler-status`. */
export const EVALUATION_JOB = "alert-evaluation";
/** How long a started run is followed before the screen stops waiting for it. */
export const FOLLOW_FOR_MS = 120_000;

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

const schedulerQuery = (polling: boolean) =>
  queryOptions({
    queryKey: ["system", "scheduler"],
    queryFn: ({ signal }) => api<SchedulerStatus>("/api/v1/system/scheduler-status", { signal }),
    refetchInterval: polling ? 1500 : false,
    enabled: polling,
  });

export type FollowedRun = { runId: string; state: "running" | "succeeded" | "failed" | "unknown"; job?: JobView };

/**
 * Follows the run `runId` (none when null) until the job reports it or `FOLLOW_FOR_MS` pass
 * (`unknown`: a run that found the lease taken reports nothing); its end refreshes the alerts and
 * the notifications once.
 */
export function useFollowedEvaluation(runId: string | null): FollowedRun | null {
  const qc = useQueryClient();
  const [expired, setExpired] = useState<string | null>(null);
  const following = runId !== null && expired !== runId;
  const status = useQuery(schedulerQuery(following));
  const job = status.data?.jobs.find((j) => j.name === EVALUATION_JOB);
  const reported = runId !== null && job?.last_run_id === runId;
  const ended = useRef<string | null>(null);

  useEffect(() => {
    if (!runId) return;
    const timer = setTimeout(() => setExpired(runId), FOLLOW_FOR_MS);
    return () => clearTimeout(timer);
  }, [runId]);

  useEffect(() => {
    if (!runId || !reported || ended.current === runId) return;
    ended.current = runId;
    setExpired(runId);
    void invalidateAlerts(qc);
    void qc.invalidateQueries({ queryKey: ["notifications"] });
  }, [runId, reported, qc]);

  if (!runId) return null;
  if (reported) return { runId, state: job?.last_status === "succeeded" ? "succeeded" : "failed", job };
  return { runId, state: expired === runId ? "unknown" : "running" };
}
