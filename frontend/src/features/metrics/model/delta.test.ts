import { describe, expect, it } from "vitest";
import { durationDelta, numberDelta, pointsDelta, signedDelta } from "./delta";

describe("durationDelta", () => {
  it("calls a shorter time better, in words", () => {
    expect(durationDelta(3600, 2880)).toMatchObject({ value: -720, direction: "down", tone: "better", text: "12 min faster" });
    expect(durationDelta(600, 4200)).toMatchObject({ direction: "up", tone: "worse", text: "1 h slower" });
  });

  it("is no change under the display's precision and not comparable with an unknown side", () => {
    expect(durationDelta(600, 600)).toMatchObject({ direction: "flat", tone: "same", text: "no change" });
    expect(durationDelta(null, 600)).toMatchObject({ value: null, tone: "none", text: "not comparable" });
    expect(durationDelta(600, undefined).tone).toBe("none");
  });
});

describe("pointsDelta", () => {
  it("reads a share's change in percentage points, higher being better", () => {
    expect(pointsDelta(50, 62.5)).toMatchObject({ value: 12.5, direction: "up", tone: "better", text: "up 12.5 points" });
    expect(pointsDelta(80, 79)).toMatchObject({ value: -1, tone: "worse", text: "down 1 point" });
    expect(pointsDelta(40, 40)).toMatchObject({ tone: "same", text: "no change" });
    expect(pointsDelta(null, 40).text).toBe("not comparable");
  });
});

describe("numberDelta and signedDelta", () => {
  it("signs counts and says which way is better", () => {
    expect(numberDelta(2, 5)).toMatchObject({ value: 3, tone: "better", text: "+3" });
    expect(numberDelta(2, 5, "lower")).toMatchObject({ tone: "worse", text: "+3" });
    expect(numberDelta(5, 2, "lower")).toMatchObject({ tone: "better", text: "\u22123" });
    // How many tests were measured is neither good nor bad.
    expect(numberDelta(5, 9, "neither")).toMatchObject({ tone: "neutral", text: "+4" });
    expect(numberDelta(4, 4)).toMatchObject({ tone: "same", text: "no change" });
  });

  it("takes the server's own score delta", () => {
    expect(signedDelta(-2.5)).toMatchObject({ direction: "down", tone: "worse", text: "\u22122.5" });
    expect(signedDelta(0.04).text).toBe("no change");
  });
});
