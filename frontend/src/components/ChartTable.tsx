import type { ReactNode } from "react";
import { Table, Td, Th } from "./ui";

/**
 * A chart's numbers as a table, under a "Show the numbers" disclosure: the text alternative of
 * every chart (a chart alone says nothing to a screen reader, and little in print).
 */
export function ChartTable({
  caption,
  columns,
  rows,
  open,
}: {
  caption: string;
  columns: readonly string[];
  rows: readonly (readonly ReactNode[])[];
  /** Shown unfolded (the printable report). */
  open?: boolean;
}) {
  return (
    <details className="mt-3 text-sm" open={open}>
      <summary className="cursor-pointer text-xs font-medium text-indigo-700 print:hidden">Show the numbers</summary>
      <Table caption={caption} className="mt-2">
        <thead>
          <tr>
            {columns.map((c, i) => (
              <Th key={c} className={i > 0 ? "text-right" : undefined}>
                {c}
              </Th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((cell, j) => (
                <Td key={j} className={j > 0 ? "py-1.5 text-right tabular-nums" : "py-1.5"}>
                  {cell}
                </Td>
              ))}
            </tr>
          ))}
        </tbody>
      </Table>
    </details>
  );
}
