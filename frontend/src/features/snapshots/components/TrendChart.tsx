import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendPoint } from "@/api/types";
import { formatDate, formatDateTime } from "@/lib/format";
import { STATUS_COLORS } from "@/lib/heatmap";
import { trendData } from "./comparison";

/** The organisation score (left axis) and validated and partial techniques (right axis) over time. */
export function TrendChart({ points }: { points: readonly TrendPoint[] }) {
  const data = trendData(points);
  const last = data[data.length - 1];
  const label = last
    ? `Organisation score over ${data.length} snapshot${data.length === 1 ? "" : "s"}, latest ${last.score} with ${last.validated} validated and ${last.partial} partial techniques`
    : "No snapshots";
  return (
    <div role="img" aria-label={label} className="h-72" data-testid="snapshot-trend">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ left: -8, right: 8, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            tickFormatter={(v: number) => formatDate(new Date(v).toISOString())}
            tick={{ fontSize: 11, fill: "#64748b" }}
          />
          <YAxis yAxisId="score" domain={[0, 100]} tick={{ fontSize: 11, fill: "#64748b" }} />
          <YAxis yAxisId="count" orientation="right" allowDecimals={false} tick={{ fontSize: 11, fill: "#64748b" }} />
          <Tooltip labelFormatter={(v: number) => formatDateTime(new Date(v).toISOString())} />
          <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} />
          <Line yAxisId="score" type="monotone" dataKey="score" name="Organisation score" stroke="#4f46e5" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
          <Line yAxisId="count" type="monotone" dataKey="validated" name="Validated techniques" stroke={STATUS_COLORS.validated} strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line yAxisId="count" type="monotone" dataKey="partial" name="Partial techniques" stroke="#d4a017" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
