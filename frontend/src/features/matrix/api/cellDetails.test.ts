import { describe, expect, it } from "vitest";
import type { Test } from "@/api/types";
import { summarizeValidations } from "./cellDetails";

const t = (validated_at: string, results: NonNullable<Test["blue"]>["outcomes"][number]["result"][]): Pick<Test, "validated_at" | "blue"> => ({
  validated_at,
  blue: { notes: "", outcomes: results.map((result, i) => ({ layer: (["siem", "edr", "av"] as const)[i]!, result })) },
});

describe("summarizeValidations", () => {
  it("takes the newest validation and the best outcome over the tests", () => {
    const s = summarizeValidations([t("2026-01-02T00:00:00Z", ["logged"]), t("2026-03-01T00:00:00Z", ["none", "not_applicable"]), t("2026-02-01T00:00:00Z", ["alerted", "logged"])], true);
    expect(s).toEqual({ lastValidated: "2026-03-01T00:00:00Z", best: "alerted", read: 3, more: true });
  });

  it("says nothing when there is nothing validated", () => {
    expect(summarizeValidations([])).toEqual({ lastValidated: null, best: null, read: 0, more: false });
  });
});

describe("summarizeValidations with the server's outcomes", () => {
  it("takes each row's outcome as the server worked it out", () => {
    // Given rows whose server outcome differs from what their layers would say
    const rows = [
      { ...t("2026-01-02T00:00:00Z", ["none"]), outcome: "prevented" as const },
      { ...t("2026-01-03T00:00:00Z", ["alerted"]), outcome: "logged" as const },
    ];
    // Then the server's word is the one counted
    expect(summarizeValidations(rows).best).toBe("prevented");
  });
});
