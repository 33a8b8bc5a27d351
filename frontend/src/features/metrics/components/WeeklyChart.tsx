import { Bar, BarChart, CartesianGrid, Cell, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartTable } from "@/components/ChartTable";
import { plural } from "@/lib/format";
import { dayText } from "../model/format";
import type { WeekSeries } from "../model/weekly";

const TICK = { fontSize: 11, fill: "#475569" };

/**
 * One weekly trend: a line (or, for signed values, bars) against the weeks of the window,
 * followed by its numbers as a table; weeks that measured nothing break the line and read "—"
 * in the table.
 */
export function WeeklyChart({
  label,
  series,
  valueColumn,
  noteColumn,
  kind = "line",
  percent,
  testId,
}: {
  label: string;
  series: WeekSeries;
  valueColumn: string;
  noteColumn: string;
  kind?: "line" | "bar";
  percent?: boolean;
  testId?: string;
}) {
  const data = series.points.map((p) => ({ week: dayText(p.week), value: p.value }));
  const measured = series.points.filter((p) => p.value !== null);
  const last = measured[measured.length - 1];
  const summary = last
    ? `${label}: ${plural(series.points.length, "week")} from ${data[0]!.week}, latest ${last.text} (week of ${dayText(last.week)})`
    : `${label}: nothing measured`;
  // Recharts finds its parts among a chart's direct children, so each chart lists them itself.
  const yAxis = {
    width: 44,
    tick: TICK,
    tickLine: false,
    axisLine: false,
    allowDecimals: kind === "line",
    domain: percent ? [0, 100] : undefined,
    label: { value: series.unit, angle: -90, position: "insideLeft", fontSize: 11, fill: "#475569" },
  } as const;
  const tooltip = (v: number) => [`${v} ${series.unit}`, valueColumn];
  return (
    <div data-testid={testId}>
      <div role="img" aria-label={summary} className="h-52">
        {measured.length === 0 ? (
          <p className="flex h-full items-center justify-center text-sm text-slate-600">Nothing measured in this window.</p>
        ) : (
          <div className="h-full" aria-hidden>
            <ResponsiveContainer width="100%" height="100%">
              {kind === "bar" ? (
                <BarChart data={data} margin={{ left: 0, right: 12, top: 8, bottom: 4 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
                  <XAxis dataKey="week" tick={TICK} tickLine={false} minTickGap={16} />
                  <YAxis {...yAxis} />
                  <Tooltip formatter={tooltip} />
                  <ReferenceLine y={0} stroke="#94a3b8" />
                  <Bar dataKey="value" name={valueColumn} isAnimationActive={false}>
                    {data.map((d) => (
                      <Cell key={d.week} fill={(d.value ?? 0) < 0 ? "#e11d48" : "#10b981"} />
                    ))}
                  </Bar>
                </BarChart>
              ) : (
                <LineChart data={data} margin={{ left: 0, right: 12, top: 8, bottom: 4 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
                  <XAxis dataKey="week" tick={TICK} tickLine={false} minTickGap={16} />
                  <YAxis {...yAxis} />
                  <Tooltip formatter={tooltip} />
                  <Line type="monotone" dataKey="value" name={valueColumn} stroke="#4f46e5" strokeWidth={2} dot={{ r: 3 }} connectNulls={false} isAnimationActive={false} />
                </LineChart>
              )}
            </ResponsiveContainer>
          </div>
        )}
      </div>
      <ChartTable caption={label} columns={["Week of", valueColumn, noteColumn]} rows={series.points.map((p) => [dayText(p.week), p.text, p.note])} />
    </div>
  );
}
