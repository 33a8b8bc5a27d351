import { describe, expect, it } from "vitest";
import { failedRules } from "./password";

describe("password policy", () => {
  it("names every broken rule", () => {
    expect(failedRules("short")).toEqual(["min_length", "uppercase", "digit", "special"]);
    expect(failedRules("ALLUPPERCASE123!")).toEqual(["lowercase"]);
    expect(failedRules("Str0ng-Enough-Pass")).toEqual([]);
  });
});
