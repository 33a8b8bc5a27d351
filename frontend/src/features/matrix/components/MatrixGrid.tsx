import { useCallback, useEffect, useId, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent, type MouseEvent } from "react";
import type { TacticColumn, TechniqueCell } from "@/api/types";
import { cx } from "@/components/ui";
import { formatScore } from "@/lib/format";
import { readable, inkOn } from "../model/colors";
import { scoreColor, type ColorMode, type Palette } from "@/lib/heatmap";
import { cellView, uniqueMatching, type CellView } from "../model/coverage";
import { softHyphenate } from "../model/hyphen";
import { COLUMN_GAP, DENSITY, moveFocus, neededWidth, type Pos, type Slot } from "../model/layout";
import type { Density } from "../model/view";
import { CellCard, type CardAnchor } from "./CellCard";
import { MatrixCell } from "./MatrixCell";

/** Hovering a cell this long opens its card. */
const HOVER_DELAY_MS = 300;
/** Widest a column grows (px) when few tactics are shown. */
const MAX_COLUMN = 280;

export interface MatrixGridProps {
  tactics: readonly TacticColumn[];
  columns: readonly Slot<TechniqueCell>[][];
  density: Density;
  mode: ColorMode;
  /** The colour palette (standard, or colour-blind safe); standard when not given. */
  palette?: Palette;
  height: number;
  isExpanded: (id: string) => boolean;
  onToggle: (id: string) => void;
  selected: ReadonlySet<string>;
  selectable: boolean;
  /** Select mode: a plain click selects instead of opening. */
  selectMode: boolean;
  onSelect: (cell: TechniqueCell) => void;
  matches: ReadonlySet<string>;
  currentMatch: string | null;
}

const posKey = (p: Pos) => `${p.col}:${p.row}`;

/** The slot position of the cell an event happened in. */
function posOf(target: EventTarget | null): Pos | null {
  const el = (target as HTMLElement | null)?.closest?.("[data-pos]");
  const raw = el?.getAttribute("data-pos");
  if (!raw) return null;
  const [col, row] = raw.split(":").map(Number) as [number, number];
  return { col, row };
}

function anchorOf(el: Element): CardAnchor {
  const r = el.getBoundingClientRect();
  return { top: r.top, left: r.left, right: r.right, bottom: r.bottom };
}

/**
 * The matrix as an ARIA grid: a row of tactic headers that stays in view (sticky inside the
 * scroller, which grows with its rows up to what the window leaves it, so its horizontal
 * scrollbar is at the bottom of the window, never further down the page), then one row per slot. One cell is in the tab order; the arrow keys, Home/End
 * (with Ctrl: first/last cell), PageUp/PageDown move; Enter opens the technique; Space selects
 * it (when tests may be created); + and − show and hide sub-techniques.
 */
