import type { TrendPoint } from "@/api/types";
import { ScoreTrendChart } from "@/components/ScoreTrendChart";
import { trendData } from "./comparison";

/**
 * The organisation score over time on one axis, dated ticks; the validated and partial
 * techniques of each snapshot are in its table of numbers (a second axis would mislead).
 */
export function TrendChart({ points }: { points: readonly TrendPoint[] }) {
  const data = trendData(points).map((d) => ({ at: new Date(d.at).toISOString(), score: d.score, validated: d.validated, partial: d.partial }));
  return <ScoreTrendChart points={data} label="Organisation score over time" testId="snapshot-trend" />;
}
