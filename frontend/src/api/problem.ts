//! A failed call in words for the one error toast, and how a mutation tells that toast what its
//! screen already shows. Every failed mutation is reported once, by the QueryClient's
//! MutationCache (`app/queryClient.ts`), so screens do not each format errors their own way.

import { ApiError } from "./client";

/**
 * What the screen of a mutation shows of its failures itself:
 * - `"field-errors"`: a form with 422 field errors next to its inputs; the toast points there
 *   instead of repeating them;
 * - `"all-errors"`: every failure (the sign-in form, where a refusal is the page's answer); no toast.
 * Unset: the toast says everything.
 */
export interface MutationMeta extends Record<string, unknown> {
  shows?: "field-errors" | "all-errors";
}

declare module "@tanstack/react-query" {
  interface Register {
    mutationMeta: MutationMeta;
  }
}

/** A failure as the toast shows it. */
export interface ProblemText {
  title: string;
  detail?: string;
  /** One line per field error (`field: message`). */
  items?: string[];
  /** The request id of a server fault: its detail asks the user to quote it. */
  reference?: string;
}

const FALLBACK_TITLE = "The request failed";
export const SEE_FIELDS = "See the messages next to the fields.";

/**
 * An RFC 9457 problem (title, detail, status, field `errors`) as readable text; any other error
 * by its message. With `fieldsShown`, the field errors are left to the form.
 */
export function describeProblem(error: unknown, { fieldsShown = false } = {}): ProblemText {
  if (!(error instanceof ApiError)) return { title: FALLBACK_TITLE, detail: error instanceof Error ? error.message : String(error) };
  const title = error.title || FALLBACK_TITLE;
  const items = error.errors.map((e) => `${e.field}: ${e.message}`);
  // The server's detail of a validation failure is its field errors joined; shown once is enough.
  const repeatsItems = items.length > 0 && error.message === items.join("; ");
  let detail: string | undefined = error.message === title || repeatsItems ? undefined : error.message;
  if (items.length > 0 && fieldsShown) detail ??= SEE_FIELDS;
  return {
    title,
    detail,
    items: items.length > 0 && !fieldsShown ? items : undefined,
    reference: error.status >= 500 && error.requestId ? error.requestId : undefined,
  };
}
