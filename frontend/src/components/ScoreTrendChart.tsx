import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDate, formatDateTime, formatScore, plural } from "@/lib/format";
import { ChartTable } from "./ChartTable";

export interface ScorePoint {
  /** RFC 3339. */
  at: string;
  score: number;
  validated?: number;
  partial?: number;
}

/** Up to `count` evenly spaced instants from the first to the last point: dated ticks. */
export function dateTicks(times: readonly number[], count = 6): number[] {
  if (times.length === 0) return [];
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  if (hi === lo) return [lo];
  const n = Math.max(2, Math.min(count, times.length));
  return Array.from({ length: n }, (_, i) => Math.round(lo + ((hi - lo) * i) / (n - 1)));
}

/**
 * The organisation score over time on one axis (0–100) against a time axis with dated ticks,
 * followed by its numbers as a table (score, and validated and partial techniques when given).
 * `width` fixes the size for print, where a responsive chart does not measure itself.
 */
export function ScoreTrendChart({ points, label, width, tableOpen, testId }: { points: readonly ScorePoint[]; label: string; width?: number; tableOpen?: boolean; testId?: string }) {
  const data = points.map((p) => ({ t: Date.parse(p.at), score: Math.round(p.score * 10) / 10 })).filter((d) => !Number.isNaN(d.t));
  const ticks = dateTicks(data.map((d) => d.t));
  const last = data[data.length - 1];
  const chart = (
    <LineChart data={data} width={width} height={width ? 240 : undefined} margin={{ left: 0, right: 16, top: 8, bottom: 4 }}>
      <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
      <XAxis
        dataKey="t"
        type="number"
        scale="time"
        domain={["dataMin", "dataMax"]}
        ticks={ticks}
        tickFormatter={(v: number) => formatDate(new Date(v).toISOString())}
        tick={{ fontSize: 11, fill: "#475569" }}
      />
      <YAxis domain={[0, 100]} width={36} tick={{ fontSize: 11, fill: "#475569" }} label={{ value: "Score", angle: -90, position: "insideLeft", fontSize: 11, fill: "#475569" }} />
      <Tooltip labelFormatter={(v: number) => formatDateTime(new Date(v).toISOString())} />
      <Line type="monotone" dataKey="score" name="Organisation score" stroke="#4f46e5" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
    </LineChart>
  );
  return (
    <div data-testid={testId}>
      <div role="img" aria-label={last ? `${label}: ${plural(data.length, "point")} from ${formatDate(points[0]!.at)}, latest ${last.score}` : `${label}: no points`} className={width ? undefined : "h-64"}>
        <div className="h-full" aria-hidden>
          {width ? chart : <ResponsiveContainer width="100%" height="100%">{chart}</ResponsiveContainer>}
        </div>
      </div>
      <ChartTable
        caption={label}
        open={tableOpen}
        columns={points.some((p) => p.validated !== undefined) ? ["Date", "Score", "Validated", "Partial"] : ["Date", "Score"]}
        rows={points.map((p) => (p.validated !== undefined ? [formatDateTime(p.at), formatScore(p.score), p.validated, p.partial ?? "—"] : [formatDateTime(p.at), formatScore(p.score)]))}
      />
    </div>
  );
}
