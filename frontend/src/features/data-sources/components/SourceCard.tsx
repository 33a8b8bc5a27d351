import { useState } from "react";
import { History, RefreshCw } from "lucide-react";
import type { DataSource, SourceKind } from "@/api/content";
import { Badge, Button, Card, ErrorState, LoadingState, useToast } from "@/components/ui";
import { timeAgo } from "@/lib/format";
import { useSyncSource } from "../api/dataSources";
import { ArchiveUpload } from "./ArchiveUpload";
import { RunDetails } from "./RunDetails";
import { RunHistory } from "./RunHistory";
import { SourceSettings } from "./SourceSettings";
import { useFollowedRun } from "./useFollowedRun";

export const KIND_LABELS: Record<SourceKind, string> = {
  test_templates: "Test templates",
  detection_rules: "Detection rules",
  countermeasures: "Countermeasures",
  compliance_mapping: "Compliance mapping",
};

/**
 * The run a source's card follows live: the one just started here, else its last run while that
 * is still running; null when nothing runs.
 */
export function followedRunId(source: Pick<DataSource, "last_run">, started: string | null): string | null {
  if (started) return started;
  return source.last_run?.status === "running" ? source.last_run.run_id : null;
}

/** One data source: settings, its last (or running) run, sync, import of a file, run history. */
export function SourceCard({ source, started, onStarted }: { source: DataSource; started: string | null; onStarted: (runId: string) => void }) {
  const sync = useSyncSource(source.id);
  const toast = useToast();
  const [history, setHistory] = useState(false);
  const runId = followedRunId(source, started);
  const followed = useFollowedRun(runId, source.id);
  // A run just started counts as running until its first poll says otherwise.
  const running = runId !== null && (followed.data?.status ?? "running") === "running";

  const startSync = () =>
    sync.mutate(undefined, {
      onSuccess: (r) => {
        toast.success(`Sync of ${source.name} started`);
        onStarted(r.run_id);
      },
    });

  return (
    <Card
      id={`source-${source.id}`}
      title={source.name}
      description={
        <span className="flex flex-wrap items-center gap-2">
          <Badge tone="indigo">{KIND_LABELS[source.kind]}</Badge>
          {!source.enabled && <Badge tone="slate">Disabled</Badge>}
          <span>Last success {timeAgo(source.last_success_at)}</span>
        </span>
      }
      actions={
        <Button icon={<RefreshCw className="size-4" aria-hidden />} loading={sync.isPending} disabled={running} onClick={startSync}>
          {running ? "Running…" : "Sync"}
        </Button>
      }
    >
      <div className="flex flex-col gap-5" data-source={source.id}>
        <SourceSettings key={source.url} source={source} />
        <section aria-label={`${source.name} last run`} className="rounded-lg border border-slate-200 bg-slate-50/60 p-3">
          <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{running ? "Current run" : "Last run"}</h3>
          {runId && followed.isError ? (
            <ErrorState error={followed.error} onRetry={() => void followed.refetch()} />
          ) : runId && !followed.data ? (
            <LoadingState label="Starting the run…" className="py-4" />
          ) : followed.data ? (
            <RunDetails run={followed.data} />
          ) : source.last_run ? (
            <RunDetails run={source.last_run} />
          ) : (
            <p className="text-sm text-slate-500">Never run.</p>
          )}
        </section>
        <ArchiveUpload source={source} disabled={running} onStarted={onStarted} />
        <div>
          <Button
            variant="ghost"
            size="sm"
            icon={<History className="size-3.5" aria-hidden />}
            aria-expanded={history}
            aria-controls={`source-${source.id}-history`}
            onClick={() => setHistory((h) => !h)}
          >
            {history ? "Hide run history" : "Run history"}
          </Button>
          {history && (
            <div id={`source-${source.id}-history`} className="mt-2 rounded-lg border border-slate-200">
              <RunHistory sourceId={source.id} sourceName={source.name} />
            </div>
          )}
        </div>
      </div>
    </Card>
  );
}
