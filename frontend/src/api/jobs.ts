//! Following a job started on request (`POST /system/jobs/<name>` answers 202 `{run_id}` at
//! once): `GET /system/scheduler-status` is read until the job reports that run, or a while has
//! passed (a run that found the job's lease taken reports nothing), and the screen then reads
//! again what the run changed.

import { useEffect, useRef, useState } from "react";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "./client";
import type { JobView, SchedulerStatus } from "./types";

/** How long a started run is followed before the screen stops waiting for it. */
export const FOLLOW_FOR_MS = 120_000;

const schedulerQuery = (polling: boolean) =>
  queryOptions({
    queryKey: ["system", "scheduler"],
    queryFn: ({ signal }) => api<SchedulerStatus>("/api/v1/system/scheduler-status", { signal }),
    refetchInterval: polling ? 1500 : false,
    enabled: polling,
  });

export type FollowedRun = { runId: string; state: "running" | "succeeded" | "failed" | "unknown"; job?: JobView };

/**
 * Follows the run `runId` of the job `job` (none when null) until the job reports it or
 * `FOLLOW_FOR_MS` pass (`unknown`); `onEnd` is called once when it is reported.
 */
export function useFollowedJob(job: string, runId: string | null, onEnd: () => void): FollowedRun | null {
  const [expired, setExpired] = useState<string | null>(null);
  const following = runId !== null && expired !== runId;
  const status = useQuery(schedulerQuery(following));
  const view = status.data?.jobs.find((j) => j.name === job);
  const reported = runId !== null && view?.last_run_id === runId;
  const ended = useRef<string | null>(null);
  const end = useRef(onEnd);
  end.current = onEnd;

  useEffect(() => {
    if (!runId) return;
    const timer = setTimeout(() => setExpired(runId), FOLLOW_FOR_MS);
    return () => clearTimeout(timer);
  }, [runId]);

  useEffect(() => {
    if (!runId || !reported || ended.current === runId) return;
    ended.current = runId;
    setExpired(runId);
    end.current();
  }, [runId, reported]);

  if (!runId) return null;
  if (reported) return { runId, state: view?.last_status === "succeeded" ? "succeeded" : "failed", job: view };
  return { runId, state: expired === runId ? "unknown" : "running" };
}
