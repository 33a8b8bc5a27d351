import { useInfiniteQuery } from "@tanstack/react-query";
import { allItems } from "@/api/pagination";
import { RunStatusBadge } from "@/components/RunStatusBadge";
import { SyncErrorText } from "@/components/SyncErrorText";
import { EmptyState, ErrorState, LoadMore, LoadingState, Table, Td, Th } from "@/components/ui";
import { formatDateTime, humanize } from "@/lib/format";
import { sourceRunsList } from "../api/dataSources";
import { COUNT_KEYS, countOf, RunErrors, runInput, runProgressText } from "./RunDetails";

/** A source's runs, newest first, with their counts and skipped files. */
export function RunHistory({ sourceId, sourceName }: { sourceId: string; sourceName: string }) {
  const runs = useInfiniteQuery(sourceRunsList(sourceId));
  const items = allItems(runs.data);
  if (runs.isLoading) return <LoadingState label="Loading runs…" />;
  if (runs.isError) return <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />;
  if (items.length === 0) return <EmptyState title="No run yet" description="Sync the source or import a file." />;
  return (
    <>
      <Table caption={`Runs of ${sourceName}`}>
        <thead>
          <tr>
            <Th>Started</Th>
            <Th>Status</Th>
            <Th>From</Th>
            {COUNT_KEYS.map((k) => (
              <Th key={k} className="text-right">
                {humanize(k)}
              </Th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((r) => (
            <tr key={r.run_id} className="align-top">
              <Td className="text-xs whitespace-nowrap">
                {formatDateTime(r.started_at)}
                <span className="block text-slate-500">
                  {humanize(r.trigger)}
                  {r.requested_by ? ` by ${r.requested_by}` : ""}
                </span>
              </Td>
              <Td className="text-xs">
                <RunStatusBadge status={r.status} />
                {r.status === "running" && <p className="mt-1 text-slate-500">{runProgressText(r)}</p>}
                {r.error && <SyncErrorText error={r.error} className="mt-1 max-w-xs" />}
                <div className="mt-1 max-w-sm">
                  <RunErrors errors={r.errors} skipped={countOf(r.counts, "skipped")} />
                </div>
              </Td>
              <Td className="max-w-56 truncate text-xs" title={r.input}>
                {runInput(r)}
              </Td>
              {COUNT_KEYS.map((k) => (
                <Td key={k} className="text-right text-xs tabular-nums">
                  {countOf(r.counts, k)}
                </Td>
              ))}
            </tr>
          ))}
        </tbody>
      </Table>
      <LoadMore
        hasMore={Boolean(runs.hasNextPage)}
        loading={runs.isFetchingNextPage}
        onLoad={() => void runs.fetchNextPage()}
        count={items.length}
        noun={["run", "runs"]}
      />
    </>
  );
}
