import { useEffect, useRef } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { sourceRunQuery } from "../api/dataSources";

/**
 * A run followed live (`runId`, or nothing when null): polled every second while it runs
 * (stage, records read and written); once it ends, the source list, the source's run history,
 * the template catalog and the techniques' template counts are read again.
 */
export function useFollowedRun(runId: string | null, sourceId: string) {
  const qc = useQueryClient();
  const run = useQuery({ ...sourceRunQuery(runId ?? ""), enabled: runId !== null });
  const status = run.data?.status;
  const seenRunning = useRef(false);

  useEffect(() => {
    if (status === "running") seenRunning.current = true;
    else if (status && seenRunning.current) {
      seenRunning.current = false;
      void qc.invalidateQueries({ queryKey: ["data-sources", "list"] });
      void qc.invalidateQueries({ queryKey: ["data-sources", "runs", sourceId] });
      void qc.invalidateQueries({ queryKey: ["test-templates"] });
      void qc.invalidateQueries({ queryKey: ["techniques"] });
    }
  }, [status, qc, sourceId]);

  return run;
}
