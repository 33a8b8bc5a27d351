import { describe, expect, it } from "vitest";
import { isDirty, toForm, validateWeights, weightShares } from "./weights";

const defaults = { tests: 40, detection_rules: 20, d3fend: 15, freshness: 15, platform_diversity: 10 };

describe("validateWeights", () => {
  it("accepts whole numbers 0-100 and returns them as numbers", () => {
    const r = validateWeights({ ...toForm(defaults), tests: " 100 " });
    expect(r.errors).toEqual({});
    expect(r.weights).toEqual({ ...defaults, tests: 100 });
  });

  it("names each field that is empty, not a whole number or over 100", () => {
    const r = validateWeights({ tests: "", detection_rules: "2.5", d3fend: "-1", freshness: "101", platform_diversity: "10" });
    expect(r.weights).toBeNull();
    expect(Object.keys(r.errors).sort()).toEqual(["d3fend", "detection_rules", "freshness", "tests"]);
    expect(r.errors.freshness).toMatch(/0-100/);
  });

  it("needs at least one weight above 0, as a form-wide error", () => {
    const r = validateWeights({ tests: "0", detection_rules: "0", d3fend: "0", freshness: "0", platform_diversity: "0" });
    expect(r.weights).toBeNull();
    expect(r.errors).toEqual({ weights: "At least one weight must be above 0" });
  });
});

describe("weightShares and isDirty", () => {
  it("gives each weight its share of the sum", () => {
    expect(weightShares(defaults)).toEqual({ tests: 40, detection_rules: 20, d3fend: 15, freshness: 15, platform_diversity: 10 });
    expect(weightShares({ tests: 1, detection_rules: 2 })).toMatchObject({ tests: 33.3, detection_rules: 66.7, d3fend: 0 });
    expect(weightShares({})).toMatchObject({ tests: 0 });
  });

  it("compares the form with what the server holds", () => {
    expect(isDirty(toForm(defaults), defaults)).toBe(false);
    expect(isDirty({ ...toForm(defaults), d3fend: "0" }, defaults)).toBe(true);
    expect(isDirty(toForm(defaults), undefined)).toBe(false);
  });
});
