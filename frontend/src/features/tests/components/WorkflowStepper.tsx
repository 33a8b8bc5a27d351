import { Check, X } from "lucide-react";
import type { TestState } from "@/api/types";
import { cx } from "@/components/ui";

const STEPS: { state: TestState; label: string; who: string }[] = [
  { state: "draft", label: "Draft", who: "Red tech" },
  { state: "red_executing", label: "Red executing", who: "Red tech" },
  { state: "blue_evaluating", label: "Blue evaluating", who: "Blue tech" },
  { state: "in_review", label: "In review", who: "Both leads" },
];

/** Where the test stands in draft → red → blue → review → validated / rejected. */
export function WorkflowStepper({ state }: { state: TestState }) {
  const done = state === "validated" || state === "rejected";
  const at = done ? STEPS.length : STEPS.findIndex((s) => s.state === state);
  const final = state === "rejected" ? { label: "Rejected", tone: "rose" } : { label: "Approved", tone: "emerald" };
  return (
    <ol className="flex flex-wrap items-center gap-y-3" aria-label="Workflow progress">
      {[...STEPS, { state: done ? state : ("validated" as TestState), label: done ? final.label : "Approved", who: "Outcome" }].map((step, i) => {
        const isCurrent = i === at || (done && i === STEPS.length);
        const isPast = i < at;
        const isRejected = done && i === STEPS.length && state === "rejected";
        return (
          <li key={step.label} className="flex items-center" aria-current={isCurrent ? "step" : undefined}>
            {i > 0 && <span className={cx("mx-2 h-px w-6 sm:w-10", isPast || isCurrent ? "bg-indigo-400" : "bg-slate-200")} aria-hidden />}
            <span className="flex items-center gap-2">
              <span
                className={cx(
                  "flex size-7 items-center justify-center rounded-full text-xs font-semibold ring-2",
                  isRejected
                    ? "bg-rose-600 text-white ring-rose-600"
                    : isCurrent && done
                      ? "bg-emerald-600 text-white ring-emerald-600"
                      : isCurrent
                        ? "bg-indigo-600 text-white ring-indigo-600"
                        : isPast
                          ? "bg-indigo-50 text-indigo-700 ring-indigo-300"
                          : "bg-white text-slate-500 ring-slate-200",
                )}
              >
                {isRejected ? <X className="size-4" aria-hidden /> : isPast || (isCurrent && done) ? <Check className="size-4" aria-hidden /> : i + 1}
              </span>
              <span className="hidden sm:block">
                <span className={cx("block text-xs font-semibold", isCurrent ? "text-slate-900" : "text-slate-500")}>{step.label}</span>
                <span className="block text-[11px] text-slate-500">{step.who}</span>
              </span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
