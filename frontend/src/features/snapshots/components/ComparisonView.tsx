import { useState } from "react";
import { ArrowRight, TrendingDown, TrendingUp } from "lucide-react";
import type { Comparison } from "@/api/types";
import { TechniqueChangesTable } from "@/components/TechniqueChangesTable";
import { cx, EmptyState, Field, Select } from "@/components/ui";
import { formatDateTime, formatScore } from "@/lib/format";
import { STATUS_LABELS } from "@/lib/heatmap";
import { changeRows } from "@/lib/snapshotChanges";
import { countDeltas, deltaTone, filterRows, formatDelta, isBackwards, summarize, type ChangeFilter } from "./comparison";

const TONE_CLASS = { up: "text-emerald-700", down: "text-rose-700", flat: "text-slate-500" } as const;

function Delta({ value, upIsGood = true, className }: { value: number; upIsGood?: boolean; className?: string }) {
  return <span className={cx("font-semibold tabular-nums", TONE_CLASS[deltaTone(value, upIsGood)], className)}>{formatDelta(value)}</span>;
}

/** What changed between two snapshots: the score, the coverage counts and each technique. */
export function ComparisonView({ comparison }: { comparison: Comparison }) {
  const [filter, setFilter] = useState<ChangeFilter>("all");
  const rows = changeRows(comparison.changes);
  const summary = summarize(rows);
  const visible = filterRows(rows, filter);
  const counts = countDeltas(comparison.from, comparison.to);

  return (
    <div className="flex flex-col gap-5" data-testid="snapshot-comparison">
      {isBackwards(comparison) && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
          “From” is the later snapshot: the changes below run backwards in time.
        </p>
      )}
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <div className="rounded-lg border border-slate-200 p-4">
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Organisation score</p>
          <p className="mt-1 flex items-center gap-2 text-2xl font-semibold text-slate-900 tabular-nums">
            {formatScore(comparison.from.org_score)}
            <ArrowRight className="size-4 text-slate-500" aria-label="to" />
            {formatScore(comparison.to.org_score)}
            <Delta value={comparison.org_score_delta} className="text-base" />
          </p>
          <p className="mt-1 text-xs text-slate-500">
            {formatDateTime(comparison.from.taken_at)} → {formatDateTime(comparison.to.taken_at)}
          </p>
        </div>
        <div className="rounded-lg border border-slate-200 p-4">
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Techniques changed</p>
          <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{rows.length}</p>
          <p className="mt-1 flex flex-wrap gap-x-3 text-xs">
            <span className="inline-flex items-center gap-1 text-emerald-700">
              <TrendingUp className="size-3.5" aria-hidden /> {summary.improved} improved
            </span>
            <span className="inline-flex items-center gap-1 text-rose-700">
              <TrendingDown className="size-3.5" aria-hidden /> {summary.regressed} regressed
            </span>
            <span className="text-slate-500">{summary.statusChanges} changed status</span>
            {summary.added + summary.removed > 0 && (
              <span className="text-slate-500">
                {summary.added} new, {summary.removed} gone
              </span>
            )}
          </p>
        </div>
        <div className="rounded-lg border border-slate-200 p-4">
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Coverage counts</p>
          <dl className="mt-1 grid grid-cols-2 gap-x-4 gap-y-1 text-xs">
            {counts.map((c) => (
              <div key={c.status} className="flex justify-between gap-2">
                <dt className="text-slate-500">{STATUS_LABELS[c.status]}</dt>
                <dd className="tabular-nums">
                  {c.from} → {c.to} <Delta value={c.delta} upIsGood={c.status !== "not_covered"} />
                </dd>
              </div>
            ))}
          </dl>
        </div>
      </div>
      {rows.length === 0 ? (
        <EmptyState title="Nothing changed" description="Every technique has the same status and score in both snapshots." />
      ) : (
        <div className="rounded-lg border border-slate-200">
          <div className="flex flex-wrap items-end justify-between gap-3 border-b border-slate-100 p-3">
            <Field id="compare-filter" label="Show" className="w-56">
              <Select value={filter} onChange={(e) => setFilter(e.target.value as ChangeFilter)}>
                <option value="all">Every change ({rows.length})</option>
                <option value="status">Status changes ({summary.statusChanges + summary.added + summary.removed})</option>
                <option value="improved">Improvements ({summary.improved})</option>
                <option value="regressed">Regressions ({summary.regressed})</option>
              </Select>
            </Field>
            <p className="text-xs text-slate-500" aria-live="polite">
              {visible.length} technique{visible.length === 1 ? "" : "s"}, biggest score change first
            </p>
          </div>
          <TechniqueChangesTable key={filter} rows={visible} caption="Changes between the snapshots" delta={(r) => <Delta value={r.delta} />} />
        </div>
      )}
    </div>
  );
}
