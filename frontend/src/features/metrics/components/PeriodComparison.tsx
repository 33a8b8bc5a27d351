import { useQuery } from "@tanstack/react-query";
import { ApiError, fieldErrors } from "@/api/client";
import { tacticsQuery, useTacticName } from "@/api/tactics";
import { ErrorState, Field, Input, LoadingState, Table, Td, Th } from "@/components/ui";
import { plural } from "@/lib/format";
import { periodMetricsQuery, type OperationalMetrics } from "../api/metrics";
import type { Period } from "../model/comparisonState";
import { periodRows, sideText, tacticPairs } from "../model/comparisonRows";
import { dayText, durationText, EMPTY_HINTS, pctText } from "../model/format";
import { DeltaText, Value } from "./Values";

const PERIOD_FIELDS = ["from", "to"];

function PeriodInputs({ id, legend, period, errors, onChange }: { id: string; legend: string; period: Period; errors: Record<string, string>; onChange: (p: Partial<Period>) => void }) {
  return (
    <fieldset className="flex flex-col gap-2 rounded-lg border border-slate-200 p-3" data-testid={`period-${id}`}>
      <legend className="px-1 text-sm font-semibold text-slate-800">{legend}</legend>
      <div className="grid grid-cols-2 items-start gap-3">
        <Field id={`period-${id}-from`} label="From" error={errors.from}>
          <Input type="date" value={period.from} onChange={(e) => onChange({ from: e.target.value })} />
        </Field>
        <Field id={`period-${id}-to`} label="To" error={errors.to}>
          <Input type="date" value={period.to} onChange={(e) => onChange({ to: e.target.value })} />
        </Field>
      </div>
    </fieldset>
  );
}

/** A refused period (422) whose messages all sit under its inputs. */
const shownAtInputs = (e: unknown) => e instanceof ApiError && e.status === 422 && e.errors.length > 0 && e.errors.every((x) => PERIOD_FIELDS.includes(x.field));

const periodLabel = (p: Period) => `${dayText(p.from)} – ${dayText(p.to)}`;

/**
 * Two windows of operational metrics side by side (`GET /metrics/operational` for each), every
 * measure with its change from A to B, and the tactics of both.
 */
export function PeriodComparison({ a, b, onChange }: { a: Period; b: Period; onChange: (side: "a" | "b", p: Partial<Period>) => void }) {
  const qa = useQuery(periodMetricsQuery(a));
  const qb = useQuery(periodMetricsQuery(b));
  const tactics = useQuery(tacticsQuery);
  const tacticName = useTacticName();
  const order = [...(tactics.data?.items ?? [])].sort((x, y) => x.order - y.order).map((t) => t.shortname);
  const ma = qa.isError ? undefined : qa.data;
  const mb = qb.isError ? undefined : qb.data;

  return (
    <div className="flex flex-col gap-5">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <PeriodInputs id="a" legend="Period A (before)" period={a} errors={shownAtInputs(qa.error) ? fieldErrors(qa.error) : {}} onChange={(p) => onChange("a", p)} />
        <PeriodInputs id="b" legend="Period B (after)" period={b} errors={shownAtInputs(qb.error) ? fieldErrors(qb.error) : {}} onChange={(p) => onChange("b", p)} />
      </div>
      <p className="text-xs text-slate-500">Whole days in UTC; each period is at most 366 days. Changes read from A to B.</p>
      {(qa.isLoading || qb.isLoading) && <LoadingState label="Computing both periods…" />}
      {qa.isError && !shownAtInputs(qa.error) && <ErrorState title="Period A could not be computed" error={qa.error} onRetry={() => void qa.refetch()} />}
      {qb.isError && !shownAtInputs(qb.error) && <ErrorState title="Period B could not be computed" error={qb.error} onRetry={() => void qb.refetch()} />}
      {[ma, mb].map(
        (m, i) =>
          m?.capped && (
            <p key={i} role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
              Period {i === 0 ? "A" : "B"} holds more approved tests than one request reads: only the most recent {m.validated_tests.toLocaleString()} are counted.
            </p>
          ),
      )}
      {ma && mb && <SideBySide a={ma} b={mb} labelA={periodLabel(a)} labelB={periodLabel(b)} order={order} tacticName={tacticName} />}
    </div>
  );
}

