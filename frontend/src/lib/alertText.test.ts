import { describe, expect, it } from "vitest";
import { readableAlertSummary } from "./alertText";

describe("readableAlertSummary", () => {
  it("words an older summary as the server now does: the state in words, one match and one day in the singular", () => {
    expect(readableAlertSummary("1 tests in blue_evaluating longer than 3 days")).toBe("1 test in blue evaluation longer than 3 days");
    expect(readableAlertSummary("1 remediation steps overdue")).toBe("1 remediation step overdue");
    expect(readableAlertSummary("2 tests in validated longer than 3 days")).toBe("2 tests in approved longer than 3 days");
    expect(readableAlertSummary("1 tests in in_review longer than 7 days")).toBe("1 test in review longer than 7 days");
    expect(readableAlertSummary("1 new techniques of tracked actors not covered")).toBe("1 new technique of a tracked actor not covered");
    expect(readableAlertSummary("4 changed techniques unreviewed after 1 days")).toBe("4 changed techniques unreviewed after 1 day");
  });

  it("leaves the server's current summaries as they are", () => {
    for (const summary of [
      "1 test in review longer than 7 days",
      "3 tests in red execution longer than 1 day",
      "2 tests in draft longer than 5 days",
      "1 technique regressed",
      "1 changed technique unreviewed after 14 days",
      "1 new technique of a tracked actor not covered",
      "Execution score 41.2 is below the threshold 50.0",
      'technique set "Crown jewels" score 10.0 is below the threshold 50.0',
    ]) {
      expect(readableAlertSummary(summary)).toBe(summary);
    }
  });

  it("leaves other summaries as they are", () => {
    expect(readableAlertSummary("organisation score 41.2 is below the threshold 50.0")).toBe("organisation score 41.2 is below the threshold 50.0");
    expect(readableAlertSummary("no techniques regressed")).toBe("no techniques regressed");
    expect(readableAlertSummary("21 techniques regressed")).toBe("21 techniques regressed");
    expect(readableAlertSummary("11 techniques not validated for 11 days")).toBe("11 techniques not validated for 11 days");
  });
});
