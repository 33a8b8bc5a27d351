import { memo } from "react";
import { Link } from "react-router";
import { ChevronDown, ChevronRight } from "lucide-react";
import type { TechniqueCell } from "@/api/types";
import { cellColors, describeCell, isContextOnly, type ColorMode } from "@/lib/heatmap";

/** One technique of the matrix, with its sub-techniques when expanded. */
export const TechniqueCellView = memo(function TechniqueCellView({
  cell,
  mode,
  expanded,
  onToggle,
}: {
  cell: TechniqueCell;
  mode: ColorMode;
  expanded: boolean;
  onToggle: (id: string) => void;
}) {
  const colors = cellColors(cell, mode);
  const subs = cell.subtechniques;
  // A parent there only for its matching sub-techniques: neutral, dashed, and labelled so.
  const contextOnly = isContextOnly(cell);
  return (
    <li className="flex flex-col gap-0.5">
      <div className={`flex items-stretch overflow-hidden rounded-md border ${contextOnly ? "border-dashed" : ""}`} style={{ borderColor: colors.border }}>
        <Link
          to={`/techniques/${cell.attack_id}`}
          title={describeCell(cell)}
          aria-label={describeCell(cell)}
          data-technique={cell.attack_id}
          data-status={cell.status}
          data-context-only={contextOnly ? "true" : undefined}
          className="min-w-0 flex-1 px-2 py-1.5 text-left text-xs leading-snug hover:brightness-95 focus-visible:relative focus-visible:z-10 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-700"
          style={{ background: colors.background, color: colors.color }}
        >
          <span className="block font-mono text-[10px] opacity-75">{cell.attack_id}</span>
          <span className={`line-clamp-2 ${contextOnly ? "italic" : "font-medium"}`}>{cell.name}</span>
        </Link>
        {subs.length > 0 && (
          <button
            type="button"
            onClick={() => onToggle(cell.attack_id)}
            aria-expanded={expanded}
            aria-label={`${expanded ? "Hide" : "Show"} ${subs.length} sub-techniques of ${cell.attack_id}`}
            className="flex w-6 shrink-0 flex-col items-center justify-center gap-0.5 border-l text-[10px] font-semibold hover:brightness-95 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-700"
            style={{ background: colors.background, color: colors.color, borderColor: colors.border }}
          >
            {expanded ? <ChevronDown className="size-3" aria-hidden /> : <ChevronRight className="size-3" aria-hidden />}
            {subs.length}
          </button>
        )}
      </div>
      {expanded && subs.length > 0 && (
        <ul className="ml-2 flex flex-col gap-0.5 border-l-2 border-slate-200 pl-1.5" aria-label={`Sub-techniques of ${cell.attack_id}`}>
          {subs.map((s) => {
            const c = cellColors(s, mode);
            return (
              <li key={s.attack_id}>
                <Link
                  to={`/techniques/${s.attack_id}`}
                  title={describeCell(s)}
                  aria-label={describeCell(s)}
                  data-technique={s.attack_id}
                  data-status={s.status}
                  className="block rounded border px-2 py-1 text-[11px] leading-snug hover:brightness-95 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-700"
                  style={{ background: c.background, color: c.color, borderColor: c.border }}
                >
                  <span className="font-mono text-[10px] opacity-75">{s.attack_id}</span>{" "}
                  <span className="line-clamp-2">{s.name.includes(":") ? s.name.split(":").slice(1).join(":").trim() : s.name}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
});
