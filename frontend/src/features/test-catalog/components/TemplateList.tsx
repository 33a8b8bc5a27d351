import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { useVirtualizer } from "@tanstack/react-virtual";
import { TEMPLATE_SOURCE_LABELS, type TemplateSummary } from "@/api/content";
import { selectionState, toggle, toggleAll } from "../model/selection";
import { executorLabel, platformLabel } from "./labels";
import { TemplateBadges } from "./TemplateBadges";

const ROW_HEIGHT = 60;
const COLUMNS = "grid-cols-[minmax(16rem,2.4fr)_9rem_minmax(8rem,1fr)_minmax(8rem,1fr)_8rem_minmax(9rem,1fr)]";
const SELECTABLE_COLUMNS = "grid-cols-[2.75rem_minmax(16rem,2.4fr)_9rem_minmax(8rem,1fr)_minmax(8rem,1fr)_8rem_minmax(9rem,1fr)]";
const HEADERS = ["Name", "Source", "Techniques", "Platforms", "Executor", "Status"];

/**
 * The catalog as a virtualised table (only the rows in view are in the page), loading the next
 * page when the last rows come into view. With `selection`, each row has a checkbox and the
 * header one selects or clears every loaded row.
 */
export function TemplateList({
  items,
  hasMore,
  loadingMore,
  onLoadMore,
  selection,
  search,
}: {
  items: readonly TemplateSummary[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  selection?: { selected: ReadonlySet<string>; onChange: (s: Set<string>) => void };
  /** The catalog's search parameters, kept on the links so "back" returns to the same list. */
  search: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const rows = virtualizer.getVirtualItems();
  const last = rows[rows.length - 1];

  useEffect(() => {
    if (last && last.index >= items.length - 20 && hasMore && !loadingMore) onLoadMore();
  }, [last, items.length, hasMore, loadingMore, onLoadMore]);

  const ids = items.map((t) => t.id);
  const state = selection ? selectionState(selection.selected, ids) : "none";
  const columns = selection ? SELECTABLE_COLUMNS : COLUMNS;

  return (
    <div role="table" aria-label="Test templates" aria-rowcount={items.length + 1} className="overflow-x-auto">
      <div className="min-w-[960px]">
        <div role="rowgroup">
          <div role="row" className={`grid ${columns} items-center border-y border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-500 uppercase`}>
            {selection && (
              <div role="columnheader" className="px-4 py-2.5">
                <input
                  type="checkbox"
                  className="size-4 accent-indigo-600"
                  aria-label="Select every loaded template"
                  checked={state === "all"}
                  ref={(el) => {
                    if (el) el.indeterminate = state === "some";
                  }}
                  onChange={() => selection.onChange(toggleAll(selection.selected, ids))}
                />
              </div>
            )}
            {HEADERS.map((h) => (
              <div key={h} role="columnheader" className="px-4 py-2.5">
                {h}
              </div>
            ))}
          </div>
        </div>
        <div ref={scroller} role="rowgroup" className="h-[calc(100vh-26rem)] min-h-96 overflow-y-auto" data-testid="templates-scroller">
          <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
            {rows.map((row) => {
              const t = items[row.index]!;
              const checked = selection?.selected.has(t.id) ?? false;
              return (
                <div
                  key={t.id}
                  role="row"
                  aria-rowindex={row.index + 2}
                  data-template-id={t.id}
                  className={`absolute top-0 left-0 grid w-full ${columns} items-center border-b border-slate-100 text-sm ${checked ? "bg-indigo-50/60" : "hover:bg-slate-50"}`}
                  style={{ height: row.size, transform: `translateY(${row.start}px)` }}
                >
                  {selection && (
                    <div role="cell" className="px-4">
                      <input
                        type="checkbox"
                        className="size-4 accent-indigo-600"
                        aria-label={`Select ${t.name}`}
                        checked={checked}
                        onChange={() => selection.onChange(toggle(selection.selected, t.id))}
                      />
                    </div>
                  )}
                  <div role="cell" className="min-w-0 px-4">
                    <Link
                      to={{ pathname: `/test-catalog/${t.id}`, search }}
                      className={`block truncate font-medium hover:underline ${t.retired ? "text-slate-500" : "text-indigo-700"}`}
                      title={t.name}
                    >
                      {t.name}
                    </Link>
                    {t.elevation_required && <span className="text-xs text-slate-500">Needs elevation</span>}
                  </div>
                  <div role="cell" className="px-4 text-xs text-slate-600">
                    {TEMPLATE_SOURCE_LABELS[t.source] ?? t.source}
                  </div>
                  <div role="cell" className="truncate px-4 font-mono text-xs text-slate-700" title={t.technique_ids.join(", ")}>
                    {t.technique_ids.join(", ")}
                  </div>
                  <div role="cell" className="truncate px-4 text-xs text-slate-600" title={t.platforms.map(platformLabel).join(", ")}>
                    {t.platforms.map(platformLabel).join(", ") || "—"}
                  </div>
                  <div role="cell" className="truncate px-4 text-xs text-slate-600">
                    {executorLabel(t.executor)}
                  </div>
                  <div role="cell" className="px-4">
                    <TemplateBadges template={t} compact />
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
