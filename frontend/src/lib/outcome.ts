//! What a test proved, read from its results the way the server reads them: the outcome is the
//! best layer result (not-applicable layers left out), the time to detect runs from the red
//! execution to the first alert or prevention (`Test::time_to_detect_secs`), and a detection
//! recorded before the execution is a recording error, never a result.
//!
//! The list endpoints give both worked out (`TestRow`): tables show the server's (`rowOutcome`,
//! `rowTimeToDetect`), and the reading here is for a record that comes without them (a test's
//! page, the blue form's preview).

import type { Detection, Test, TestRow } from "@/api/types";

/** A test's outcome: how far the defence got, best first. */
export type Outcome = "prevented" | "alerted" | "logged" | "none";

export const OUTCOMES: readonly Outcome[] = ["prevented", "alerted", "logged", "none"];

export const OUTCOME_LABELS: Record<Outcome, string> = {
  prevented: "Prevented",
  alerted: "Alerted",
  logged: "Logged only",
  none: "Not detected",
};

/** The server's order of detections (`Detection`'s `Ord`): not applicable < none < … < prevented. */
export const DETECTION_RANK: Record<Detection, number> = { not_applicable: 0, none: 1, logged: 2, alerted: 3, prevented: 4 };

/** The best result over the layers that apply; `none` when none applies or nothing was found. */
export function bestDetection(test: Pick<Test, "blue">): Outcome {
  let best: Outcome = "none";
  for (const o of test.blue?.outcomes ?? []) {
    if (o.result !== "not_applicable" && DETECTION_RANK[o.result] > DETECTION_RANK[best]) best = o.result;
  }
  return best;
}

/** The outcome of a test whose blue team has documented it; null before that. */
export function testOutcome(test: Pick<Test, "blue">): Outcome | null {
  return test.blue ? bestDetection(test) : null;
}

/** Whether a result needs the alert or rule that fired (the server's `required` on `alert_name`). */
export function needsAlertName(result: Detection | "" | null | undefined): boolean {
  return result === "alerted" || result === "prevented";
}

/** Whether a result can carry a detection time. */
export function hasDetectionTime(result: Detection | "" | null | undefined): boolean {
  return result === "prevented" || result === "alerted" || result === "logged";
}

function seconds(from: string, to: string): number | null {
  const a = Date.parse(from);
  const b = Date.parse(to);
  return Number.isNaN(a) || Number.isNaN(b) ? null : Math.round((b - a) / 1000);
}

/**
 * Seconds from the red execution to the first alert or prevention, as recorded; negative when
 * the record puts the detection first; null when either time is unknown.
 */
export function recordedTimeToDetect(test: Pick<Test, "red" | "blue">): number | null {
  const executed = test.red?.executed_at;
  if (!executed) return null;
  const first = (test.blue?.outcomes ?? [])
    .filter((o) => DETECTION_RANK[o.result] >= DETECTION_RANK.alerted && o.detected_at)
    .map((o) => o.detected_at!)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  return first ? seconds(executed, first) : null;
}

/** Time to detect as the server counts it: null when unknown or impossible (detected before executed). */
export function timeToDetect(test: Pick<Test, "red" | "blue">): number | null {
  const secs = recordedTimeToDetect(test);
  return secs !== null && secs >= 0 ? secs : null;
}

/** The outcome a row shows: the server's when the row carries it (`TestRow`), else read from the results. */
export function rowOutcome(test: Pick<TestRow, "blue" | "outcome">): Outcome | null {
  if (test.outcome === undefined) return testOutcome(test);
  if (test.outcome === null) return null;
  // The server reports "none" when no layer applies; a not-applicable best is read the same way.
  return test.outcome === "not_applicable" ? "none" : test.outcome;
}

/** The time to detect a row shows: the server's when the row carries it (null included), else read from the results. */
export function rowTimeToDetect(test: Pick<TestRow, "red" | "blue" | "time_to_detect_secs">): number | null {
  return test.time_to_detect_secs === undefined ? timeToDetect(test) : test.time_to_detect_secs;
}
