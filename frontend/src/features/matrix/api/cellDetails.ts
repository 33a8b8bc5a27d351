import { queryOptions } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { Detection, Page, TechniqueDetail, TestRow } from "@/api/types";
import { DETECTION_RANK, rowOutcome } from "@/lib/outcome";

/** A technique with its threat actors, for the matrix's hover card (fetched when the card opens). */
export const cellTechniqueQuery = (id: string) =>
  queryOptions({
    queryKey: ["techniques", "matrix-card", id],
    queryFn: ({ signal }) => api<TechniqueDetail>(`/api/v1/techniques/${encodeURIComponent(id)}`, { signal }),
    staleTime: 60_000,
  });

/** How many validated tests the card reads (the newest first). */
export const CARD_TESTS = 50;

export interface ValidationSummary {
  /** Newest `validated_at` of the technique's validated tests. */
  lastValidated: string | null;
  /** Best blue outcome over them (`none` when none detected anything). */
  best: Detection | null;
  /** Validated tests read. */
  read: number;
  /** More validated tests exist than were read. */
  more: boolean;
}

/** Last validation and best outcome over `tests` (validated tests of one technique, each with the server's outcome). */
export function summarizeValidations(tests: readonly Pick<TestRow, "validated_at" | "blue" | "outcome">[], more = false): ValidationSummary {
  let lastValidated: string | null = null;
  let best: Detection | null = null;
  for (const t of tests) {
    if (t.validated_at && (!lastValidated || t.validated_at > lastValidated)) lastValidated = t.validated_at;
    const b = rowOutcome(t) ?? "none";
    if (best === null || DETECTION_RANK[b] > DETECTION_RANK[best]) best = b;
  }
  return { lastValidated, best, read: tests.length, more };
}

/** The technique's validated tests (its own, not its sub-techniques'), summarised for the card. */
export const cellValidationsQuery = (id: string) =>
  queryOptions({
    queryKey: ["tests", "matrix-card", id],
    queryFn: async ({ signal }) => {
      const page = await api<Page<TestRow>>("/api/v1/tests", { query: { technique: id, state: "validated", limit: CARD_TESTS }, signal });
      return summarizeValidations(page.items, Boolean(page.next_cursor));
    },
    staleTime: 60_000,
  });
