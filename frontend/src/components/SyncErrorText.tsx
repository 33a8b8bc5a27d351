import { summarizeFallback, summarizeSyncError } from "@/lib/syncError";
import { cx } from "./ui/cx";

/**
 * A run's error in plain words, the server's own text folded under "Details". `fallback` words
 * a TAXII fallback (a warning: the run went on) instead of a failure.
 */
export function SyncErrorText({ error, fallback = false, className, role }: { error: string; fallback?: boolean; className?: string; role?: "alert" }) {
  const { summary, details } = fallback ? summarizeFallback(error) : summarizeSyncError(error);
  return (
    <div className={cx("text-xs", fallback ? "text-amber-800" : "text-rose-700", className)} role={role} data-sync-error={fallback ? "fallback" : "error"}>
      <p>{summary}</p>
      {details && (
        <details className="mt-0.5">
          <summary className="cursor-pointer font-medium">Details</summary>
          <p className="mt-0.5 font-mono text-[11px] break-words text-slate-700">{details}</p>
        </details>
      )}
    </div>
  );
}
