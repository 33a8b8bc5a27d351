import { COVERAGE_ORDER, STATUS_COLORS, STATUS_LABELS, SCORE_GRADIENT, type ColorMode } from "@/lib/heatmap";

export function Legend({ mode, counts }: { mode: ColorMode; counts: Record<string, number> }) {
  if (mode === "score") {
    return (
      <div className="flex items-center gap-2 text-xs text-slate-600" aria-label="Score legend">
        <span>0</span>
        <span className="h-2.5 w-40 rounded-full" style={{ background: `linear-gradient(to right, ${SCORE_GRADIENT.join(", ")})` }} aria-hidden />
        <span>100</span>
      </div>
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
    </ul>
  );
}
