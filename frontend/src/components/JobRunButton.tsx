import { useEffect, useRef, type ReactNode } from "react";
import type { FollowedRun } from "@/api/jobs";
import type { RunStarted } from "@/api/types";
import { Button, useToast } from "@/components/ui";
import type { ButtonSize, ButtonVariant } from "@/components/ui/Button";
import { formatDateTime } from "@/lib/format";

/** What a job's button and status line say, in its screen's words. */
export interface JobRunTexts {
  /** The button's label. */
  label: string;
  /** The status line while the run is followed. */
  running: string;
  /** The status line once the run succeeded, given when it ran. */
  succeeded: (ranAt: string) => string;
  /** The status line once the run failed. */
  failed: string;
  /** The status line when the run did not report in time (see `FOLLOW_FOR_MS`). */
  unknown: string;
  /** The toasts: the run started, it succeeded, it failed (with the job's error, else `failedDetail`). */
  toast: { started: string; succeeded: string; failed: string; failedDetail: string };
}

/**
 * A job started on request, then followed: the button starts the run (`start`, answered with its
 * id, handed to `onStarted`), the status line says how the followed `run` stands, and its end is
 * announced once with a toast. The caller owns the run id so that its own follow hook (which
 * reads again what the job changed) can be used.
 */
export function JobRunButton({
  start,
  run,
  onStarted,
  texts,
  statusTestId,
  icon,
  size,
  variant,
}: {
  /** The start mutation (`POST /system/jobs/<name>`, answered with the run's id). */
  start: { mutate: (variables: undefined, options: { onSuccess: (r: RunStarted) => void }) => void; isPending: boolean };
  run: FollowedRun | null;
  onStarted: (runId: string) => void;
  texts: JobRunTexts;
  /** The status line's `data-testid` (its `data-state` is the run's state, `idle` before any). */
  statusTestId: string;
  icon?: ReactNode;
  size?: ButtonSize;
  variant?: ButtonVariant;
}) {
  const toast = useToast();
  const runId = run?.runId;
  const state = run?.state;
  const lastError = run?.job?.last_error;
  // The run whose end was announced: once per run.
  const announced = useRef<string | null>(null);
  const { succeeded, failed, failedDetail } = texts.toast;

  useEffect(() => {
    if (!runId || announced.current === runId || (state !== "succeeded" && state !== "failed")) return;
    announced.current = runId;
    if (state === "succeeded") toast.success(succeeded);
    else toast.error({ title: failed, detail: lastError ?? failedDetail });
  }, [state, runId, lastError, toast, succeeded, failed, failedDetail]);

  const running = start.isPending || state === "running";
  return (
    <div className="flex items-center gap-3">
      <span role="status" className="text-xs text-slate-600" data-testid={statusTestId} data-state={state ?? "idle"}>
        {state === "running" && texts.running}
        {state === "succeeded" && texts.succeeded(formatDateTime(run?.job?.last_run_at))}
        {state === "failed" && texts.failed}
        {state === "unknown" && texts.unknown}
      </span>
      <Button
        size={size}
        variant={variant}
        icon={icon}
        loading={running}
        disabled={running}
        onClick={() =>
          start.mutate(undefined, {
            onSuccess: (r) => {
              onStarted(r.run_id);
              toast.success(texts.toast.started);
            },
          })
        }
      >
        {texts.label}
      </Button>
    </div>
  );
}
