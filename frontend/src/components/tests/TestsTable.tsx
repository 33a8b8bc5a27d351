import { useState } from "react";
import { Link } from "react-router";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import type { TestRow } from "@/api/types";
import { formatDateTime, formatDuration, timeAgo } from "@/lib/format";
import { rowOutcome, rowTimeToDetect } from "@/lib/outcome";
import { OutcomeBadge } from "../OutcomeBadge";
import { SeverityBadge, StateBadge, Table, Td, Th } from "../ui";
import { sortTests, type Sort, type SortKey } from "./sortTests";

export type Column = "technique" | "severity" | "platform" | "assignees";

/** A column header that sorts the table by `k`, both ways, saying so in `aria-sort`. */
export function SortHeader({ label, k, sort, onSort, className }: { label: string; k: SortKey; sort: Sort; onSort: (s: Sort) => void; className?: string }) {
  const active = sort.key === k;
  const Icon = !active ? ArrowUpDown : sort.dir === "asc" ? ArrowUp : ArrowDown;
  return (
    <Th aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"} className={className}>
      <button
        type="button"
        onClick={() => onSort({ key: k, dir: active && sort.dir === "asc" ? "desc" : "asc" })}
        className="inline-flex items-center gap-1 uppercase hover:text-slate-900"
      >
        {label}
        <Icon className="size-3.5" aria-hidden />
      </button>
    </Th>
  );
}

/**
 * A list of tests with what each one proved first: its outcome (icon, colour and words) and time
 * to detect next to its state, as the server worked them out for the list's rows. Every column sorts (the tests shown; a paged list sorts what is
 * loaded). With `selection`, each row has a checkbox and the header one selects all.
 */
export function TestsTable({
  tests,
  caption,
  columns = ["technique", "severity", "platform", "assignees"],
  selection,
  initialSort = { key: "updated", dir: "desc" },
}: {
  tests: readonly TestRow[];
  caption: string;
  columns?: readonly Column[];
  selection?: { selected: ReadonlySet<string>; onChange: (ids: Set<string>) => void };
  initialSort?: Sort;
}) {
  const [sort, setSort] = useState<Sort>(initialSort);
  const rows = sortTests(tests, sort);
  const show = (c: Column) => columns.includes(c);
  const allSelected = selection !== undefined && tests.length > 0 && tests.every((t) => selection.selected.has(t.id));
  const someSelected = selection !== undefined && tests.some((t) => selection.selected.has(t.id));
  const toggle = (id: string) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    selection.onChange(next);
  };
  const header = { sort, onSort: setSort };
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          {selection && (
            <Th className="w-10">
              <input
                type="checkbox"
                aria-label={allSelected ? "Deselect all tests" : "Select all tests"}
                checked={allSelected}
                ref={(el) => {
                  if (el) el.indeterminate = someSelected && !allSelected;
                }}
                onChange={() => selection.onChange(allSelected ? new Set() : new Set(tests.map((t) => t.id)))}
                className="size-4 accent-indigo-600"
              />
            </Th>
          )}
          <SortHeader label="Test" k="title" {...header} />
          {show("technique") && <SortHeader label="Technique" k="technique" {...header} />}
          <SortHeader label="State" k="state" {...header} />
          <SortHeader label="Outcome" k="outcome" {...header} />
          <SortHeader label="Time to detect" k="ttd" {...header} />
          {show("severity") && <SortHeader label="Severity" k="severity" {...header} />}
          {show("platform") && <Th>Platform</Th>}
          {show("assignees") && <Th>Red / Blue</Th>}
          <SortHeader label="Updated" k="updated" {...header} />
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 bg-white">
        {rows.map((t) => {
          const ttd = rowTimeToDetect(t);
          const selected = selection?.selected.has(t.id) ?? false;
          return (
            <tr key={t.id} className={selected ? "bg-indigo-50/60" : "hover:bg-slate-50"} data-test-id={t.id} data-state={t.state}>
              {selection && (
                <Td>
                  <input type="checkbox" aria-label={`Select “${t.title}”`} checked={selected} onChange={() => toggle(t.id)} className="size-4 accent-indigo-600" />
                </Td>
              )}
              <Td className="max-w-xs">
                <Link to={`/tests/${t.id}`} title={t.title} className="block truncate font-medium text-indigo-700 hover:underline">
                  {t.title}
                </Link>
                <span className="text-xs text-slate-600">
                  by {t.created_by}
                  {t.round > 1 && ` · round ${t.round}`}
                  {t.retest_of && " · retest"}
                </span>
              </Td>
              {show("technique") && (
                <Td className="max-w-xs">
                  <Link to={`/techniques/${t.technique_id}`} className="font-mono text-xs text-slate-700 hover:text-indigo-700 hover:underline">
                    {t.technique_id}
                  </Link>
                  <span className="block truncate text-xs text-slate-600" title={t.technique_name}>
                    {t.technique_name}
                  </span>
                </Td>
              )}
              <Td>
                <StateBadge state={t.state} />
              </Td>
              <Td>
                <OutcomeBadge outcome={rowOutcome(t)} />
              </Td>
              <Td className="text-xs whitespace-nowrap text-slate-700 tabular-nums" data-ttd={ttd ?? ""}>
                {ttd === null ? <span className="text-slate-500">—</span> : formatDuration(ttd)}
              </Td>
              {show("severity") && (
                <Td>
                  <SeverityBadge severity={t.severity} />
                </Td>
              )}
              {show("platform") && <Td className="text-xs text-slate-600">{t.platform ?? "—"}</Td>}
              {show("assignees") && (
                <Td className="text-xs text-slate-600">
                  {t.assigned_red ?? "—"} / {t.assigned_blue ?? "—"}
                </Td>
              )}
              <Td className="text-xs whitespace-nowrap text-slate-600" title={formatDateTime(t.updated_at)}>
                {timeAgo(t.updated_at)}
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
