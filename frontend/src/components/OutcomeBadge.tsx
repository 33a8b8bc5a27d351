import { Ban, Bell, EyeOff, FileText, HelpCircle } from "lucide-react";
import type { LucideIcon } from "lucide-react";
import { OUTCOME_LABELS, type Outcome } from "@/lib/outcome";
import { cx } from "./ui/cx";

const LOOK: Record<Outcome, { icon: LucideIcon; className: string }> = {
  prevented: { icon: Ban, className: "bg-emerald-50 text-emerald-800 ring-emerald-600/30" },
  alerted: { icon: Bell, className: "bg-sky-50 text-sky-800 ring-sky-600/30" },
  logged: { icon: FileText, className: "bg-amber-50 text-amber-900 ring-amber-600/30" },
  none: { icon: EyeOff, className: "bg-rose-50 text-rose-800 ring-rose-600/30" },
};

/**
 * A test's outcome as icon, colour and words (never colour alone): prevented, alerted, logged
 * only, not detected; "Not documented yet" before the blue team's results.
 */
export function OutcomeBadge({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) {
    return (
      <span className="inline-flex items-center gap-1 text-xs whitespace-nowrap text-slate-500" data-outcome="">
        <HelpCircle className="size-3.5" aria-hidden /> Not documented yet
      </span>
    );
  }
  const { icon: Icon, className } = LOOK[outcome];
  return (
    <span
      data-outcome={outcome}
      className={cx("inline-flex items-center gap-1 rounded-md px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", className)}
    >
      <Icon className="size-3.5" aria-hidden />
      {OUTCOME_LABELS[outcome]}
    </span>
  );
}
