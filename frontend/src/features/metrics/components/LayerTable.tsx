import type { Layer } from "@/api/types";
import { EmptyState, Table, Td, Th } from "@/components/ui";
import { LAYER_LABELS, LAYERS } from "@/lib/labels";
import type { Stat } from "../api/metrics";
import { durationText, EMPTY_HINTS } from "../model/format";
import { Value } from "./Values";

const rank = (layer: string) => {
  const i = LAYERS.indexOf(layer as Layer);
  return i < 0 ? LAYERS.length : i;
};

/** Execution → each layer's own detection (logged, alerted or prevented), in the form's layer order. */
export function LayerTable({ byLayer }: { byLayer: Record<string, Stat> }) {
  const rows = Object.entries(byLayer).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  if (rows.length === 0) return <EmptyState title="No layer recorded a detection in this window" />;
  return (
    <Table caption="MTTD by layer">
      <thead>
        <tr>
          <Th>Layer</Th>
          <Th className="text-right">Median</Th>
          <Th className="text-right">Mean</Th>
          <Th className="text-right">Detections</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map(([layer, s]) => (
          <tr key={layer} data-layer={layer}>
            <Td className="font-medium text-slate-800">{LAYER_LABELS[layer as Layer] ?? layer}</Td>
            <Td className="text-right tabular-nums">
              <Value text={durationText(s.median_secs)} empty={EMPTY_HINTS.mttdLayer} />
            </Td>
            <Td className="text-right tabular-nums">
              <Value text={durationText(s.mean_secs)} empty={EMPTY_HINTS.mttdLayer} />
            </Td>
            <Td className="text-right tabular-nums">{s.n.toLocaleString()}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
