import type { ReactNode } from "react";
import { EmptyState, Table, Td, Th } from "@/components/ui";
import type { Breakdown } from "../api/metrics";
import { durationText, EMPTY_HINTS, partText, pctText } from "../model/format";
import { Value } from "./Values";

/** A team's, person's or tactic's share of the window, one row each. */
export function BreakdownTable({
  caption,
  nameHeader,
  rows,
  name,
  empty,
}: {
  caption: string;
  nameHeader: string;
  rows: readonly Breakdown[];
  name: (b: Breakdown) => ReactNode;
  empty: string;
}) {
  if (rows.length === 0) return <EmptyState title={empty} />;
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>{nameHeader}</Th>
          <Th className="text-right">Tests approved</Th>
          <Th className="text-right">MTTD (median)</Th>
          <Th className="text-right">Detection efficacy</Th>
          <Th className="text-right">Alert fidelity</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((b) => (
          <tr key={`${b.team}-${b.name}`} data-breakdown={b.name}>
            <Td className="font-medium whitespace-nowrap text-slate-800">{name(b)}</Td>
            <Td className="text-right tabular-nums">{b.validated_tests.toLocaleString()}</Td>
            <Td className="text-right tabular-nums">
              <Value text={durationText(b.mttd.median_secs)} empty={EMPTY_HINTS.mttd} />
              <span className="block text-xs text-slate-500">n = {b.mttd.n}</span>
            </Td>
            <Td className="text-right tabular-nums">
              <Value text={pctText(b.detection_efficacy)} empty={EMPTY_HINTS.efficacy} />
              <span className="block text-xs text-slate-500">{partText(b.detection_efficacy)}</span>
            </Td>
            <Td className="text-right tabular-nums">
              <Value text={pctText(b.alert_fidelity)} empty={EMPTY_HINTS.fidelity} />
              <span className="block text-xs text-slate-500">{partText(b.alert_fidelity)}</span>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
