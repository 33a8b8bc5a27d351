import { describe, expect, it } from "vitest";
import { mttdHint } from "./mttd";

describe("mttdHint", () => {
  it("says it is a median, over how many tests, and how many were excluded", () => {
    expect(mttdHint({ mttd_sample: 12, mttd_excluded: 0 })).toBe("Median of 12 approved tests that alerted");
    expect(mttdHint({ mttd_sample: 1, mttd_excluded: 2 })).toBe("Median of 1 approved test that alerted; 2 excluded (detection recorded before execution)");
  });
});
