import { describe, expect, it } from "vitest";
import { cell, column } from "@/test/matrix";
import { fitDensity, moveFocus, neededWidth, slotColumns } from "./layout";

describe("fitDensity", () => {
  it("fits the 14 Enterprise tactics in compact on a 1920-wide screen and in mini on a 1280-wide one", () => {
    // The matrix's width: the screen less the sidebar (256), the page's padding (64) and the scroller's chrome (27).
    expect(fitDensity(14, 1920 - 256 - 64 - 27)).toBe("compact");
    expect(fitDensity(14, 1280 - 256 - 64 - 27)).toBe("mini");
    expect(neededWidth(14, "mini")).toBeLessThanOrEqual(1280 - 256 - 64 - 27);
  });

  it("uses normal when it fits, and mini when nothing does", () => {
    expect(fitDensity(3, 1000)).toBe("normal");
    expect(fitDensity(40, 800)).toBe("mini");
  });
});

describe("slotColumns", () => {
  it("puts an expanded parent's sub-techniques under it", () => {
    const cols = [column("a", [cell("T1", { subtechniques: [cell("T1.001"), cell("T1.002")] }), cell("T2")]), column("b", [cell("T3")])];
    const slots = slotColumns(cols, (id) => id === "T1");
    expect(slots[0]!.map((s) => [s.cell.attack_id, s.parent?.attack_id ?? null, s.row])).toEqual([
      ["T1", null, 0],
      ["T1.001", "T1", 1],
      ["T1.002", "T1", 2],
      ["T2", null, 3],
    ]);
    expect(slotColumns(cols, () => false)[0]!.map((s) => s.cell.attack_id)).toEqual(["T1", "T2"]);
  });
});

describe("moveFocus", () => {
  const lengths = [5, 2, 0, 4];

  it("moves up and down inside a column, stopping at its ends", () => {
    expect(moveFocus(lengths, { col: 0, row: 0 }, "ArrowDown")).toEqual({ col: 0, row: 1 });
    expect(moveFocus(lengths, { col: 0, row: 0 }, "ArrowUp")).toEqual({ col: 0, row: 0 });
    expect(moveFocus(lengths, { col: 0, row: 4 }, "ArrowDown")).toEqual({ col: 0, row: 4 });
    expect(moveFocus(lengths, { col: 0, row: 1 }, "PageDown")).toEqual({ col: 0, row: 4 });
  });

  it("moves sideways to the same row, or the last slot of a shorter column, skipping empty ones", () => {
    expect(moveFocus(lengths, { col: 0, row: 4 }, "ArrowRight")).toEqual({ col: 1, row: 1 });
    expect(moveFocus(lengths, { col: 1, row: 1 }, "ArrowRight")).toEqual({ col: 3, row: 1 });
    expect(moveFocus(lengths, { col: 3, row: 1 }, "ArrowRight")).toEqual({ col: 3, row: 1 });
    expect(moveFocus(lengths, { col: 3, row: 3 }, "ArrowLeft")).toEqual({ col: 1, row: 1 });
  });

  it("goes to the ends of the row with Home and End, and of the grid with Ctrl", () => {
    expect(moveFocus(lengths, { col: 3, row: 3 }, "Home")).toEqual({ col: 0, row: 3 });
    expect(moveFocus(lengths, { col: 0, row: 1 }, "End")).toEqual({ col: 3, row: 1 });
    expect(moveFocus(lengths, { col: 0, row: 4 }, "End")).toEqual({ col: 0, row: 4 });
    expect(moveFocus(lengths, { col: 3, row: 2 }, "Home", true)).toEqual({ col: 0, row: 0 });
    expect(moveFocus(lengths, { col: 0, row: 0 }, "End", true)).toEqual({ col: 3, row: 3 });
  });

  it("ignores other keys", () => {
    expect(moveFocus(lengths, { col: 0, row: 0 }, "a")).toBeNull();
  });
});
