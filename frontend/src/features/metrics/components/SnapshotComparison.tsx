import type { ReactNode } from "react";
import { Link } from "react-router";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ArrowRight, GitCompare } from "lucide-react";
import { allItems } from "@/api/pagination";
import type { Comparison, SnapshotSummary } from "@/api/types";
import { TechniqueChangesTable } from "@/components/TechniqueChangesTable";
import { Button, EmptyState, ErrorState, Field, LoadingState, Select, Table, Td, Th } from "@/components/ui";
import { formatDateTime, formatScore, humanize, plural } from "@/lib/format";
import { changeRows } from "@/lib/snapshotChanges";
import { snapshotCompareQuery, snapshotPicks, type GroupChange } from "../api/metrics";
import { defaultSnapshotPair } from "../model/comparisonState";
import { numberDelta, signedDelta } from "../model/delta";
import { DeltaText } from "./Values";

const optionLabel = (s: Pick<SnapshotSummary, "taken_at" | "org_score" | "trigger">) =>
  `${formatDateTime(s.taken_at)} · score ${formatScore(s.org_score)} · ${humanize(s.trigger)}`;

/**
 * Two snapshots compared (`GET /snapshots/compare`): the organisation score, each tactic and the
 * threat actors (tracked first, as the server orders them) then and now, and the techniques
 * that changed.
 */
export function SnapshotComparison({ from, to, onChange }: { from: string; to: string; onChange: (pair: { snapFrom?: string; snapTo?: string }) => void }) {
  const list = useInfiniteQuery(snapshotPicks());
  const items = allItems(list.data);
  const fallback = defaultSnapshotPair(items);
  const pair = { from: from || fallback.from, to: to || fallback.to };
  const compare = useQuery(snapshotCompareQuery(pair.from, pair.to));
  const c = compare.data;

  /** The loaded snapshots, and a chosen one from the URL that is not among them yet. */
  const options = (id: string) => {
    const known = items.some((s) => s.id === id);
    const fromComparison = c && [c.from, c.to].find((s) => s.id === id);
    return (
      <>
        {!known && id && <option value={id}>{fromComparison ? optionLabel(fromComparison) : "The chosen snapshot"}</option>}
        {items.map((s) => (
          <option key={s.id} value={s.id}>
            {optionLabel(s)}
          </option>
        ))}
      </>
    );
  };

  if (list.isLoading) return <LoadingState label="Loading the snapshots…" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (items.length < 2 && !(from && to)) {
    return <EmptyState icon={<GitCompare className="size-6" aria-hidden />} title="Two snapshots are needed" description="Snapshots are taken every day, and leads can take one on the Snapshots screen." />;
  }
  return (
    <div className="flex flex-col gap-5">
      <div className="grid grid-cols-1 items-end gap-3 md:grid-cols-[1fr_1fr_auto]">
        <Field id="snapshot-from" label="Earlier snapshot">
          <Select value={pair.from} onChange={(e) => onChange({ snapFrom: e.target.value, snapTo: pair.to })}>
            {options(pair.from)}
          </Select>
        </Field>
        <Field id="snapshot-to" label="Later snapshot">
          <Select value={pair.to} onChange={(e) => onChange({ snapFrom: pair.from, snapTo: e.target.value })}>
            {options(pair.to)}
          </Select>
        </Field>
        {list.hasNextPage && (
          <Button variant="ghost" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Load older snapshots
          </Button>
        )}
      </div>
      {pair.from === pair.to && <p className="text-sm text-slate-600">Pick two different snapshots to compare.</p>}
      {compare.isLoading && <LoadingState label="Comparing…" />}
      {compare.isError && <ErrorState error={compare.error} onRetry={() => void compare.refetch()} />}
      {c && pair.from !== pair.to && <SnapshotResult c={c} />}
    </div>
  );
}

