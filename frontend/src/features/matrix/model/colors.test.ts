import { describe, expect, it } from "vitest";
import { COLORBLIND_STATUS_COLORS, luminance, PALETTES } from "@/lib/heatmap";
import { cellStyle, contrast, kindColors, kindSwatch, MIN_CONTRAST, readable, UNTESTED_BASE, UNTESTED_HATCH } from "./colors";
import { cellView, KIND_ORDER } from "./coverage";
import { cell, tested } from "@/test/matrix";

describe("untested cells", () => {
  it("are neutral (grey, hatched) in status and score mode alike", () => {
    const v = cellView(cell("T1"));
    for (const mode of ["status", "score"] as const) {
      const s = cellStyle(v, mode);
      expect(s.background).toBe(UNTESTED_HATCH);
      expect(s.base).toBe(UNTESTED_BASE);
    }
  });

  it("never look like a tested technique without coverage, in either mode", () => {
    const untested = cellView(cell("T1"));
    const failed = cellView(tested("T2", "not_covered", { score: 0 }));
    for (const mode of ["status", "score"] as const) {
      expect(cellStyle(failed, mode).background).not.toBe(cellStyle(untested, mode).background);
      expect(cellStyle(failed, mode).background.startsWith("#")).toBe(true);
    }
  });
});

describe("text contrast", () => {
  it.each(PALETTES)("reaches 4.5:1 on every status colour (%s palette)", (palette) => {
    for (const kind of KIND_ORDER) {
      for (const context of [false, true]) {
        const s = cellStyle({ kind, context, score: 50 }, "status", palette);
        expect(contrast(s.color, s.base), `${kind}${context ? " (context)" : ""}`).toBeGreaterThanOrEqual(MIN_CONTRAST);
      }
    }
  });

  it.each(PALETTES)("reaches 4.5:1 on every score colour from 0 to 100 (%s palette)", (palette) => {
    for (let score = 0; score <= 100; score += 0.5) {
      const s = cellStyle({ kind: "validated", context: false, score }, "score", palette);
      expect(contrast(s.color, s.base), `score ${score}`).toBeGreaterThanOrEqual(MIN_CONTRAST);
    }
  });

  it("changes a colour only as much as needed", () => {
    expect(readable("#1a9850")).toBe("#1a9850");
    expect(readable("#dc4734")).not.toBe("#dc4734");
  });
});

/** Machado, Oliveira and Fernandes (2009) dichromacy matrices, severity 1, on linear RGB. */
const CVD: Record<string, number[][]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const rgb = (hex: string) => [1, 3, 5].map((i) => lin(parseInt(hex.slice(i, i + 2), 16) / 255));

/** Euclidean distance of two colours as a dichromat sees them (linear RGB, 0..√3). */
function seenDistance(a: string, b: string, m: number[][]): number {
  const see = (hex: string) => m.map((row) => Math.min(1, Math.max(0, row.reduce((s, k, i) => s + k * rgb(hex)[i]!, 0))));
  const [x, y] = [see(a), see(b)];
  return Math.hypot(...x.map((v, i) => v - y[i]!));
}

describe("colour-blind-safe palette", () => {
  it("paints every status differently from the standard palette, untested still hatched", () => {
    expect(kindColors("colorblind").validated).toBe(COLORBLIND_STATUS_COLORS.validated);
    expect(cellStyle(cellView(tested("T1", "validated")), "status", "colorblind").base).not.toBe(cellStyle(cellView(tested("T1", "validated")), "status").base);
    expect(kindSwatch("untested", "colorblind")).toBe(UNTESTED_HATCH);
  });

  it("keeps every pair of statuses apart for protanopes, deuteranopes and tritanopes, unlike the standard one", () => {
    const kinds = ["validated", "partial", "in_progress", "not_covered"] as const;
    const minimum = (colors: Record<(typeof kinds)[number], string>, m: number[][]) =>
      Math.min(...kinds.flatMap((a, i) => kinds.slice(i + 1).map((b) => seenDistance(colors[a], colors[b], m))));
    for (const [name, m] of Object.entries(CVD)) {
      expect(minimum(kindColors("colorblind"), m), name).toBeGreaterThan(0.4);
    }
    // The standard green and red nearly meet for a deuteranope: the reason for the option.
    expect(seenDistance(kindColors("standard").validated, kindColors("standard").not_covered, CVD.deuteranopia!)).toBeLessThan(0.15);
  });

  it("tells the ends of the score scale apart by lightness as well as hue", () => {
    const low = cellStyle({ kind: "validated", context: false, score: 0 }, "score", "colorblind").base;
    const high = cellStyle({ kind: "validated", context: false, score: 100 }, "score", "colorblind").base;
    expect(Math.abs(luminance(low) - luminance(high))).toBeGreaterThan(0.05);
  });
});
