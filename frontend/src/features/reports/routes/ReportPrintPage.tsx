import type { ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { Printer } from "lucide-react";
import { OutcomeBadge } from "@/components/OutcomeBadge";
import { ScoreTrendChart } from "@/components/ScoreTrendChart";
import { Button, CoverageBadge, ErrorState, Field, Input, LoadingState, PageHeader, Select, Table, Td, Th } from "@/components/ui";
import { formatDate, formatDateTime, formatDuration, formatPercent, formatScore, plural } from "@/lib/format";
import { PLATFORMS } from "@/lib/labels";
import { OUTCOMES } from "@/lib/outcome";
import {
  allActorsQuery,
  executiveQuery,
  filteredMatrixQuery,
  kpisQuery,
  periodRemediationQuery,
  periodResultsQuery,
  techniqueSetsQuery,
  trendDays,
  trendQuery,
  type ReportFilters,
} from "../api/report";
import { periodSummary, tacticRows, topGaps } from "../components/reportModel";

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className="break-inside-avoid rounded-xl border border-slate-200 bg-white p-5 shadow-sm print:rounded-none print:border-0 print:p-0 print:shadow-none">
      <h2 id={`${id}-title`} className="mb-3 text-base font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Figure({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 p-3 print:border-slate-300">
      <dt className="text-xs font-medium text-slate-600 uppercase">{label}</dt>
      <dd className="mt-1 text-xl font-semibold text-slate-900 tabular-nums">{value}</dd>
      {hint && <dd className="mt-0.5 text-xs text-slate-600">{hint}</dd>}
    </div>
  );
}

/**
 * A report to share: executive summary, tactic table, top gaps, trend and remediation status,
 * filtered by period, threat actor, technique set and platform, laid out for the browser's
 * "Print / Save as PDF" (the app's frame and the filters are not printed).
 */
