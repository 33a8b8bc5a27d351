//! The techniques that changed between two snapshots, a hundred rows at a time: one table for the
//! Snapshots screen and the Comparison screen's snapshot mode. Each screen keeps its own heading,
//! filter and way of showing a delta (`delta`), so only the rows are shared.

import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { ArrowRight } from "lucide-react";
import type { Coverage } from "@/api/types";
import { Badge, Button, CoverageBadge, Table, Td, Th } from "@/components/ui";
import { formatScore } from "@/lib/format";
import type { ChangeRow } from "@/lib/snapshotChanges";

const PAGE = 100;

const status = (s: Coverage | null) => (s ? <CoverageBadge status={s} /> : <Badge>Not in snapshot</Badge>);

/**
 * One row per change (`data-change` is the ATT&CK id, `data-direction` improved/regressed/unchanged),
 * in the order given; "Show N more" adds the next hundred. Give it a `key` to start paging again.
 */
export function TechniqueChangesTable({ rows, caption, delta }: { rows: readonly ChangeRow[]; caption: string; delta: (row: ChangeRow) => ReactNode }) {
  const [shown, setShown] = useState(PAGE);
  return (
    <>
      <Table caption={caption}>
        <thead>
          <tr>
            <Th>Technique</Th>
            <Th>Status</Th>
            <Th className="text-right">Score</Th>
            <Th className="text-right">Change</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.slice(0, shown).map((r) => (
            <tr key={r.attackId} data-change={r.attackId} data-direction={r.direction}>
              <Td>
                <Link to={`/techniques/${r.attackId}`} className="font-mono text-xs font-medium text-indigo-700 hover:underline">
                  {r.attackId}
                </Link>
              </Td>
              <Td>
                <span className="flex flex-wrap items-center gap-1.5">
                  {status(r.from)}
                  {(r.statusChanged || r.kind !== "changed") && (
                    <>
                      <ArrowRight className="size-3.5 text-slate-500" aria-label="to" />
                      {status(r.to)}
                    </>
                  )}
                </span>
              </Td>
              <Td className="text-right text-xs whitespace-nowrap tabular-nums">
                {formatScore(r.fromScore)} → {formatScore(r.toScore)}
              </Td>
              <Td className="text-right">{delta(r)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {rows.length > shown && (
        <div className="flex justify-center border-t border-slate-100 p-3">
          <Button variant="ghost" onClick={() => setShown((n) => n + PAGE)}>
            Show {Math.min(PAGE, rows.length - shown)} more
          </Button>
        </div>
      )}
    </>
  );
}
