import { useEffect, useRef } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { sourceRunQuery } from "../api/dataSources";

/**
 * A run followed live (`runId`, or nothing when null): polled every second while it runs
 * (stage, records read and written); once it ends (even if the first answer already says so),
 * the source list, the source's run history, the template catalog and the techniques' template
 * counts are read again.
 */
export function useFollowedRun(runId: string | null, sourceId: string) {
  const qc = useQueryClient();
  const run = useQuery({ ...sourceRunQuery(runId ?? ""), enabled: runId !== null });
  const status = run.data?.status;
  // The run whose end was acted on: once per run, even when its first answer is already the end.
  const ended = useRef<string | null>(null);

  useEffect(() => {
    if (!runId || !status || status === "running" || ended.current === runId) return;
    ended.current = runId;
    void qc.invalidateQueries({ queryKey: ["data-sources", "list"] });
    void qc.invalidateQueries({ queryKey: ["data-sources", "runs", sourceId] });
    void qc.invalidateQueries({ queryKey: ["test-templates"] });
    void qc.invalidateQueries({ queryKey: ["techniques"] });
  }, [runId, status, qc, sourceId]);

  return run;
}