export default function ReportPrintPage() {
  const [params, setParams] = useSearchParams();
  const f: ReportFilters = {
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    actor: params.get("actor") ?? "",
    set: params.get("set") ?? "",
    platform: params.get("platform") ?? "",
  };
  const set = (k: keyof ReportFilters, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const matrix = useQuery(filteredMatrixQuery(f));
  const executive = useQuery(executiveQuery);
  const kpis = useQuery(kpisQuery);
  const trend = useQuery(trendQuery(trendDays(f.from)));
  const results = useQuery(periodResultsQuery(f));
  const remediation = useQuery(periodRemediationQuery(f));
  const actors = useQuery(allActorsQuery);
  const sets = useQuery(techniqueSetsQuery);

  const actorName = actors.data?.find((a) => a.attack_id === f.actor)?.name;
  const setName = sets.data?.items.find((s) => s.id === f.set)?.name;
  const scope = [
    f.actor && `threat actor ${actorName ?? f.actor}`,
    f.set && `technique set ${setName ?? f.set}`,
    f.platform && `platform ${f.platform}`,
  ].filter(Boolean) as string[];
  const filtered = scope.length > 0;
  const period = f.from || f.to ? `${f.from ? formatDate(`${f.from}T00:00:00Z`) : "the start"} to ${f.to ? formatDate(`${f.to}T23:59:59Z`) : "today"}` : "all time";

  const m = matrix.data;
  const rows = m ? tacticRows(m) : [];
  const counts = rows.reduce((acc, r) => ({ techniques: acc.techniques + r.techniques, validated: acc.validated + r.counts.validated }), { techniques: 0, validated: 0 });
  const gaps = m ? topGaps(m) : { gaps: [], total: 0 };
  const summary = results.data ? periodSummary(results.data) : null;
  const steps = remediation.data ?? [];
  const today = new Date().toISOString().slice(0, 10);
  const overdue = steps.filter((s) => s.status !== "done" && s.due_date && s.due_date < today);
  const trendPoints = (trend.data?.points ?? [])
    .filter((p) => (!f.to || p.taken_at.slice(0, 10) <= f.to) && (!f.from || p.taken_at.slice(0, 10) >= f.from))
    .map((p) => ({ at: p.taken_at, score: p.org_score, validated: p.validated, partial: p.partial }));

  return (
    <article className="report mx-auto flex max-w-5xl flex-col gap-6">
      <PageHeader
        breadcrumbs={[{ label: "Reports", to: "/reports" }, { label: "Printable report" }]}
        title="ATT&CK coverage report"
        description={`${filtered ? `Scope: ${scope.join(", ")}` : "Scope: every technique"} · Tests of ${period} · Generated ${formatDateTime(new Date().toISOString())}`}
        actions={
          <Button icon={<Printer className="size-4" aria-hidden />} onClick={() => window.print()} className="print:hidden">
            Print or save as PDF
          </Button>
        }
      />
      <form className="grid grid-cols-1 gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-5 print:hidden" aria-label="Report filters" onSubmit={(e) => e.preventDefault()}>
        <Field id="report-from" label="Tests from">
          <Input type="date" value={f.from} onChange={(e) => set("from", e.target.value)} />
        </Field>
        <Field id="report-to" label="Tests until">
          <Input type="date" value={f.to} onChange={(e) => set("to", e.target.value)} />
        </Field>
        <Field id="report-actor" label="Threat actor">
          <Select value={f.actor} onChange={(e) => set("actor", e.target.value)}>
            <option value="">Any</option>
            {(actors.data ?? []).map((a) => (
              <option key={a.attack_id} value={a.attack_id}>
                {a.attack_id} {a.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="report-set" label="Technique set">
          <Select value={f.set} onChange={(e) => set("set", e.target.value)}>
            <option value="">Any</option>
            {(sets.data?.items ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="report-platform" label="Platform">
          <Select value={f.platform} onChange={(e) => set("platform", e.target.value)}>
            <option value="">Any</option>
            {PLATFORMS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </Select>
        </Field>
      </form>

      {matrix.isLoading && <LoadingState label="Preparing the report…" />}
      {matrix.isError && <ErrorState error={matrix.error} onRetry={() => void matrix.refetch()} />}

      {m && (
        <>
          <Section id="report-summary" title="Executive summary">
            <dl className="grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="report-summary">
              <Figure label="Organisation score" value={formatScore(executive.data?.org_score ?? m.org_score)} hint="All techniques, 0–100" />
              {filtered && <Figure label="Score for this scope (filtered)" value={formatScore(m.org_score)} hint={scope.join(", ")} />}
              <Figure
                label={filtered ? "Validated in this scope" : "Validated techniques"}
                value={`${counts.validated} / ${counts.techniques}`}
                hint={counts.techniques ? formatPercent((counts.validated / counts.techniques) * 100) : undefined}
              />
              <Figure
                label="Median time to detect"
                value={formatDuration(kpis.data?.mttd_secs)}
                hint={kpis.data ? `over ${plural(kpis.data.mttd_sample, "recent approved test")}${kpis.data.mttd_excluded ? `, ${kpis.data.mttd_excluded} excluded (detection before execution)` : ""}` : undefined}
              />
              {summary && (
                <Figure
                  label={`Tests of ${period}`}
                  value={summary.tests}
                  hint={`${summary.approved} approved; median time to detect ${formatDuration(summary.medianTtd)}${summary.ttdSample ? ` over ${plural(summary.ttdSample, "test")}` : ""}`}
                />
              )}
            </dl>
            {results.isError && <ErrorState title="The tests of the period could not be read" error={results.error} />}
            {summary && summary.approved > 0 && (
              <ul className="mt-3 flex flex-wrap gap-3 text-sm" aria-label="Outcomes of the approved tests">
                {OUTCOMES.map((o) => (
                  <li key={o} className="inline-flex items-center gap-1.5">
                    <OutcomeBadge outcome={o} /> {summary.outcomes[o]}
                  </li>
                ))}
              </ul>
            )}
          </Section>

          <Section id="report-tactics" title={filtered ? "Coverage by tactic (this scope)" : "Coverage by tactic"}>
            <Table caption="Coverage by tactic">
              <thead>
                <tr>
                  <Th>Tactic</Th>
                  <Th className="text-right">Techniques</Th>
                  <Th className="text-right">Validated</Th>
                  <Th className="text-right">Partial</Th>
                  <Th className="text-right">In progress</Th>
                  <Th className="text-right">Not covered</Th>
                  <Th className="text-right">Score</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows
                  .filter((r) => r.techniques > 0)
                  .map((r) => (
                    <tr key={r.id}>
                      <Td className="py-2 font-medium">{r.name}</Td>
                      <Td className="py-2 text-right tabular-nums">{r.techniques}</Td>
                      <Td className="py-2 text-right tabular-nums">{r.counts.validated}</Td>
                      <Td className="py-2 text-right tabular-nums">{r.counts.partial}</Td>
                      <Td className="py-2 text-right tabular-nums">{r.counts.in_progress}</Td>
                      <Td className="py-2 text-right tabular-nums">{r.counts.not_covered}</Td>
                      <Td className="py-2 text-right tabular-nums">{formatScore(r.score)}</Td>
                    </tr>
                  ))}
              </tbody>
            </Table>
          </Section>

          <Section id="report-gaps" title={`Top gaps (${gaps.gaps.length} of ${gaps.total})`}>
            {gaps.gaps.length === 0 ? (
              <p className="text-sm text-slate-600">No gaps: every technique in scope is validated.</p>
            ) : (
              <Table caption="Top gaps">
                <thead>
                  <tr>
                    <Th>Technique</Th>
                    <Th>Tactic</Th>
                    <Th>Coverage</Th>
                    <Th className="text-right">Score</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {gaps.gaps.map((g) => (
                    <tr key={g.attack_id}>
                      <Td className="py-2">
                        <Link to={`/techniques/${g.attack_id}`} className="font-mono text-xs font-semibold text-indigo-700 hover:underline">
                          {g.attack_id}
                        </Link>{" "}
                        {g.name}
                      </Td>
                      <Td className="py-2 text-xs">{g.tactic}</Td>
                      <Td className="py-2">
                        <CoverageBadge status={g.status} />
                      </Td>
                      <Td className="py-2 text-right tabular-nums">{formatScore(g.score)}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Section>

          <Section id="report-trend" title="Organisation score over time">
            {trend.isLoading && <LoadingState label="Loading the trend…" />}
            {trend.data && trendPoints.length === 0 && <p className="text-sm text-slate-600">No snapshot in this period.</p>}
            {trendPoints.length > 0 && <ScoreTrendChart points={trendPoints} label="Organisation score over time" width={760} tableOpen />}
          </Section>

          <Section id="report-remediation" title="Remediation status">
            {remediation.isLoading && <LoadingState label="Loading remediation…" />}
            {remediation.isError && <ErrorState error={remediation.error} />}
            {remediation.data && (
              <>
                <dl className="grid grid-cols-2 gap-3 md:grid-cols-5">
                  <Figure label="Steps" value={steps.length} hint="of tests approved with a gap" />
                  <Figure label="Open" value={steps.filter((s) => s.status === "open").length} />
                  <Figure label="In progress" value={steps.filter((s) => s.status === "in_progress").length} />
                  <Figure label="Done" value={steps.filter((s) => s.status === "done").length} />
                  <Figure label="Overdue" value={overdue.length} hint="not done, past the due date" />
                </dl>
                {steps.some((s) => s.status !== "done") && (
                  <Table caption="Remediation steps not done" className="mt-3">
                    <thead>
                      <tr>
                        <Th>Step</Th>
                        <Th>Test</Th>
                        <Th>Owner</Th>
                        <Th>Due</Th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {steps
                        .filter((s) => s.status !== "done")
                        .map((s) => (
                          <tr key={s.id}>
                            <Td className="py-2">{s.title}</Td>
                            <Td className="py-2 text-xs">
                              <Link to={`/tests/${s.test_id}`} className="text-indigo-700 hover:underline">
                                {s.test_title}
                              </Link>{" "}
                              ({s.technique_id})
                            </Td>
                            <Td className="py-2 text-xs">{s.owner}</Td>
                            <Td className="py-2 text-xs">
                              {s.due_date ?? "—"}
                              {overdue.includes(s) && <strong className="ml-1 text-rose-700">overdue</strong>}
                            </Td>
                          </tr>
                        ))}
                    </tbody>
                  </Table>
                )}
              </>
            )}
          </Section>
        </>
      )}
    </article>
  );
}
