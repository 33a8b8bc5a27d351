//! An alert's summary as the app words things. The server writes it for logs and webhooks as
//! well ("1 tests in red_executing longer than 7 days"); on screen a test state goes by its
//! label and one thing is counted in the singular.

import type { TestState } from "@/api/types";
import { STATE_LABELS } from "./labels";

/** The server's count nouns in alert summaries, singular for one. */
const SINGULAR: Record<string, string> = {
  tests: "test",
  techniques: "technique",
  "changed techniques": "changed technique",
  "new techniques": "new technique",
  "remediation steps": "remediation step",
};

/** `summary` with state codes as labels and "1 tests" as "1 test" (at its start or after "rule: "). */
export function readableAlertSummary(summary: string): string {
  return summary
    .replace(/\btests in (draft|red_executing|blue_evaluating|in_review|validated|rejected)\b/, (_, state: TestState) => `tests in “${STATE_LABELS[state]}”`)
    .replace(/(^|: )1 (tests|techniques|changed techniques|new techniques|remediation steps)\b/, (_, lead: string, noun: string) => `${lead}1 ${SINGULAR[noun]}`);
}
