import { useQuery } from "@tanstack/react-query";
import { TEMPLATE_SOURCE_LABELS } from "@/api/content";
import { useTacticName } from "@/api/tactics";
import { ErrorState } from "@/components/ui";
import { templateStatsQuery } from "../api/templates";

function Stat({ label, value, tone = "text-slate-900" }: { label: string; value: number; tone?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className={`mt-1 text-xl font-semibold tabular-nums ${tone}`}>{value.toLocaleString()}</dd>
    </div>
  );
}

/** The whole catalog in numbers (`GET /test-templates/stats`), whatever the filters. */
export function StatsSummary() {
  const stats = useQuery(templateStatsQuery);
  const tacticName = useTacticName();
  if (stats.isError) return <ErrorState error={stats.error} title="The catalog's numbers could not be read" />;
  const s = stats.data;
  if (!s) return <div className="h-20" aria-hidden />;
  return (
    <section aria-label="Catalog summary" className="mb-6 flex flex-col gap-3">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
        <Stat label="Templates" value={s.total} />
        <Stat label="Active" value={s.active} tone="text-emerald-700" />
        <Stat label="Inactive" value={s.inactive} />
        <Stat label="Retired" value={s.retired} tone={s.retired ? "text-amber-700" : undefined} />
        <Stat label="Flagged" value={s.flagged} tone={s.flagged ? "text-rose-700" : undefined} />
        <Stat label="Techniques with an active template" value={s.techniques_with_active} tone="text-indigo-700" />
      </dl>
      {(s.by_source.length > 0 || s.by_tactic.length > 0) && (
        <details className="rounded-lg border border-slate-200 bg-white px-4 py-2 text-sm shadow-sm">
          <summary className="cursor-pointer font-medium text-slate-700">By source and tactic</summary>
          <div className="mt-3 grid grid-cols-1 gap-6 lg:grid-cols-2">
            <table className="text-xs">
              <caption className="mb-1 text-left font-semibold text-slate-600">By source</caption>
              <thead>
                <tr className="text-left text-slate-500">
                  <th className="py-1 pr-4 font-medium">Source</th>
                  <th className="py-1 pr-4 text-right font-medium">Templates</th>
                  <th className="py-1 pr-4 text-right font-medium">Active</th>
                  <th className="py-1 text-right font-medium">Retired</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {s.by_source.map((b) => (
                  <tr key={b.source}>
                    <td className="py-1 pr-4">{TEMPLATE_SOURCE_LABELS[b.source] ?? b.source}</td>
                    <td className="py-1 pr-4 text-right tabular-nums">{b.total}</td>
                    <td className="py-1 pr-4 text-right tabular-nums">{b.active}</td>
                    <td className="py-1 text-right tabular-nums">{b.retired}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="text-xs">
              <caption className="mb-1 text-left font-semibold text-slate-600">By tactic</caption>
              <thead>
                <tr className="text-left text-slate-500">
                  <th className="py-1 pr-4 font-medium">Tactic</th>
                  <th className="py-1 pr-4 text-right font-medium">Templates</th>
                  <th className="py-1 text-right font-medium">Techniques</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {s.by_tactic.map((b) => (
                  <tr key={b.tactic}>
                    <td className="py-1 pr-4">{tacticName(b.tactic)}</td>
                    <td className="py-1 pr-4 text-right tabular-nums">{b.templates}</td>
                    <td className="py-1 text-right tabular-nums">{b.techniques}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}
