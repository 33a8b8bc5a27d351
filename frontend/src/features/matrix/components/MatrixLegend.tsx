import { Layers } from "lucide-react";
import { scoreGradient, type ColorMode, type Palette } from "@/lib/heatmap";
import { kindSwatch } from "../model/colors";
import { KIND_LABELS, KIND_ORDER, type CellKind } from "../model/coverage";
import { KIND_ICONS } from "./kindIcons";

/**
 * What the colours and glyphs mean, with how many matching techniques and sub-techniques are of
 * each kind (each counted once, by its own tests; the parents that their sub-techniques lift
 * are counted apart).
 */
export function MatrixLegend({
  mode,
  palette = "standard",
  counts,
  viaSubs,
  contextOnly,
}: {
  mode: ColorMode;
  palette?: Palette;
  counts: Record<CellKind, number>;
  viaSubs: number;
  contextOnly: boolean;
}) {
  const glyph = (k: CellKind | "context") => {
    const Icon = KIND_ICONS[k];
    return <Icon className="size-3 shrink-0" strokeWidth={2.5} aria-hidden />;
  };
  return (
    <ul className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-700" aria-label="Legend" data-testid="matrix-legend">
      {mode === "score" && (
        <li className="flex items-center gap-1.5">
          <span>Score 0</span>
          <span className="h-2.5 w-28 rounded-full" style={{ background: `linear-gradient(to right, ${scoreGradient(palette).join(", ")})` }} aria-hidden />
          <span>100</span>
        </li>
      )}
      {KIND_ORDER.map((k) => (
        <li key={k} className="flex items-center gap-1" data-kind={k}>
          {(mode === "status" || k === "untested") && (
            <span className="inline-flex size-3.5 items-center justify-center rounded-sm border border-slate-400" style={{ background: kindSwatch(k, palette) }} aria-hidden />
          )}
          {glyph(k)}
          <span>
            {KIND_LABELS[k]}
            {mode === "score" && k === "untested" && " (no score colour)"}
          </span>
          <span className="text-slate-600 tabular-nums">({counts[k]})</span>
        </li>
      ))}
      {viaSubs > 0 && (
        <li className="flex items-center gap-1" title="Parents coloured by their sub-techniques' validation, counted above by their own tests">
          <Layers className="size-3" aria-hidden />
          <span>Via sub-techniques</span>
          <span className="text-slate-600 tabular-nums">({viaSubs})</span>
        </li>
      )}
      {contextOnly && (
        <li className="flex items-center gap-1">
          <span className="size-3.5 rounded-sm border border-dashed border-slate-400 bg-white" aria-hidden />
          {glyph("context")}
          <span className="italic">Shown for its sub-techniques</span>
          <span className="text-slate-600">(not counted)</span>
        </li>
      )}
    </ul>
  );
}

