import { useQuery } from "@tanstack/react-query";
import { CalendarClock, RefreshCw } from "lucide-react";
import type { SyncRun } from "@/api/types";
import { SyncErrorText } from "@/components/SyncErrorText";
import { Button, Card, EmptyState, ErrorState, LoadingState, PageHeader, Table, Td, Th, useToast } from "@/components/ui";
import { formatDateTime, formatDuration, humanize, timeAgo } from "@/lib/format";
import { schedulerQuery, syncRunsQuery, useStartSync } from "../api/system";
import { ImportBundleCard } from "../components/ImportBundleCard";
import { RepointsCard } from "../components/RepointsCard";
import { IntelChangesCard } from "@/components/IntelChangesCard";
import { RunStatusBadge } from "@/components/RunStatusBadge";

function duration(run: SyncRun): string {
  if (!run.finished_at) return "—";
  return formatDuration((new Date(run.finished_at).getTime() - new Date(run.started_at).getTime()) / 1000);
}

export default function SystemPage() {
  const runs = useQuery(syncRunsQuery);
  const scheduler = useQuery(schedulerQuery);
  const sync = useStartSync();
  const toast = useToast();
  const running = runs.data?.items.some((r) => r.status === "running") ?? false;

  const startSync = () =>
    sync.mutate(undefined, {
      onSuccess: (r) => toast.success(`MITRE sync started (run ${r.run_id.slice(0, 8)})`),
    });

  return (
    <>
      <PageHeader
        title="MITRE Sync"
        description="Keep the ATT&CK catalog current: sync from MITRE (TAXII, falling back to the bundle URL), or import a STIX bundle of any size. After each sync the intel scan shows what the release changed for threat actors."
        actions={
          <Button icon={<RefreshCw className="size-4" aria-hidden />} loading={sync.isPending} disabled={running} onClick={startSync}>
            {running ? "Sync running…" : "Sync now"}
          </Button>
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <Card
          title="Sync runs"
          description={running ? "Refreshing every 2 seconds while a run is in progress" : "The latest 20 runs"}
          className="xl:col-span-2"
          bodyClassName="p-0"
        >
          {runs.isLoading && <LoadingState />}
          {runs.isError && <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />}
          {runs.data && runs.data.items.length === 0 && <EmptyState title="No sync has run yet" description="Start one with “Sync now”." />}
          {runs.data && runs.data.items.length > 0 && (
            <Table caption="Sync runs">
              <thead>
                <tr>
                  <Th>Started</Th>
                  <Th>Status</Th>
                  <Th>Trigger</Th>
                  <Th>Source</Th>
                  <Th>Version</Th>
                  <Th className="text-right">Added</Th>
                  <Th className="text-right">Updated</Th>
                  <Th className="text-right">Deprecated</Th>
                  <Th className="text-right">Revoked</Th>
                  <Th className="text-right">Unchanged</Th>
                  <Th className="text-right">Failed</Th>
                  <Th>Duration</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {runs.data.items.map((r) => (
                  <tr key={r.run_id} className="align-top">
                    <Td className="text-xs whitespace-nowrap" title={r.started_at}>
                      {formatDateTime(r.started_at)}
                      {r.requested_by && <span className="block text-slate-500">by {r.requested_by}</span>}
                    </Td>
                    <Td>
                      <RunStatusBadge status={r.status} />
                      {r.error && <SyncErrorText error={r.error} className="mt-1 max-w-xs" />}
                      {r.fallback_reason && <SyncErrorText error={r.fallback_reason} fallback className="mt-1 max-w-xs" />}
                    </Td>
                    <Td className="text-xs">{humanize(r.trigger)}</Td>
                    <Td className="text-xs">{r.source ? humanize(r.source) : "—"}</Td>
                    <Td className="text-xs">{r.attack_version ?? "—"}</Td>
                    {(["added", "updated", "deprecated", "revoked", "unchanged", "failed"] as const).map((k) => (
                      <Td key={k} className={`text-right text-xs tabular-nums ${k === "failed" && r.counts[k] > 0 ? "font-semibold text-rose-700" : ""}`}>
                        {r.counts[k]}
                      </Td>
                    ))}
                    <Td className="text-xs">{duration(r)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        <div className="flex flex-col gap-6">
          <Card title="Scheduler" bodyClassName="p-0">
            {scheduler.isLoading && <LoadingState />}
            {scheduler.isError && <ErrorState error={scheduler.error} />}
            {scheduler.data && (
              <ul className="divide-y divide-slate-100">
                {scheduler.data.jobs.map((j) => (
                  <li key={j.name} className="px-5 py-3.5">
                    <div className="flex items-center justify-between gap-2">
                      <p className="flex items-center gap-2 text-sm font-medium text-slate-800">
                        <CalendarClock className="size-4 text-slate-500" aria-hidden /> {humanize(j.name)}
                      </p>
                      <RunStatusBadge status={j.last_status} />
                    </div>
                    <p className="mt-1 text-xs text-slate-500">{j.description}</p>
                    <dl className="mt-2 grid grid-cols-3 gap-2 text-xs">
                      <div>
                        <dt className="text-slate-500">Schedule</dt>
                        <dd className="font-mono text-slate-700">{j.schedule}</dd>
                      </div>
                      <div>
                        <dt className="text-slate-500">Last run</dt>
                        <dd className="text-slate-700">{timeAgo(j.last_run_at)}</dd>
                      </div>
                      <div>
                        <dt className="text-slate-500">Next run</dt>
                        <dd className="text-slate-700">{formatDateTime(j.next_run_at)}</dd>
                      </div>
                    </dl>
                    {j.last_error && <SyncErrorText error={j.last_error} className="mt-1" />}
                  </li>
                ))}
                {scheduler.data.catalogs.map((c) => (
                  <li key={c.domain} className="bg-slate-50 px-5 py-3 text-xs text-slate-600">
                    Catalog <span className="font-medium">{c.domain}</span>: ATT&CK {c.attack_version ?? "—"}, synced {timeAgo(c.synced_at)}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <ImportBundleCard runs={runs.data?.items} running={running} />
        </div>
        {runs.data && <RepointsCard runs={runs.data.items} />}
        <IntelChangesCard className="xl:col-span-3" />
      </div>
    </>
  );
}
