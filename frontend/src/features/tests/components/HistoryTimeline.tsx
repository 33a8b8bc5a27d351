import type { HistoryEntry } from "@/api/types";
import { formatDateTime, humanize } from "@/lib/format";
import { STATE_LABELS } from "@/lib/labels";

/** The test's history, newest last, as a vertical timeline. */
export function HistoryTimeline({ history }: { history: HistoryEntry[] }) {
  if (history.length === 0) return <p className="text-sm text-slate-500">No history yet.</p>;
  const sorted = [...history].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol className="relative ml-2 border-l-2 border-slate-200" aria-label="History">
      {sorted.map((h) => (
        <li key={h.id} className="mb-5 ml-5 last:mb-0">
          <span className="absolute -left-[7px] mt-1.5 size-3 rounded-full border-2 border-white bg-indigo-500 ring-1 ring-indigo-200" aria-hidden />
          <p className="text-sm text-slate-800">
            <span className="font-semibold">{humanize(h.action)}</span> by <span className="font-medium">{h.actor}</span>
          </p>
          <p className="text-xs text-slate-500">
            <time dateTime={h.at}>{formatDateTime(h.at)}</time>
            {h.from && h.to && h.from !== h.to && (
              <>
                {" "}
                · {STATE_LABELS[h.from]} → {STATE_LABELS[h.to]}
              </>
            )}
          </p>
          {h.comment && <blockquote className="mt-1.5 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600 italic">“{h.comment}”</blockquote>}
        </li>
      ))}
    </ol>
  );
}
