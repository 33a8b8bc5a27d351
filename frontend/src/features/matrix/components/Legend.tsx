import { CONTEXT_COLORS, COVERAGE_ORDER, STATUS_COLORS, STATUS_LABELS, SCORE_GRADIENT, type ColorMode } from "@/lib/heatmap";

/** The colours of the matrix; `contextOnly` when some parents are shown only for their sub-techniques. */
export function Legend({ mode, counts, contextOnly = false }: { mode: ColorMode; counts: Record<string, number>; contextOnly?: boolean }) {
  const context = contextOnly && (
    <li className="flex items-center gap-1.5">
      <span className="size-3 rounded-sm border border-dashed" style={{ background: CONTEXT_COLORS.background, borderColor: CONTEXT_COLORS.border }} aria-hidden />
      <span className="italic">Shown for its sub-techniques</span>
      <span className="text-slate-400">(not counted)</span>
    </li>
  );
  if (mode === "score") {
    return (
      <ul className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600" aria-label="Score legend">
        <li className="flex items-center gap-2">
          <span>0</span>
          <span className="h-2.5 w-40 rounded-full" style={{ background: `linear-gradient(to right, ${SCORE_GRADIENT.join(", ")})` }} aria-hidden />
          <span>100</span>
        </li>
        {context}
      </ul>
    );
  }
  return (
    <ul className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600" aria-label="Legend">
      {COVERAGE_ORDER.map((s) => (
        <li key={s} className="flex items-center gap-1.5">
          <span className="size-3 rounded-sm" style={{ background: STATUS_COLORS[s] }} aria-hidden />
          {STATUS_LABELS[s]}
          <span className="text-slate-400 tabular-nums">({counts[s] ?? 0})</span>
        </li>
      ))}
      {context}
    </ul>
  );
}
