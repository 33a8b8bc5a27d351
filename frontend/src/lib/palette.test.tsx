import { afterEach, describe, expect, it } from "vitest";
import { act, render, screen } from "@testing-library/react";
import { COLORBLIND_STATUS_COLORS, STATUS_COLORS } from "./heatmap";
import { readPalette, setPalette, usePaletteColors } from "./palette";

function Swatch() {
  const c = usePaletteColors();
  return <output data-testid="swatch">{`${c.palette} ${c.status.validated}`}</output>;
}

describe("palette", () => {
  afterEach(() => {
    setPalette("standard");
    localStorage.clear();
  });

  it("is standard until chosen, then kept in this browser", () => {
    expect(readPalette()).toBe("standard");
    setPalette("colorblind");
    expect(localStorage.getItem("aegis.palette")).toBe("colorblind");
    expect(readPalette()).toBe("colorblind");
    setPalette("standard");
    expect(localStorage.getItem("aegis.palette")).toBeNull();
  });

  it("ignores an unknown stored value", () => {
    localStorage.setItem("aegis.palette", "rainbow");
    expect(readPalette()).toBe("standard");
  });

  it("repaints what reads it when it changes", () => {
    render(<Swatch />);
    expect(screen.getByTestId("swatch")).toHaveTextContent(`standard ${STATUS_COLORS.validated}`);
    act(() => setPalette("colorblind"));
    expect(screen.getByTestId("swatch")).toHaveTextContent(`colorblind ${COLORBLIND_STATUS_COLORS.validated}`);
  });
});