function SideBySide({
  a,
  b,
  labelA,
  labelB,
  order,
  tacticName,
}: {
  a: OperationalMetrics;
  b: OperationalMetrics;
  labelA: string;
  labelB: string;
  order: string[];
  tacticName: (s: string) => string;
}) {
  const rows = periodRows(a, b);
  const tactics = tacticPairs(a.by_tactic, b.by_tactic, order);
  return (
    <>
      <div className="rounded-lg border border-slate-200" data-testid="period-comparison">
        <Table caption="The two periods side by side">
          <thead>
            <tr>
              <Th>Measure</Th>
              <Th className="text-right">
                Period A<span className="block font-normal normal-case">{labelA}</span>
              </Th>
              <Th className="text-right">
                Period B<span className="block font-normal normal-case">{labelB}</span>
              </Th>
              <Th className="text-right">Change</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.key} data-measure={r.key}>
                <Td className="font-medium text-slate-800">{r.label}</Td>
                <Td className="text-right tabular-nums" data-side="a">
                  <Value text={r.a} empty="nothing measured in period A" />
                  {r.aNote && <span className="block text-xs text-slate-500">{r.aNote}</span>}
                </Td>
                <Td className="text-right tabular-nums" data-side="b">
                  <Value text={r.b} empty="nothing measured in period B" />
                  {r.bNote && <span className="block text-xs text-slate-500">{r.bNote}</span>}
                </Td>
                <Td className="text-right" data-side="delta">
                  <DeltaText delta={r.delta} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      <div className="rounded-lg border border-slate-200">
        <h3 className="border-b border-slate-100 px-4 py-3 text-sm font-semibold text-slate-800">By tactic</h3>
        {tactics.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-slate-600">No test was approved in either period.</p>
        ) : (
          <Table caption="Tactics in both periods">
            <thead>
              <tr>
                <Th>Tactic</Th>
                <Th className="text-right">Tests A</Th>
                <Th className="text-right">Tests B</Th>
                <Th className="text-right">MTTD A</Th>
                <Th className="text-right">MTTD B</Th>
                <Th className="text-right">MTTD change</Th>
                <Th className="text-right">Efficacy A</Th>
                <Th className="text-right">Efficacy B</Th>
                <Th className="text-right">Efficacy change</Th>
                <Th className="text-right">Fidelity A</Th>
                <Th className="text-right">Fidelity B</Th>
                <Th className="text-right">Fidelity change</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tactics.map((t) => (
                <tr key={t.tactic} data-tactic={t.tactic}>
                  <Td className="font-medium whitespace-nowrap text-slate-800">{tacticName(t.tactic)}</Td>
                  <Td className="text-right tabular-nums">{t.a ? plural(t.a.validated_tests, "test") : <Value text="—" empty="no test of this tactic in period A" />}</Td>
                  <Td className="text-right tabular-nums">{t.b ? plural(t.b.validated_tests, "test") : <Value text="—" empty="no test of this tactic in period B" />}</Td>
                  <Td className="text-right tabular-nums">
                    <Value text={sideText(t.a, (x) => durationText(x.mttd.median_secs))} empty={EMPTY_HINTS.mttd} />
                  </Td>
                  <Td className="text-right tabular-nums">
                    <Value text={sideText(t.b, (x) => durationText(x.mttd.median_secs))} empty={EMPTY_HINTS.mttd} />
                  </Td>
                  <Td className="text-right">
                    <DeltaText delta={t.mttd} />
                  </Td>
                  <Td className="text-right tabular-nums">
                    <Value text={sideText(t.a, (x) => pctText(x.detection_efficacy))} empty={EMPTY_HINTS.efficacy} />
                  </Td>
                  <Td className="text-right tabular-nums">
                    <Value text={sideText(t.b, (x) => pctText(x.detection_efficacy))} empty={EMPTY_HINTS.efficacy} />
                  </Td>
                  <Td className="text-right">
                    <DeltaText delta={t.efficacy} />
                  </Td>
                  <Td className="text-right tabular-nums">
                    <Value text={sideText(t.a, (x) => pctText(x.alert_fidelity))} empty={EMPTY_HINTS.fidelity} />
                  </Td>
                  <Td className="text-right tabular-nums">
                    <Value text={sideText(t.b, (x) => pctText(x.alert_fidelity))} empty={EMPTY_HINTS.fidelity} />
                  </Td>
                  <Td className="text-right">
                    <DeltaText delta={t.fidelity} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </div>
    </>
  );
}
