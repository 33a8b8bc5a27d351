//! The weekly trend as chart series: one point per week the server gave (weeks start on Monday),
//! `null` where the week measured nothing, so the line breaks there instead of dropping to 0.

import type { OperationalMetrics, Ratio } from "../api/metrics";
import { durationText, durationUnit, partText, pctText, signed } from "./format";

export interface WeekDatum {
  /** `YYYY-MM-DD`, the Monday. */
  week: string;
  /** In the chart's unit; `null` when not measured that week. */
  value: number | null;
  /** The value as the table shows it. */
  text: string;
  /** What it is taken over ("n = 3", "2 of 4"). */
  note: string;
}

export interface WeekSeries {
  points: WeekDatum[];
  /** The y axis's unit ("minutes", "%", "techniques"). */
  unit: string;
}

/** Median MTTD per week, in minutes, hours or days as the largest week needs. */
export function mttdSeries(m: Pick<OperationalMetrics, "weekly">): WeekSeries {
  const max = Math.max(0, ...m.weekly.map((w) => w.mttd.median_secs ?? 0));
  const unit = durationUnit(max);
  return {
    unit: unit.label,
    points: m.weekly.map((w) => {
      const secs = w.mttd.median_secs;
      return {
        week: w.week_start,
        value: secs === null || secs === undefined ? null : Math.round((secs / unit.secs) * 10) / 10,
        text: durationText(secs),
        note: `n = ${w.mttd.n}`,
      };
    }),
  };
}

/** A share per week (detection efficacy or alert fidelity), in percent. */
export function ratioSeries(m: Pick<OperationalMetrics, "weekly">, pick: (w: OperationalMetrics["weekly"][number]) => Ratio): WeekSeries {
  return {
    unit: "%",
    points: m.weekly.map((w) => {
      const r = pick(w);
      return { week: w.week_start, value: r.pct ?? null, text: pctText(r), note: partText(r) };
    }),
  };
}

/** Net techniques validated per week (gained − regressed); weeks without snapshots at both ends are absent. */
export function velocitySeries(m: Pick<OperationalMetrics, "coverage_velocity">): WeekSeries {
  return {
    unit: "techniques",
    points: m.coverage_velocity.weekly.map((w) => ({
      week: w.week_start,
      value: w.net,
      text: signed(w.net, 0),
      note: `${w.gained} gained, ${w.regressed} regressed`,
    })),
  };
}

/** True when no week of the series measured anything. */
export const isEmptySeries = (s: WeekSeries) => s.points.every((p) => p.value === null);
