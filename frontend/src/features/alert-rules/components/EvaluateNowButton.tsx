import { useState } from "react";
import { Play } from "lucide-react";
import { JobRunButton, type JobRunTexts } from "@/components/JobRunButton";
import { useEvaluateNow, useFollowedEvaluation } from "../api/evaluation";

const TEXTS: JobRunTexts = {
  label: "Evaluate now",
  running: "Evaluating every enabled rule…",
  succeeded: (at) => `Evaluated ${at}`,
  failed: "The evaluation failed",
  unknown: "The evaluation has not reported back yet; reload later to see its firings.",
  toast: {
    started: "Evaluation started",
    succeeded: "Evaluation finished: the firings and notifications are up to date",
    failed: "The evaluation failed",
    failedDetail: "The job reported a failure; the next run tries again.",
  },
};

/**
 * Admin's "Evaluate now": every enabled rule evaluated at once, as the hourly job does; the run is
 * followed until it ends, then the firings and the bell are read again.
 */
export function EvaluateNowButton() {
  const start = useEvaluateNow();
  const [runId, setRunId] = useState<string | null>(null);
  const run = useFollowedEvaluation(runId);
  return <JobRunButton start={start} run={run} onStarted={setRunId} texts={TEXTS} statusTestId="evaluation-status" icon={<Play className="size-4" aria-hidden />} />;
}
