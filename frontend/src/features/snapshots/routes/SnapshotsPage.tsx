import { useState } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ArrowLeftRight, Camera, GitCompare } from "lucide-react";
import type { SnapshotSummary } from "@/api/types";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Badge, Button, Card, EmptyState, ErrorState, Field, LoadingState, LoadMore, PageHeader, Select, Spinner, Table, Td, Th, useToast } from "@/components/ui";
import { formatDateTime, formatScore, humanize } from "@/lib/format";
import { allItems } from "@/api/pagination";
import { compareQuery, snapshotsList, trendQuery, useTakeSnapshot } from "../api/snapshots";
import { defaultPair, formatDelta, deltaTone } from "../components/comparison";
import { ComparisonView } from "../components/ComparisonView";
import { TrendChart } from "../components/TrendChart";

const PAGE = 25;
const RANGES = [
  { days: 30, label: "Last 30 days" },
  { days: 90, label: "Last 90 days" },
  { days: 365, label: "Last year" },
  { days: 3650, label: "Everything kept" },
];

const optionLabel = (s: SnapshotSummary) => `${formatDateTime(s.taken_at)} · score ${formatScore(s.org_score)} · ${humanize(s.trigger)}`;

export default function SnapshotsPage() {
  const user = useCurrentUser();
  const toast = useToast();
  const list = useInfiniteQuery(snapshotsList(PAGE));
  const [days, setDays] = useState(90);
  const trend = useQuery(trendQuery(days));
  const take = useTakeSnapshot();
  const [picked, setPicked] = useState<{ from: string; to: string } | null>(null);
  // The pages loaded so far, newest first: the compare pickers offer these too.
  const items: SnapshotSummary[] = allItems(list.data);
  const pair = picked ?? defaultPair(items);
  const compare = useQuery(compareQuery(pair.from, pair.to));

  const takeSnapshot = () =>
    take.mutate(undefined, {
      onSuccess: (s) => toast.success(`Snapshot taken: organisation score ${formatScore(s.org_score)}`),
    });

  return (
    <>
      <PageHeader
        title="Snapshots"
        description="The organisation's coverage at points in time: one is taken every day, and leads can take one now. Compare two to see what changed."
        actions={
          can.takeSnapshot(user.role) && (
            <Button icon={<Camera className="size-4" aria-hidden />} loading={take.isPending} onClick={takeSnapshot}>
              Take snapshot
            </Button>
          )
        }
      />
      <div className="flex flex-col gap-6">
        <Card
          title="Trend"
          description="Organisation score and validated and partial techniques of each snapshot"
          actions={
            <div className="flex items-center gap-2">
              {trend.isFetching && !trend.isLoading && <Spinner className="size-4 text-indigo-600" label="Updating" />}
              <label htmlFor="trend-range" className="text-xs font-medium text-slate-600">
                Range
              </label>
              <Select id="trend-range" value={days} onChange={(e) => setDays(Number(e.target.value))} className="w-40">
                {RANGES.map((r) => (
                  <option key={r.days} value={r.days}>
                    {r.label}
                  </option>
                ))}
              </Select>
            </div>
          }
        >
          {trend.isLoading && <LoadingState label="Loading the trend…" />}
          {trend.isError && <ErrorState error={trend.error} onRetry={() => void trend.refetch()} />}
          {trend.data && trend.data.points.length === 0 && (
            <EmptyState title="No snapshots in this range" description="Choose a longer range, or take a snapshot to start the trend." />
          )}
          {trend.data && trend.data.points.length > 0 && <TrendChart points={trend.data.points} />}
        </Card>

        <Card id="compare" title="Compare" description="Pick two snapshots: every technique whose status or score moved is listed">
          {list.isLoading && <LoadingState />}
          {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
          {list.data && items.length < 2 && (
            <EmptyState icon={<GitCompare className="size-6" aria-hidden />} title="Two snapshots are needed" description="Comparing starts once there are at least two snapshots." />
          )}
          {list.data && items.length >= 2 && (
            <div className="flex flex-col gap-5">
              <div className="grid grid-cols-1 items-end gap-3 md:grid-cols-[1fr_auto_1fr]">
                <Field id="compare-from" label="From (earlier)">
                  <Select value={pair.from} onChange={(e) => setPicked({ ...pair, from: e.target.value })}>
                    {items.map((s) => (
                      <option key={s.id} value={s.id}>
                        {optionLabel(s)}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Button variant="ghost" icon={<ArrowLeftRight className="size-4" aria-hidden />} onClick={() => setPicked({ from: pair.to, to: pair.from })} aria-label="Swap from and to">
                  Swap
                </Button>
                <Field id="compare-to" label="To (later)">
                  <Select value={pair.to} onChange={(e) => setPicked({ ...pair, to: e.target.value })}>
                    {items.map((s) => (
                      <option key={s.id} value={s.id}>
                        {optionLabel(s)}
                      </option>
                    ))}
                  </Select>
                </Field>
              </div>
              {pair.from === pair.to && <p className="text-sm text-slate-500">Pick two different snapshots to compare.</p>}
              {compare.isLoading && <LoadingState label="Comparing…" />}
              {compare.isError && <ErrorState error={compare.error} onRetry={() => void compare.refetch()} />}
              {compare.data && pair.from !== pair.to && <ComparisonView key={`${pair.from}-${pair.to}`} comparison={compare.data} />}
            </div>
          )}
        </Card>

        <Card title="All snapshots" description="Newest first; scheduled ones are kept for the retention period" bodyClassName="p-0">
          {list.isLoading && <LoadingState />}
          {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
          {list.data && items.length === 0 && (
            <EmptyState
              icon={<Camera className="size-6" aria-hidden />}
              title="No snapshots yet"
              description={can.takeSnapshot(user.role) ? "Take one now, or wait for the daily one." : "The first one is taken by the daily schedule."}
            />
          )}
          {items.length > 0 && (
            <>
              <Table caption="Snapshots">
                <thead>
                  <tr>
                    <Th>Taken</Th>
                    <Th>Trigger</Th>
                    <Th className="text-right">Score</Th>
                    <Th className="text-right">Change</Th>
                    <Th className="text-right">Validated</Th>
                    <Th className="text-right">Partial</Th>
                    <Th className="text-right">In progress</Th>
                    <Th className="text-right">Not covered</Th>
                    <Th>
                      <span className="sr-only">Actions</span>
                    </Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {items.map((s, i) => {
                    const previous = items[i + 1];
                    const delta = previous ? s.org_score - previous.org_score : null;
                    return (
                      <tr key={s.id} data-snapshot={s.id} data-taken-at={s.taken_at} className="hover:bg-slate-50">
                        <Td className="text-xs whitespace-nowrap">
                          {formatDateTime(s.taken_at)}
                          {s.taken_by && <span className="block text-slate-500">by {s.taken_by}</span>}
                        </Td>
                        <Td>
                          <Badge tone={s.trigger === "manual" ? "indigo" : "slate"}>{humanize(s.trigger)}</Badge>
                        </Td>
                        <Td className="text-right font-medium tabular-nums">{formatScore(s.org_score)}</Td>
                        <Td className="text-right text-xs tabular-nums">
                          {delta === null ? (
                            <span className="text-slate-500">—</span>
                          ) : (
                            <span className={{ up: "text-emerald-700", down: "text-rose-700", flat: "text-slate-500" }[deltaTone(delta)]}>{formatDelta(delta)}</span>
                          )}
                        </Td>
                        {(["validated", "partial", "in_progress", "not_covered"] as const).map((k) => (
                          <Td key={k} className="text-right text-xs tabular-nums">
                            {s.counts[k] ?? 0}
                          </Td>
                        ))}
                        <Td className="text-right">
                          {previous && (
                            <Button size="sm" variant="ghost" onClick={() => {
                                setPicked({ from: previous.id, to: s.id });
                                document.getElementById("compare-title")?.scrollIntoView({ block: "start" });
                              }}>
                              Compare with previous
                              <span className="sr-only"> (the snapshot of {formatDateTime(s.taken_at)})</span>
                            </Button>
                          )}
                        </Td>
                      </tr>
                    );
                  })}
                </tbody>
              </Table>
              <LoadMore count={items.length} noun={["snapshot", "snapshots"]} hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
            </>
          )}
        </Card>
      </div>
    </>
  );
}
