import { Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Coverage, TestState } from "@/api/types";
import { ChartTable } from "@/components/ChartTable";
import { COVERAGE_ORDER, STATUS_LABELS } from "@/lib/heatmap";
import { usePaletteColors } from "@/lib/palette";
import { STATE_LABELS } from "@/lib/labels";

const STATE_COLORS: Record<TestState, string> = {
  draft: "#94a3b8",
  red_executing: "#ef4444",
  blue_evaluating: "#3b82f6",
  in_review: "#8b5cf6",
  validated: "#10b981",
  rejected: "#f43f5e",
};

const TICK = { fontSize: 11, fill: "#475569" };
/** Legend labels in the text colour (Recharts writes them in the series colour, unreadable for yellow). */
const legendText = (text: string) => <span style={{ color: "#334155" }}>{text}</span>;

/** Tests per workflow state, in workflow order; every bar is labelled on its axis. */
export function FunnelChart({ funnel }: { funnel: [string, number][] }) {
  const data = funnel.map(([state, count]) => ({
    state,
    label: STATE_LABELS[state as TestState] ?? state,
    count,
  }));
  return (
    <>
      <div role="img" aria-label={`Tests by state: ${data.map((d) => `${d.label} ${d.count}`).join(", ")}`} className="h-64">
        <div className="h-full" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={TICK} interval={0} tickLine={false} axisLine={false} />
            <YAxis allowDecimals={false} tick={TICK} tickLine={false} axisLine={false} />
            <Tooltip cursor={{ fill: "#f1f5f9" }} />
            <Bar dataKey="count" name="Tests" radius={[4, 4, 0, 0]}>
              {data.map((d) => (
                <Cell key={d.state} fill={STATE_COLORS[d.state as TestState] ?? "#6366f1"} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
        </div>
      </div>
      <ChartTable caption="Tests by state" columns={["State", "Tests"]} rows={data.map((d) => [d.label, d.count])} />
    </>
  );
}

/** Techniques per coverage status as a donut, with the status names in its legend. */
export function CoverageDonut({ counts }: { counts: Partial<Record<Coverage, number>> }) {
  const colors = usePaletteColors();
  const data = COVERAGE_ORDER.map((status) => ({ status, name: STATUS_LABELS[status], value: counts[status] ?? 0 }));
  const total = data.reduce((s, d) => s + d.value, 0);
  return (
    <>
      <div role="img" aria-label={`Coverage: ${data.map((d) => `${d.name} ${d.value}`).join(", ")}`} className="h-64">
        {total === 0 ? (
          <p className="flex h-full items-center justify-center text-sm text-slate-600">No techniques yet.</p>
        ) : (
          <div className="h-full" aria-hidden>
          <ResponsiveContainer width="100%" height="100%">
            <PieChart>
              <Pie data={data} dataKey="value" nameKey="name" innerRadius="55%" outerRadius="85%" paddingAngle={1} stroke="none" isAnimationActive={false} rootTabIndex={-1}>
                {data.map((d) => (
                  <Cell key={d.status} fill={colors.status[d.status]} />
                ))}
              </Pie>
              <Tooltip />
              <Legend verticalAlign="bottom" iconType="circle" wrapperStyle={{ fontSize: 12 }} formatter={(name: string, entry) => legendText(`${name} (${(entry.payload as { value?: number } | undefined)?.value ?? 0})`)} />
            </PieChart>
          </ResponsiveContainer>
          </div>
        )}
      </div>
      <ChartTable caption="Techniques by coverage status" columns={["Coverage", "Techniques"]} rows={data.map((d) => [d.name, d.value])} />
    </>
  );
}

/** Validated and partial techniques per tactic (tactic names, never slugs). */
export function TacticCoverageChart({
  rows,
}: {
  rows: { name: string; techniques: number; validated: number; partial: number }[];
}) {
  const colors = usePaletteColors();
  const data = rows
    .filter((r) => r.techniques > 0)
    .map((r) => ({ ...r, other: Math.max(0, r.techniques - r.validated - r.partial) }));
  return (
    <>
      <div role="img" aria-label={`Coverage by tactic: ${data.map((d) => `${d.name} ${d.validated} validated, ${d.partial} partial of ${d.techniques}`).join("; ")}`} style={{ height: Math.max(200, data.length * 30 + 40) }}>
        <div className="h-full" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 0, right: 16, left: 8, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
            <XAxis type="number" allowDecimals={false} tick={TICK} tickLine={false} axisLine={false} />
            <YAxis type="category" dataKey="name" width={150} tick={TICK} tickLine={false} axisLine={false} />
            <Tooltip cursor={{ fill: "#f1f5f9" }} />
            <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
            <Bar dataKey="validated" name="Validated" stackId="a" fill={colors.status.validated} />
            <Bar dataKey="partial" name="Partial" stackId="a" fill={colors.status.partial} />
            <Bar dataKey="other" name="Not yet" stackId="a" fill="#cbd5e1" radius={[0, 4, 4, 0]} />
          </BarChart>
        </ResponsiveContainer>
        </div>
      </div>
      <ChartTable caption="Coverage by tactic" columns={["Tactic", "Techniques", "Validated", "Partial"]} rows={data.map((d) => [d.name, d.techniques, d.validated, d.partial])} />
    </>
  );
}
