//! The toasts' store, kept outside React so that the QueryClient's MutationCache, which is
//! built before any component, reports failed mutations through the same toasts as the screens.

import { describeProblem, type ProblemText } from "@/api/problem";

export type ToastKind = "success" | "error";

export interface Toast extends ProblemText {
  id: number;
  kind: ToastKind;
}

export interface Toaster {
  success: (message: string) => void;
  /** The app's own words (e.g. a file refused before upload), or a described problem. */
  error: (message: string | ProblemText) => void;
  /** A failed call, described by `describeProblem`. */
  problem: (error: unknown, options?: { fieldsShown?: boolean }) => void;
  dismiss: (id: number) => void;
  subscribe: (listener: () => void) => () => void;
  /** The toasts shown now, oldest first (a new array on every change). */
  current: () => readonly Toast[];
}

const SHOWN_AT_MOST = 5;
/** Errors stay longer: they have more to read and something to act on. */
const LIFETIME_MS: Record<ToastKind, number> = { success: 4000, error: 8000 };

export function createToaster(): Toaster {
  let toasts: readonly Toast[] = [];
  let next = 1;
  const listeners = new Set<() => void>();
  const set = (value: readonly Toast[]) => {
    toasts = value;
    listeners.forEach((l) => l());
  };
  const dismiss = (id: number) => set(toasts.filter((t) => t.id !== id));
  const push = (kind: ToastKind, text: ProblemText) => {
    const id = next++;
    set([...toasts.slice(1 - SHOWN_AT_MOST), { ...text, id, kind }]);
    setTimeout(() => dismiss(id), LIFETIME_MS[kind]);
  };
  const error = (message: string | ProblemText) => push("error", typeof message === "string" ? { title: message } : message);
  return {
    success: (message) => push("success", { title: message }),
    error,
    problem: (e, options) => error(describeProblem(e, options)),
    dismiss,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    current: () => toasts,
  };
}
