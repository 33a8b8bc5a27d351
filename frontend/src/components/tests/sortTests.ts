//! Sorting a list of tests by any column of the tests tables.

import type { Severity, TestRow, TestState } from "@/api/types";
import { DETECTION_RANK, rowOutcome, rowTimeToDetect } from "@/lib/outcome";

/** `waiting`: how long since the test last changed (the longest waiting is the largest). */
export type SortKey = "title" | "technique" | "state" | "outcome" | "ttd" | "severity" | "updated" | "waiting";
export type SortDir = "asc" | "desc";
export interface Sort {
  key: SortKey;
  dir: SortDir;
}

const STATE_ORDER: Record<TestState, number> = { draft: 0, red_executing: 1, blue_evaluating: 2, in_review: 3, rejected: 4, validated: 5 };
const SEVERITY_ORDER: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** The value a column sorts by; null sorts last whatever the direction (unknown is not small). */
function value(t: TestRow, key: SortKey): string | number | null {
  switch (key) {
    case "title":
      return t.title.toLocaleLowerCase();
    case "technique":
      return t.technique_id;
    case "state":
      return STATE_ORDER[t.state];
    case "outcome": {
      const o = rowOutcome(t);
      return o === null ? null : DETECTION_RANK[o];
    }
    case "ttd":
      return rowTimeToDetect(t);
    case "severity":
      return SEVERITY_ORDER[t.severity];
    case "updated":
      return Date.parse(t.updated_at);
    case "waiting": {
      const changed = Date.parse(t.updated_at);
      return Number.isNaN(changed) ? null : -changed;
    }
  }
}

/** `tests` sorted by `sort` (stable: equal values keep their order); unknown values last. */
export function sortTests<T extends TestRow>(tests: readonly T[], sort: Sort): T[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  return tests
    .map((t, i) => ({ t, i, v: value(t, sort.key) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const c = typeof a.v === "number" && typeof b.v === "number" ? a.v - b.v : String(a.v).localeCompare(String(b.v));
      return c !== 0 ? sign * c : a.i - b.i;
    })
    .map((x) => x.t);
}
