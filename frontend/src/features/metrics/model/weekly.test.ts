import { describe, expect, it } from "vitest";
import { fullMetrics } from "../fixture";
import { isEmptySeries, mttdSeries, ratioSeries, velocitySeries } from "./weekly";

describe("weekly series", () => {
  const m = fullMetrics();

  it("charts MTTD in a readable unit and breaks the line where a week measured nothing", () => {
    const s = mttdSeries(m);
    expect(s.unit).toBe("minutes");
    expect(s.points).toEqual([
      { week: "2026-03-02", value: 10, text: "10 min", note: "n = 2" },
      { week: "2026-03-09", value: null, text: "—", note: "n = 0" },
    ]);
  });

  it("charts shares in percent with what they are a share of", () => {
    const s = ratioSeries(m, (w) => w.alert_fidelity);
    expect(s.points.map((p) => [p.value, p.text, p.note])).toEqual([
      [66.7, "66.7%", "2 of 3"],
      [null, "—", "0 of 0"],
    ]);
    // 0% is a measurement, not an empty week.
    expect(ratioSeries(m, (w) => w.detection_efficacy).points[1]).toMatchObject({ value: 0, text: "0%" });
  });

  it("charts the net velocity of the weeks with snapshots at both ends", () => {
    const s = velocitySeries(m);
    expect(s.points.map((p) => [p.value, p.text, p.note])).toEqual([
      [4, "+4", "4 gained, 0 regressed"],
      [-1, "\u22121", "1 gained, 2 regressed"],
    ]);
    expect(isEmptySeries(s)).toBe(false);
    expect(isEmptySeries(velocitySeries(fullMetrics({ coverage_velocity: { gained: 0, regressed: 0, net: 0, weekly: [] } })))).toBe(true);
  });
});