function SnapshotResult({ c }: { c: Comparison }) {
  const backwards = new Date(c.from.taken_at).getTime() > new Date(c.to.taken_at).getTime();
  return (
    <div className="flex flex-col gap-5" data-testid="snapshot-comparison">
      {backwards && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
          The “earlier” snapshot was taken after the “later” one: every change below runs backwards in time.
        </p>
      )}
      <div className="rounded-lg border border-slate-200 p-4" data-testid="org-score-delta">
        <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Organisation score</p>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-2xl font-semibold text-slate-900 tabular-nums">
          {formatScore(c.from.org_score)}
          <ArrowRight className="size-4 text-slate-500" aria-label="to" />
          {formatScore(c.to.org_score)}
          <DeltaText delta={signedDelta(c.org_score_delta)} className="text-base" />
        </p>
        <p className="mt-1 text-xs text-slate-500">
          {formatDateTime(c.from.taken_at)} → {formatDateTime(c.to.taken_at)}
        </p>
      </div>
      <GroupTable
        title="By tactic"
        caption="Tactics in both snapshots"
        nameHeader="Tactic"
        rows={c.by_tactic}
        empty="No tactic in either snapshot."
        name={(g) => g.name}
        testId="compare-by-tactic"
      />
      <GroupTable
        title="By threat actor"
        caption="Threat actors in both snapshots"
        description="Tracked actors first, then the biggest score changes"
        nameHeader="Threat actor"
        rows={c.by_actor}
        empty="No threat actor in either snapshot."
        name={(g) => (
          <Link to={`/threat-actors/${g.key}`} className="text-indigo-700 hover:underline">
            {g.name} <span className="font-mono text-xs text-slate-500">{g.key}</span>
          </Link>
        )}
        testId="compare-by-actor"
      />
      <Changes c={c} />
    </div>
  );
}

function GroupTable({
  title,
  caption,
  description,
  nameHeader,
  rows,
  empty,
  name,
  testId,
}: {
  title: string;
  caption: string;
  description?: string;
  nameHeader: string;
  rows: readonly GroupChange[];
  empty: string;
  name: (g: GroupChange) => ReactNode;
  testId: string;
}) {
  return (
    <div className="rounded-lg border border-slate-200" data-testid={testId}>
      <div className="border-b border-slate-100 px-4 py-3">
        <h3 className="text-sm font-semibold text-slate-800">{title}</h3>
        {description && <p className="text-xs text-slate-500">{description}</p>}
      </div>
      {rows.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-600">{empty}</p>
      ) : (
        <Table caption={caption}>
          <thead>
            <tr>
              <Th>{nameHeader}</Th>
              <Th className="text-right">Techniques</Th>
              <Th className="text-right">Validated then</Th>
              <Th className="text-right">Validated now</Th>
              <Th className="text-right">Score then</Th>
              <Th className="text-right">Score now</Th>
              <Th className="text-right">Change</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((g) => (
              <tr key={g.key} data-group={g.key}>
                <Td className="font-medium text-slate-800">{name(g)}</Td>
                <Td className="text-right tabular-nums">{g.techniques}</Td>
                <Td className="text-right tabular-nums">{g.from_validated}</Td>
                <Td className="text-right tabular-nums">
                  {g.to_validated}
                  {g.to_validated !== g.from_validated && <DeltaText delta={numberDelta(g.from_validated, g.to_validated)} className="ml-1.5 text-xs" />}
                </Td>
                <Td className="text-right tabular-nums">{formatScore(g.from_score)}</Td>
                <Td className="text-right tabular-nums">{formatScore(g.to_score)}</Td>
                <Td className="text-right">
                  <DeltaText delta={signedDelta(g.score_delta)} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}

function Changes({ c }: { c: Comparison }) {
  return (
    <div className="rounded-lg border border-slate-200" data-testid="compare-changes">
      <div className="border-b border-slate-100 px-4 py-3">
        <h3 className="text-sm font-semibold text-slate-800">Techniques that changed</h3>
        <p className="text-xs text-slate-500">{plural(c.changes.length, "technique")}, biggest score change first</p>
      </div>
      {c.changes.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-600">Every technique has the same status and score in both snapshots.</p>
      ) : (
        <TechniqueChangesTable rows={changeRows(c.changes)} caption="Techniques that changed between the snapshots" delta={(r) => <DeltaText delta={signedDelta(r.delta)} />} />
      )}
    </div>
  );
}