export function MatrixGrid(p: MatrixGridProps) {
  const { tactics, columns, density, selectable, selectMode, onSelect } = p;
  const palette = p.palette ?? "standard";
  const metrics = DENSITY[density];
  const scroller = useRef<HTMLDivElement>(null);
  const lengths = useMemo(() => columns.map((c) => c.length), [columns]);
  const rows = Math.max(0, ...lengths);
  const [active, setActive] = useState<Pos>({ col: 0, row: 0 });
  const focusNext = useRef(false);
  const cardId = useId();
  const [card, setCard] = useState<{ pos: Pos; anchor: CardAnchor } | null>(null);
  const hoverTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const hovered = useRef<string | null>(null);

  // The tabbable cell stays on a slot that exists when the columns change.
  const firstFilled = lengths.findIndex((n) => n > 0);
  const tabbable: Pos | null =
    firstFilled < 0 ? null : active.col < lengths.length && active.row < lengths[active.col]! ? active : { col: firstFilled, row: 0 };

  const views = useMemo(() => {
    const m = new Map<string, CellView>();
    for (const col of columns) for (const s of col) m.set(posKey(s), cellView(s.cell));
    return m;
  }, [columns]);

  const counts = useMemo(() => tactics.map((t) => uniqueMatching([t]).length), [tactics]);

  const element = useCallback((pos: Pos) => scroller.current?.querySelector<HTMLElement>(`[data-pos="${posKey(pos)}"]`) ?? null, []);

  /** Scrolls `el` into the scroller's view below the sticky header. */
  const reveal = useCallback(
    (el: HTMLElement) => {
      const box = scroller.current;
      if (!box) return;
      const b = box.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      const top = b.top + metrics.header + 4;
      if (r.top < top) box.scrollTop -= top - r.top;
      else if (r.bottom > b.top + box.clientHeight - 4) box.scrollTop += r.bottom - (b.top + box.clientHeight - 4);
      if (r.left < b.left + 4) box.scrollLeft -= b.left + 4 - r.left;
      else if (r.right > b.left + box.clientWidth - 4) box.scrollLeft += r.right - (b.left + box.clientWidth - 4);
    },
    [metrics.header],
  );

  useEffect(() => {
    if (!focusNext.current || !tabbable) return;
    focusNext.current = false;
    const el = element(tabbable);
    if (el) {
      el.focus({ preventScroll: true });
      reveal(el);
    }
  });

  // The current search match is brought into view.
  useEffect(() => {
    if (!p.currentMatch) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-technique="${p.currentMatch.replace(/["\\]/g, "")}"][data-pos]`);
    if (el) reveal(el);
  }, [p.currentMatch, columns, reveal]);

  const slotAt = (pos: Pos) => columns[pos.col]?.[pos.row];

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = posOf(e.target);
    if (!at) return;
    if (e.key === "Escape") {
      setCard(null);
      return;
    }
    const slot = slotAt(at);
    if (!slot) return;
    if (e.key === " " && selectable) {
      e.preventDefault();
      onSelect(slot.cell);
      return;
    }
    if (e.key === "+" || e.key === "=" || e.key === "-") {
      const parent = slot.parent ?? slot.cell;
      const open = p.isExpanded(parent.attack_id);
      if (parent.subtechniques.length && open === (e.key === "-")) {
        e.preventDefault();
        p.onToggle(parent.attack_id);
        if (slot.parent && e.key === "-") {
          focusNext.current = true;
          setActive({ col: at.col, row: at.row - (slot.parent.subtechniques.indexOf(slot.cell) + 1) });
        }
      }
      return;
    }
    const next = moveFocus(lengths, at, e.key, e.ctrlKey || e.metaKey);
    if (!next) return;
    e.preventDefault();
    focusNext.current = true;
    setActive(next);
    if (posKey(next) === posKey(at)) {
      focusNext.current = false;
    }
  };

  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    const at = posOf(e.target);
    if (!at || !(e.target as HTMLElement).matches("[data-pos]")) return;
    if (posKey(at) !== posKey(active)) setActive(at);
    setCard({ pos: at, anchor: anchorOf(e.target) });
  };
  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setCard(null);
  };
  const onMouseOver = (e: MouseEvent<HTMLDivElement>) => {
    const at = posOf(e.target);
    const key = at ? posKey(at) : null;
    if (key === hovered.current) return;
    hovered.current = key;
    clearTimeout(hoverTimer.current);
    if (!at) return;
    const el = element(at);
    if (!el) return;
    hoverTimer.current = setTimeout(() => setCard({ pos: at, anchor: anchorOf(el) }), HOVER_DELAY_MS);
  };
  const onMouseLeave = () => {
    hovered.current = null;
    clearTimeout(hoverTimer.current);
    if (!scroller.current?.contains(document.activeElement)) setCard(null);
  };
  useEffect(() => () => clearTimeout(hoverTimer.current), []);

  const onCellClick = useCallback(
    (e: MouseEvent, id: string) => {
      if (!selectable || !(selectMode || e.ctrlKey || e.metaKey || e.shiftKey)) return false;
      const at = posOf(e.currentTarget);
      const cell = at ? columns[at.col]?.[at.row]?.cell : undefined;
      if (cell && cell.attack_id === id) onSelect(cell);
      return true;
    },
    [selectable, selectMode, onSelect, columns],
  );

  const template = `repeat(${tactics.length}, minmax(${metrics.minColumn}px, 1fr))`;
  const cardSlot = card ? slotAt(card.pos) : undefined;
  const cardView = card ? views.get(posKey(card.pos)) : undefined;
  const rowIndexes = useMemo(() => Array.from({ length: rows }, (_, i) => i), [rows]);

  return (
    <div
      ref={scroller}
      className="relative overflow-auto rounded-lg border border-slate-200 bg-white [scrollbar-gutter:stable]"
      style={{ maxHeight: p.height }}
      data-testid="matrix"
      data-density={density}
      onScroll={() => setCard(null)}
    >
      <p id={`${cardId}-keys`} className="sr-only">
        Arrow keys move between techniques, Enter opens one{selectable ? ", Space selects it" : ""}, plus and minus show and hide sub-techniques.
      </p>
      <div
        role="grid"
        id="matrix-grid"
        aria-label="ATT&CK matrix"
        aria-describedby={`${cardId}-keys`}
        aria-rowcount={rows + 1}
        aria-colcount={tactics.length}
        aria-multiselectable={selectable || undefined}
        className="px-1 pb-1"
        style={{ minWidth: neededWidth(tactics.length, density) + 8, maxWidth: tactics.length * MAX_COLUMN }}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        onBlur={onBlur}
        onMouseOver={onMouseOver}
        onMouseLeave={onMouseLeave}
      >
        <div role="rowgroup" className="sticky top-0 z-30 bg-white pt-1 pb-0.5">
          <div role="row" aria-rowindex={1} className="grid" style={{ gridTemplateColumns: template, columnGap: COLUMN_GAP }}>
            {tactics.map((t, i) => {
              const chip = readable(scoreColor(t.score, palette));
              const mini = density === "mini";
              return (
                <div
                  key={t.id}
                  role="columnheader"
                  aria-colindex={i + 1}
                  data-tactic={t.shortname}
                  title={`${t.name}: ${counts[i]} matching, score ${formatScore(t.score)}`}
                  className="flex min-w-0 flex-col justify-between overflow-hidden rounded bg-slate-800 px-1 py-0.5 text-white"
                  style={{ height: metrics.header }}
                >
                  <span
                    aria-hidden
                    className={cx(
                      "font-semibold",
                      density === "normal" ? "truncate text-[11px] leading-tight" : cx("line-clamp-2 leading-[1.1] break-words", mini ? "text-[9.5px]" : "text-[10.5px]"),
                    )}
                  >
                    {density === "normal" ? t.name : softHyphenate(t.name)}
                  </span>
                  <span className="sr-only">
                    {t.name}, {counts[i]} matching, score {formatScore(t.score)}
                  </span>
                  <span aria-hidden className="flex items-center justify-between gap-1 text-[9.5px] leading-none text-slate-200">
                    <span className="tabular-nums">
                      {counts[i]}
                      {!mini && " matching"}
                    </span>
                    <span className="rounded px-0.5 font-semibold tabular-nums" style={{ background: chip, color: inkOn(chip) }}>
                      {formatScore(t.score)}
                    </span>
                  </span>
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup">
          {rowIndexes.map((r) => (
            <div key={r} role="row" aria-rowindex={r + 2} className="grid" style={{ gridTemplateColumns: template, columnGap: COLUMN_GAP, height: metrics.row + 2, paddingTop: 2 }}>
              {columns.map((slots, c) => {
                const s = slots[r];
                if (!s) return <div key={c} role="gridcell" aria-colindex={c + 1} />;
                const id = s.cell.attack_id;
                return (
                  <MatrixCell
                    key={c}
                    cell={s.cell}
                    parentId={s.parent?.attack_id}
                    view={views.get(posKey(s))!}
                    col={c}
                    row={r}
                    mode={p.mode}
                    palette={palette}
                    density={density}
                    expanded={s.cell.subtechniques.length > 0 && p.isExpanded(id)}
                    selected={p.selected.has(id)}
                    selectable={selectable}
                    match={p.matches.has(id)}
                    current={p.currentMatch === id}
                    tabbable={tabbable !== null && tabbable.col === c && tabbable.row === r}
                    describedBy={card && card.pos.col === c && card.pos.row === r ? `${cardId}-card` : undefined}
                    onToggle={p.onToggle}
                    onCellClick={onCellClick}
                  />
                );
              })}
            </div>
          ))}
        </div>
      </div>
      {card && cardSlot && cardView && (
        <CellCard key={posKey(card.pos)} id={`${cardId}-card`} cell={cardSlot.cell} view={cardView} tactic={tactics[card.pos.col]?.name ?? ""} anchor={card.anchor} palette={palette} />
      )}
    </div>
  );
}
