//! Presentation of remediation steps: labels, progress and overdue dates.

import type { RemediationStep, StepStatus } from "@/api/types";

export const STEP_STATUSES: readonly StepStatus[] = ["open", "in_progress", "done"];

export const STEP_STATUS_LABELS: Record<StepStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  done: "Done",
};

/** Today as `YYYY-MM-DD` in local time, the form of `due_date`. */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A step not done whose due date has passed. */
export function isOverdue(step: Pick<RemediationStep, "status" | "due_date">, now: Date = new Date()): boolean {
  return step.status !== "done" && Boolean(step.due_date) && step.due_date! < today(now);
}

/** `{done, total}` over the steps. */
export function progress(steps: readonly Pick<RemediationStep, "status">[]): { done: number; total: number } {
  return { done: steps.filter((s) => s.status === "done").length, total: steps.length };
}

/** A `YYYY-MM-DD` date for display without a timezone shift. */
export function formatDueDate(date: string | null | undefined): string {
  if (!date) return "No due date";
  const [y, m, d] = date.split("-").map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(new Date(y, m - 1, d));
}
