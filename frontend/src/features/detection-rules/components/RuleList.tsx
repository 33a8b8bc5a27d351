import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { useVirtualizer } from "@tanstack/react-virtual";
import { RULE_SOURCE_LABELS, type RuleSummary } from "@/api/defense";
import { RuleFlags } from "./RuleFlags";

const ROW_HEIGHT = 56;
const COLUMNS = "grid-cols-[minmax(16rem,2.6fr)_6rem_minmax(8rem,1fr)_6.5rem_minmax(8rem,1fr)_minmax(9rem,1.2fr)]";
const HEADERS = ["Title", "Source", "Techniques", "Level", "Log source", "Flags"];

/**
 * The rules as a virtualised table (only the rows in view are in the page), loading the next
 * page when the last rows come into view.
 */
export function RuleList({
  items,
  hasMore,
  loadingMore,
  onLoadMore,
  search,
}: {
  items: readonly RuleSummary[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  /** The list's search parameters, kept on the links so "back" returns to the same list. */
  search: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const rows = virtualizer.getVirtualItems();
  const last = rows[rows.length - 1];

  useEffect(() => {
    if (last && last.index >= items.length - 20 && hasMore && !loadingMore) onLoadMore();
  }, [last, items.length, hasMore, loadingMore, onLoadMore]);

  return (
    <div role="table" aria-label="Detection rules" aria-rowcount={items.length + 1} className="overflow-x-auto">
      <div className="min-w-[960px]">
        <div role="rowgroup">
          <div role="row" className={`grid ${COLUMNS} items-center border-y border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase`}>
            {HEADERS.map((h) => (
              <div key={h} role="columnheader" className="px-4 py-2.5">
                {h}
              </div>
            ))}
          </div>
        </div>
        <div ref={scroller} role="rowgroup" className="h-[calc(100vh-28rem)] min-h-96 overflow-y-auto" data-testid="rules-scroller">
          <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
            {rows.map((row) => {
              const r = items[row.index]!;
              return (
                <div
                  key={r.id}
                  role="row"
                  aria-rowindex={row.index + 2}
                  data-rule-id={r.id}
                  className={`absolute top-0 left-0 grid w-full ${COLUMNS} items-center border-b border-slate-100 text-sm hover:bg-slate-50`}
                  style={{ height: row.size, transform: `translateY(${row.start}px)` }}
                >
                  <div role="cell" className="min-w-0 px-4">
                    <Link
                      to={{ pathname: `/detection-rules/${r.id}`, search }}
                      className={`block truncate font-medium hover:underline ${r.retired || r.deprecated ? "text-slate-600" : "text-indigo-700"}`}
                      title={r.title}
                    >
                      {r.title}
                    </Link>
                    <span className="block truncate font-mono text-[11px] text-slate-500" title={r.source_id}>
                      {r.source_id}
                    </span>
                  </div>
                  <div role="cell" className="px-4 text-xs text-slate-600">
                    {RULE_SOURCE_LABELS[r.source] ?? r.source}
                  </div>
                  <div role="cell" className="truncate px-4 font-mono text-xs text-slate-700" title={r.technique_ids.join(", ")}>
                    {r.technique_ids.join(", ") || "—"}
                  </div>
                  <div role="cell" className="px-4 text-xs text-slate-600">
                    {r.level ?? "—"}
                  </div>
                  <div role="cell" className="truncate px-4 text-xs text-slate-600" title={r.logsource ?? undefined}>
                    {r.logsource || r.platforms.join(", ") || "—"}
                  </div>
                  <div role="cell" className="px-4">
                    <RuleFlags rule={r} />
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
