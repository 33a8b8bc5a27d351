import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import type { CampaignComparison, RunSummary, RunTrend } from "@/api/campaigns";
import type { Coverage } from "@/api/types";
import { Badge, Card, CoverageBadge, EmptyState, ErrorState, LoadingState, Table, Td, Th } from "@/components/ui";
import { formatDateTime, plural } from "@/lib/format";
import { STATUS_LABELS } from "@/lib/heatmap";
import { campaignComparisonQuery, campaignHistoryQuery } from "../api/campaigns";
import { coverageByRun, eventLabel, outcomeLabel, sortedComparison, TREND_LABELS, trendCounts } from "../model/comparison";

const TREND_TONES = { improved: "emerald", regressed: "rose", unchanged: "slate", new: "sky" } as const;
const TREND_GLYPHS: Record<RunTrend, string> = { improved: "▲", regressed: "▼", unchanged: "=", new: "+" };

export function TrendBadge({ trend }: { trend: RunTrend }) {
  return (
    <Badge tone={TREND_TONES[trend]}>
      <span aria-hidden>{TREND_GLYPHS[trend]}</span>
      {TREND_LABELS[trend]}
    </Badge>
  );
}

/** The completion's record: the coverage of the campaign's techniques when it completed. */
export function CompletionSummary({ completion }: { completion: RunSummary }) {
  const validated = completion.techniques.filter((t) => t.state === "validated").length;
  return (
    <Card title="Completion summary" description={`Run ${completion.run}, ${formatDateTime(completion.started_at)} to ${formatDateTime(completion.ended_at)}`} id="completion">
      <p className="text-sm text-slate-800" data-testid="completion-summary">
        {completion.coverage_pct}% of its {plural(completion.techniques.length, "technique")} covered (validated with at least a logged detection); {validated} of {completion.techniques.length} approved.
      </p>
      <Table caption="Outcome of each technique at completion" className="mt-3">
        <thead>
          <tr>
            <Th>Technique</Th>
            <Th>Outcome</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {completion.techniques.map((t) => (
            <tr key={t.technique_id}>
              <Td>
                <Link to={`/techniques/${t.technique_id}`} className="font-mono text-xs text-indigo-700 hover:underline">
                  {t.technique_id}
                </Link>
              </Td>
              <Td className="text-xs">{outcomeLabel(t)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}

/** The coverage of the campaign's techniques across every test, counted by status. */
export function CoverageCard({ coverage }: { coverage: readonly { technique_id: string; status: Coverage }[] }) {
  const counts = coverage.reduce<Partial<Record<Coverage, number>>>((acc, c) => ({ ...acc, [c.status]: (acc[c.status] ?? 0) + 1 }), {});
  return (
    <Card title="Coverage of its techniques" description="Across every test of each technique, not only this campaign's.">
      <p className="text-sm text-slate-700">
        {coverage.length === 0
          ? "No technique yet."
          : (Object.entries(counts) as [Coverage, number][]).map(([s, n]) => `${n} ${STATUS_LABELS[s].toLowerCase()}`).join(", ") + ` of ${plural(coverage.length, "technique")}.`}
      </p>
      {coverage.length > 0 && (
        <ul className="mt-3 flex flex-wrap gap-2">
          {coverage.map((c) => (
            <li key={c.technique_id} className="flex items-center gap-1">
              <Link to={`/techniques/${c.technique_id}`} className="font-mono text-xs text-indigo-700 hover:underline">
                {c.technique_id}
              </Link>
              <CoverageBadge status={c.status} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** Coverage by run as bars, each with its number and change in words beside it. */
function CoverageByRun({ comparison }: { comparison: CampaignComparison }) {
  const runs = coverageByRun(comparison);
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-900">Coverage by run</h3>
      <ol className="mt-2 flex flex-col gap-1.5" data-testid="coverage-by-run">
        {runs.map((r) => (
          <li key={r.run} className="grid grid-cols-[4rem_1fr] items-center gap-2 text-xs">
            <span className="text-slate-600">Run {r.run}</span>
            <div>
              <div className="h-2 rounded-full bg-slate-200" aria-hidden>
                <div className="h-2 rounded-full bg-indigo-600" style={{ width: `${Math.max(0, Math.min(100, r.pct))}%` }} />
              </div>
              <p className="mt-0.5 text-slate-700">{r.words}</p>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function ComparisonPanel({ campaignId }: { campaignId: string }) {
  const q = useQuery(campaignComparisonQuery(campaignId));
  return (
    <Card title="Run comparison" description="Each technique in this run against the run before: detection first, then how far its tests got." id="comparison">
      {q.isLoading && <LoadingState />}
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <div className="flex flex-col gap-4">
          <p className="text-sm text-slate-700" data-testid="comparison-summary">
            {q.data.previous_run
              ? `Run ${q.data.run} against run ${q.data.previous_run}: ` +
                (Object.entries(trendCounts(q.data.techniques)) as [RunTrend, number][])
                  .filter(([, n]) => n > 0)
                  .map(([t, n]) => `${n} ${TREND_LABELS[t].toLowerCase()}`)
                  .join(", ") +
                "."
              : `Run ${q.data.run} is the first: nothing to compare with yet.`}
          </p>
          <CoverageByRun comparison={q.data} />
          {q.data.techniques.length > 0 && (
            <Table caption="Each technique's outcome in this run and the previous one">
              <thead>
                <tr>
                  <Th>Technique</Th>
                  <Th>Previous run</Th>
                  <Th>This run</Th>
                  <Th>Trend</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {sortedComparison(q.data.techniques).map((t) => (
                  <tr key={t.technique_id}>
                    <Td className="font-mono text-xs">{t.technique_id}</Td>
                    <Td className="text-xs">{outcomeLabel(t.previous)}</Td>
                    <Td className="text-xs">{outcomeLabel(t.current)}</Td>
                    <Td>
                      <TrendBadge trend={t.trend} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </div>
      )}
    </Card>
  );
}

export function HistoryPanel({ campaignId }: { campaignId: string }) {
  const q = useQuery(campaignHistoryQuery(campaignId));
  return (
    <Card title="History" description="Every change and run, newest first." id="history">
      {q.isLoading && <LoadingState />}
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <div className="flex flex-col gap-4">
          {q.data.runs.length > 0 && (
            <Table caption="Finished runs">
              <thead>
                <tr>
                  <Th>Run</Th>
                  <Th>Started</Th>
                  <Th>Ended</Th>
                  <Th className="text-right">Covered</Th>
                  <Th className="text-right">Techniques</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {q.data.runs.map((r) => (
                  <tr key={r.run}>
                    <Td>Run {r.run}</Td>
                    <Td className="text-xs">{formatDateTime(r.started_at)}</Td>
                    <Td className="text-xs">{formatDateTime(r.ended_at)}</Td>
                    <Td className="text-right tabular-nums">{r.coverage_pct}%</Td>
                    <Td className="text-right tabular-nums">{r.techniques.length}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {q.data.events.length === 0 ? (
            <EmptyState title="No history yet" />
          ) : (
            <ol className="flex flex-col gap-2 text-sm" data-testid="campaign-history">
              {[...q.data.events].reverse().map((e) => (
                <li key={e.id} className="border-l-2 border-slate-200 pl-3">
                  <p className="text-slate-800">{eventLabel(e)}</p>
                  <p className="text-xs text-slate-500">
                    {e.actor} · {formatDateTime(e.at)} · run {e.run}
                  </p>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </Card>
  );
}
