import { useEffect, useRef, useState } from "react";
import { Play } from "lucide-react";
import { Button, useToast } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { useEvaluateNow, useFollowedEvaluation } from "../api/evaluation";

/**
 * Admin's "Evaluate now": every enabled rule evaluated at once, as the hourly job does; the run is
 * followed until it ends, then the firings and the bell are read again.
 */
export function EvaluateNowButton() {
  const start = useEvaluateNow();
  const [runId, setRunId] = useState<string | null>(null);
  const run = useFollowedEvaluation(runId);
  const toast = useToast();
  const state = run?.state;
  const lastError = run?.job?.last_error;
  // The run whose end was announced: once per run.
  const announced = useRef<string | null>(null);

  useEffect(() => {
    if (!runId || announced.current === runId || (state !== "succeeded" && state !== "failed")) return;
    announced.current = runId;
    if (state === "succeeded") toast.success("Evaluation finished: the firings and notifications are up to date");
    else toast.error({ title: "The evaluation failed", detail: lastError ?? "The job reported a failure; the next run tries again." });
  }, [state, runId, lastError, toast]);

  const running = start.isPending || state === "running";
  return (
    <div className="flex items-center gap-3">
      <span role="status" className="text-xs text-slate-600" data-testid="evaluation-status" data-state={state ?? "idle"}>
        {state === "running" && "Evaluating every enabled rule…"}
        {state === "succeeded" && `Evaluated ${formatDateTime(run?.job?.last_run_at)}`}
        {state === "failed" && "The evaluation failed"}
        {state === "unknown" && "The evaluation has not reported back yet; reload later to see its firings."}
      </span>
      <Button
        icon={<Play className="size-4" aria-hidden />}
        loading={running}
        disabled={running}
        onClick={() =>
          start.mutate(undefined, {
            onSuccess: (r) => {
              setRunId(r.run_id);
              toast.success("Evaluation started");
            },
          })
        }
      >
        Evaluate now
      </Button>
    </div>
  );
}
