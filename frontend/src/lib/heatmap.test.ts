import { describe, expect, it } from "vitest";
import { STATUS_COLORS, cellStyle, textColor } from "./heatmap";

describe("heatmap colours", () => {
  it("matches the server's status colours", () => {
    expect(STATUS_COLORS.validated).toBe("#1a9850");
    expect(STATUS_COLORS.not_covered).toBe("#d73027");
  });
  it("picks readable text", () => {
    expect(textColor("#fee08b")).toBe("#000000");
    expect(textColor("#1a1a1a")).toBe("#ffffff");
    expect(textColor("#ffffff")).toBe("#000000");
  });
  it("fades untested techniques but not tested gaps", () => {
    expect(cellStyle("not_covered", 0).opacity).toBeLessThan(1);
    expect(cellStyle("not_covered", 2).opacity).toBe(1);
    expect(cellStyle("validated", 0).opacity).toBe(1);
  });
});
