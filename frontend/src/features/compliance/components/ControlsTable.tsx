import { Link } from "react-router";
import type { ControlGap, ControlSummary } from "@/api/defense";
import { Table, Td, Th } from "@/components/ui";
import { CoverageBar } from "./CoverageBar";

/** The controls with their coverage (from the gap analysis, by control id). */
export function ControlsTable({ fid, controls, gaps }: { fid: string; controls: readonly ControlSummary[]; gaps: ReadonlyMap<string, ControlGap> | undefined }) {
  return (
    <Table caption="Controls">
      <thead>
        <tr>
          <Th>Control</Th>
          <Th>Family</Th>
          <Th>Techniques</Th>
          <Th className="w-80">Coverage</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {controls.map((c) => {
          const gap = gaps?.get(c.control_id);
          return (
            <tr key={c.control_id} data-control-id={c.control_id}>
              <Td>
                <Link to={`/compliance/${encodeURIComponent(fid)}/controls/${encodeURIComponent(c.control_id)}`} className="text-indigo-700 hover:underline">
                  <span className="font-mono text-xs font-semibold">{c.control_id}</span> {c.name}
                </Link>
              </Td>
              <Td className="text-xs">{c.family ?? "—"}</Td>
              <Td className="text-xs tabular-nums">
                {c.techniques}
                {c.unresolved > 0 && <span className="block text-orange-800">+{c.unresolved} unknown</span>}
              </Td>
              <Td>{gap ? <CoverageBar gap={gap} compact /> : <span className="text-xs text-slate-500">—</span>}</Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
