import { describe, expect, it } from "vitest";
import { readableAlertSummary } from "./alertText";

describe("readableAlertSummary", () => {
  it("names the state by its label and counts one in the singular, at the start of a firing's summary", () => {
    expect(readableAlertSummary("1 tests in blue_evaluating longer than 3 days")).toBe("1 test in “Blue evaluating” longer than 3 days");
    expect(readableAlertSummary("1 remediation steps overdue")).toBe("1 remediation step overdue");
    expect(readableAlertSummary("2 tests in validated longer than 3 days")).toBe("2 tests in “Approved” longer than 3 days");
  });

  it("leaves other summaries as they are", () => {
    expect(readableAlertSummary("organisation score 41.2 is below the threshold 50.0")).toBe("organisation score 41.2 is below the threshold 50.0");
    expect(readableAlertSummary("no techniques regressed")).toBe("no techniques regressed");
    expect(readableAlertSummary("21 techniques regressed")).toBe("21 techniques regressed");
  });
});
