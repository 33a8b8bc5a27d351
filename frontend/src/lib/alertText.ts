//! An alert's summary, worded the same whenever it was written. The server now names a test state
//! in words and counts one match in the singular ("1 test in review longer than 7 days"); firings
//! and notifications stored before that say "1 tests in in_review longer than 7 days" and are
//! reworded here to match. Only those older forms are touched: a newer summary (or a rule's name
//! before it) is shown as the server wrote it.

/** The server's words for the state codes older summaries used ("draft", "rejected" read the same). */
const STATE_WORDS: Record<string, string> = {
  red_executing: "red execution",
  blue_evaluating: "blue evaluation",
  in_review: "review",
  validated: "approved",
};

/** The older count nouns, singular for one, as the server now writes them. */
const SINGULAR: Record<string, string> = {
  tests: "test",
  techniques: "technique",
  "changed techniques": "changed technique",
  "new techniques of tracked actors": "new technique of a tracked actor",
  "remediation steps": "remediation step",
};

/** `summary` (alone, or after "rule: " in a notification) in the server's current words. */
export function readableAlertSummary(summary: string): string {
  return summary
    .replace(/(^|: )(\d+ tests in )(red_executing|blue_evaluating|in_review|validated)\b/, (_, lead: string, count: string, code: string) => `${lead}${count}${STATE_WORDS[code]}`)
    .replace(
      /(^|: )1 (tests|techniques|changed techniques|new techniques of tracked actors|remediation steps)\b/,
      (_, lead: string, noun: string) => `${lead}1 ${SINGULAR[noun]}`,
    )
    .replace(/\b(longer than|for|after) 1 days\b/, "$1 1 day");
}
