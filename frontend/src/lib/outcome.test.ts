import { describe, expect, it } from "vitest";
import type { LayerOutcome, Test } from "@/api/types";
import { bestDetection, recordedTimeToDetect, rowOutcome, rowTimeToDetect, testOutcome, timeToDetect } from "./outcome";

const blue = (...outcomes: LayerOutcome[]): Pick<Test, "blue"> => ({ blue: { notes: "", outcomes } });

describe("testOutcome", () => {
  it("is the best layer result", () => {
    expect(testOutcome(blue({ layer: "siem", result: "logged" }, { layer: "edr", result: "alerted" }))).toBe("alerted");
    expect(testOutcome(blue({ layer: "edr", result: "prevented" }, { layer: "siem", result: "alerted" }))).toBe("prevented");
    expect(testOutcome(blue({ layer: "edr", result: "none" }, { layer: "siem", result: "logged" }))).toBe("logged");
  });

  it("leaves not-applicable layers out", () => {
    expect(testOutcome(blue({ layer: "email", result: "not_applicable" }, { layer: "edr", result: "none" }))).toBe("none");
    expect(testOutcome(blue({ layer: "email", result: "not_applicable" }))).toBe("none");
  });

  it("is unknown until the blue team documents it", () => {
    expect(testOutcome({ blue: null })).toBeNull();
    expect(testOutcome({})).toBeNull();
    expect(bestDetection({})).toBe("none");
  });
});

describe("timeToDetect", () => {
  const red = (executed_at: string | null): Pick<Test, "red"> => ({ red: { executed: true, succeeded: true, executed_at, notes: "" } });
  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes)).toISOString();

  it("runs from the execution to the first alert or prevention", () => {
    const test = {
      ...red(at(0)),
      ...blue(
        { layer: "siem", result: "logged", detected_at: at(1) },
        { layer: "edr", result: "alerted", detected_at: at(5) },
        { layer: "av", result: "prevented", detected_at: at(3) },
      ),
    };
    expect(timeToDetect(test)).toBe(180);
  });

  it("is unknown without an execution time or an alert time", () => {
    expect(timeToDetect({ ...red(null), ...blue({ layer: "edr", result: "alerted", detected_at: at(1) }) })).toBeNull();
    expect(timeToDetect({ ...red(at(0)), ...blue({ layer: "siem", result: "logged", detected_at: at(1) }) })).toBeNull();
    expect(timeToDetect({ ...red(at(0)), blue: null })).toBeNull();
  });

  it("never counts a detection recorded before the execution", () => {
    const test = { ...red(at(10)), ...blue({ layer: "edr", result: "alerted", detected_at: at(4) }) };
    expect(recordedTimeToDetect(test)).toBe(-360);
    expect(timeToDetect(test)).toBeNull();
  });
});

describe("rowOutcome and rowTimeToDetect", () => {
  const alerted = { red: { executed: true, succeeded: true, executed_at: "2026-01-01T12:00:00Z", notes: "" }, ...blue({ layer: "edr", result: "alerted", detected_at: "2026-01-01T12:02:00Z" }) };

  it("take the server's values when the row carries them", () => {
    expect(rowOutcome({ ...alerted, outcome: "prevented" })).toBe("prevented");
    expect(rowTimeToDetect({ ...alerted, time_to_detect_secs: 45 })).toBe(45);
    // A null from the server is its answer (unknown, or detected before the execution), not a gap to fill.
    expect(rowOutcome({ ...alerted, outcome: null })).toBeNull();
    expect(rowTimeToDetect({ ...alerted, time_to_detect_secs: null })).toBeNull();
    expect(rowOutcome({ blue: null, outcome: "not_applicable" })).toBe("none");
  });

  it("read the results of a record that comes without them", () => {
    expect(rowOutcome(alerted)).toBe("alerted");
    expect(rowTimeToDetect(alerted)).toBe(120);
    expect(rowOutcome({ blue: null })).toBeNull();
  });
});
