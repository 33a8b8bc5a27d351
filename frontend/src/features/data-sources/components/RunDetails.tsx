import type { SourceCounts, SourceRun } from "@/api/content";
import { RunStatusBadge } from "@/components/RunStatusBadge";
import { SyncErrorText } from "@/components/SyncErrorText";
import { formatDateTime, humanize, plural } from "@/lib/format";

export const COUNT_KEYS: readonly (keyof SourceCounts)[] = ["added", "updated", "removed", "unchanged", "flagged", "skipped"];

const COUNT_HINTS: Record<keyof SourceCounts, string> = {
  added: "New entries",
  updated: "Entries whose content changed",
  removed: "Entries the source no longer has (retired, never deleted)",
  unchanged: "Entries read again without a change",
  flagged: "Entries kept but flagged, e.g. naming a technique the catalog does not know",
  skipped: "Files that could not be read (listed below)",
};

/** Where a run's content came from: the URL, or the uploaded file's name. */
export function runInput(run: Pick<SourceRun, "input">): string {
  return run.input.startsWith("upload:") ? `Uploaded file ${run.input.slice("upload:".length)}` : run.input;
}

/** What a run is doing now, in words: "Writing: 120 of 340 records written". */
export function runProgressText(run: Pick<SourceRun, "stage" | "records_read" | "records_written">): string {
  const stage = humanize(run.stage || "queued");
  const read = run.records_read ?? 0;
  const written = run.records_written ?? 0;
  if (read === 0 && written === 0) return `${stage}…`;
  return `${stage}: ${plural(read, "record")} read, ${written.toLocaleString()} written`;
}

/** One count of a run (`flagged` and `skipped` are absent from runs recorded before they existed). */
export function countOf(counts: SourceCounts, key: keyof SourceCounts): number {
  return counts[key] ?? 0;
}

/** The counts of a run, one labelled number each. */
export function RunCounts({ counts }: { counts: SourceCounts }) {
  return (
    <dl className="grid grid-cols-3 gap-x-4 gap-y-2 sm:grid-cols-6">
      {COUNT_KEYS.map((k) => (
        <div key={k} title={COUNT_HINTS[k]} data-count={k}>
          <dt className="text-xs text-slate-500">{humanize(k)}</dt>
          <dd className={`text-sm font-semibold tabular-nums ${k === "skipped" && countOf(counts, k) > 0 ? "text-rose-700" : k === "flagged" && countOf(counts, k) > 0 ? "text-amber-700" : "text-slate-800"}`}>
            {countOf(counts, k).toLocaleString()}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The files a run skipped, and why. */
export function RunErrors({ errors, skipped }: { errors: SourceRun["errors"]; skipped: number }) {
  if (errors.length === 0) return null;
  return (
    <details className="text-xs" open={errors.length <= 3}>
      <summary className="cursor-pointer font-medium text-rose-700">
        {plural(errors.length, "file error")}
        {skipped > errors.length ? ` (the first of ${skipped.toLocaleString()} skipped)` : ""}
      </summary>
      <ul className="mt-1 flex max-h-48 flex-col gap-1 overflow-y-auto" aria-label="File errors">
        {errors.map((e, i) => (
          <li key={`${e.path}-${i}`} className="rounded bg-rose-50 px-2 py-1 text-rose-800">
            <span className="font-mono break-all">{e.path || "(the whole input)"}</span>: {e.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** One run: its status, when and from what, its progress or its counts, and what went wrong. */
export function RunDetails({ run }: { run: SourceRun }) {
  const running = run.status === "running";
  return (
    <div className="flex flex-col gap-2" data-testid="source-run" data-run-id={run.run_id} data-status={run.status} aria-live="polite">
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500">
        <span className="flex items-center gap-2">
          <RunStatusBadge status={run.status} />
          {humanize(run.trigger)} run{run.requested_by ? ` by ${run.requested_by}` : ""}
        </span>
        <span>
          {formatDateTime(run.started_at)}
          {run.finished_at ? ` → ${formatDateTime(run.finished_at)}` : ""}
        </span>
      </div>
      <p className="truncate text-xs text-slate-500" title={run.input}>
        {runInput(run)}
      </p>
      {running ? (
        <RunProgressBar run={run} />
      ) : (
        <RunCounts counts={run.counts} />
      )}
      {run.error && <SyncErrorText error={run.error} role="alert" />}
      <RunErrors errors={run.errors} skipped={countOf(run.counts, "skipped")} />
    </div>
  );
}

/** The stage of a running run and its records written of those read. */
function RunProgressBar({ run }: { run: SourceRun }) {
  const text = runProgressText(run);
  const read = run.records_read ?? 0;
  const percent = read > 0 ? Math.min(100, Math.round((100 * (run.records_written ?? 0)) / read)) : undefined;
  return (
    <div data-stage={run.stage}>
      <p className="mb-1 text-xs text-slate-600">{text}</p>
      <div
        role="progressbar"
        aria-label="Run progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text}
        className="h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className={percent === undefined ? "h-full w-1/3 animate-pulse rounded-full bg-sky-400" : "h-full rounded-full bg-sky-600 transition-[width]"}
          style={percent === undefined ? undefined : { width: `${percent}%` }}
        />
      </div>
    </div>
  );
}
