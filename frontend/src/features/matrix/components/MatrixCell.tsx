import { memo, type MouseEvent } from "react";
import { Link } from "react-router";
import { ChevronDown, ChevronRight, Layers } from "lucide-react";
import type { TechniqueCell } from "@/api/types";
import { cx } from "@/components/ui";
import { plural } from "@/lib/format";
import type { Palette } from "@/lib/heatmap";
import { cellStyle, type ColorMode } from "../model/colors";
import { describeCellView, subLabel, type CellView } from "../model/coverage";
import type { Density } from "../model/view";
import { ownName } from "../model/search";
import { KIND_ICONS } from "./kindIcons";

export interface CellProps {
  cell: TechniqueCell;
  /** Set on a sub-technique's slot. */
  parentId?: string;
  view: CellView;
  col: number;
  row: number;
  mode: ColorMode;
  palette: Palette;
  density: Density;
  expanded: boolean;
  selected: boolean;
  selectable: boolean;
  /** Matches the in-matrix search. */
  match: boolean;
  /** The match the search is on now. */
  current: boolean;
  /** The one cell of the grid in the tab order. */
  tabbable: boolean;
  /** The id of the open hover card when it is this cell's. */
  describedBy?: string;
  onToggle: (id: string) => void;
  /** A click that selects instead of opening (select mode, or Ctrl/⌘/Shift); false lets the link open. */
  onCellClick: (e: MouseEvent, id: string) => boolean;
}

/**
 * One slot of the matrix: a link to the technique (id, name, a status glyph, colour), and for a
 * parent the "validated/total" sub-technique count that shows or hides them. The status is in
 * the glyph and the accessible name too, never in the colour alone.
 */
export const MatrixCell = memo(function MatrixCell(p: CellProps) {
  const { cell, view, density } = p;
  const style = cellStyle(view, p.mode, p.palette);
  const Icon = KIND_ICONS[view.context ? "context" : view.kind];
  const sub = Boolean(p.parentId);
  const subs = cell.subtechniques.length;
  const label = describeCellView(cell, view) + (p.selected ? ", selected" : "");
  const mini = density === "mini";
  const short = sub ? ownName(cell) : cell.name;
  const shownId = mini && sub ? cell.attack_id.slice(cell.attack_id.indexOf(".")) : cell.attack_id;
  const iconSize = density === "normal" ? "size-3.5" : mini ? "size-2.5" : "size-3";
  const toggleLabel = `${p.expanded ? "Hide" : "Show"} ${plural(subs, "sub-technique")} of ${cell.attack_id}${view.subs ? `, ${subLabel(view.subs)} validated` : ""}`;

  return (
    <div
      role="gridcell"
      aria-colindex={p.col + 1}
      aria-selected={p.selectable ? p.selected : undefined}
      className={cx("relative min-w-0", sub && (mini ? "pl-1" : "pl-2"))}
    >
      {sub && <span aria-hidden className={cx("absolute top-0 bottom-0 w-0.5 rounded bg-slate-400", mini ? "left-0" : "left-0.5")} />}
      <Link
        to={`/techniques/${cell.attack_id}`}
        tabIndex={p.tabbable ? 0 : -1}
        aria-label={label}
        aria-describedby={p.describedBy}
        data-technique={cell.attack_id}
        data-status={cell.status}
        data-kind={view.kind}
        data-via-subs={view.viaSubs ? "true" : undefined}
        data-context-only={view.context ? "true" : undefined}
        data-selected={p.selected ? "true" : undefined}
        data-match={p.match ? (p.current ? "current" : "true") : undefined}
        data-pos={`${p.col}:${p.row}`}
        onClick={(e) => {
          if (p.onCellClick(e, cell.attack_id)) e.preventDefault();
        }}
        className={cx(
          "block h-full min-w-0 overflow-hidden rounded-[3px] border text-left hover:brightness-95",
          "focus-visible:relative focus-visible:z-20 focus-visible:outline-[3px] focus-visible:outline-offset-1 focus-visible:outline-indigo-700",
          density === "normal" ? "px-1.5 py-1" : mini ? "px-0.5" : "px-1 py-0.5",
          view.context && "italic",
          p.selected && "shadow-[inset_0_0_0_2px_#3730a3]",
          p.match && "relative z-10 outline-2 outline-offset-1 outline-amber-500",
          p.current && "outline-[3px] outline-amber-600",
        )}
        style={{ background: style.background, color: style.color, borderColor: style.border, borderStyle: style.borderStyle }}
      >
        <span className={cx("flex min-w-0 items-center gap-0.5", mini ? "h-full" : "leading-none", subs > 0 && (mini ? "pr-2.5" : "pr-8"))}>
          <Icon className={cx(iconSize, "shrink-0")} strokeWidth={2.5} aria-hidden />
          {view.viaSubs && !mini && <Layers className={cx(iconSize, "shrink-0")} aria-hidden />}
          <span className={cx("truncate font-mono font-semibold", density === "normal" ? "text-[11px]" : mini ? "text-[9.5px]" : "text-[10px]")}>{shownId}</span>
        </span>{" "}
        {!mini && (
          <span
            className={cx(
              density === "normal" ? "mt-0.5 line-clamp-2 text-[11.5px] leading-[1.2]" : "mt-px block truncate text-[10.5px] leading-tight",
              !view.context && "font-medium",
            )}
          >
            {short}
          </span>
        )}
      </Link>
      {subs > 0 && (
        <button
          type="button"
          tabIndex={-1}
          aria-expanded={p.expanded}
          aria-label={toggleLabel}
          title={toggleLabel}
          onClick={() => p.onToggle(cell.attack_id)}
          className={cx(
            "absolute top-0 right-0 z-10 flex items-center justify-end gap-px rounded-tr-[3px] rounded-bl font-semibold tabular-nums hover:underline",
            mini ? "h-full w-2.5 px-0 text-[9px]" : "px-1 text-[9.5px]",
            density === "normal" ? "h-5" : density === "compact" ? "h-4" : "",
          )}
          style={{ color: style.color }}
        >
          {!mini && view.subs && <span>{subLabel(view.subs)}</span>}
          {p.expanded ? <ChevronDown className="size-2.5 shrink-0" aria-hidden /> : <ChevronRight className="size-2.5 shrink-0" aria-hidden />}
        </button>
      )}
    </div>
  );
});
