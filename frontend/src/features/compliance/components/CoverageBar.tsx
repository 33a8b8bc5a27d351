import type { ControlGap } from "@/api/defense";
import { usePaletteColors } from "@/lib/palette";
import { barSegments, coverageWords, formatCoverage } from "../model/gaps";

/**
 * A control's coverage as a bar split by status, with the percentage beside it and the whole
 * count in words under it (the bar itself is decoration: its numbers are in the text).
 */
export function CoverageBar({ gap, compact = false }: { gap: Pick<ControlGap, "coverage_pct" | "mapped" | "validated" | "partial" | "in_progress" | "not_covered">; compact?: boolean }) {
  const seg = barSegments(gap);
  const colors = usePaletteColors();
  const words = coverageWords(gap);
  return (
    <div className="flex min-w-48 flex-col gap-1" data-testid="coverage-bar" data-coverage={gap.coverage_pct ?? ""}>
      <div className="flex items-center gap-2">
        <div className="flex h-2.5 flex-1 overflow-hidden rounded-full bg-slate-100 ring-1 ring-slate-200 ring-inset" aria-hidden>
          {(["validated", "partial", "in_progress", "not_covered"] as const).map((k) =>
            seg[k] > 0 ? <span key={k} style={{ width: `${seg[k]}%`, background: colors.status[k] }} /> : null,
          )}
        </div>
        <span className="w-14 text-right text-xs font-semibold text-slate-800 tabular-nums">{gap.coverage_pct === null || gap.coverage_pct === undefined ? "—" : formatCoverage(gap.coverage_pct)}</span>
      </div>
      {compact ? <span className="sr-only">{words}</span> : <span className="text-xs text-slate-600">{words}</span>}
    </div>
  );
}
