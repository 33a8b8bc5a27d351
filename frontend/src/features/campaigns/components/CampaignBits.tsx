import { CAMPAIGN_STATUS_LABELS, RECURRENCE_LABELS, type CampaignStatus, type Progress, type Recurrence } from "@/api/campaigns";
import { Badge } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { progressLabel } from "../model/board";

const STATUS_TONES = { planned: "slate", active: "indigo", completed: "emerald", cancelled: "rose" } as const;

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return (
    <Badge tone={STATUS_TONES[status]}>
      <span className="size-1.5 rounded-full bg-current" aria-hidden />
      {CAMPAIGN_STATUS_LABELS[status]}
    </Badge>
  );
}

/** The share of approved tests as a bar, with the same in words (the bar alone is decoration). */
export function ProgressBar({ progress, label }: { progress: Progress; label?: string }) {
  const words = progressLabel(progress);
  const pct = Math.max(0, Math.min(100, progress.validated_pct));
  return (
    <div className="min-w-32">
      <div
        role="progressbar"
        aria-label={label ?? "Tests approved"}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pct)}
        aria-valuetext={words}
        className="h-1.5 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-emerald-600" style={{ width: `${pct}%` }} />
      </div>
      <p className="mt-1 text-xs text-slate-600">{words}</p>
    </div>
  );
}

/** "Every month, next run 3 Mar 2027, 09:00" or "Once (no recurrence)". */
export function recurrenceText(recurrence: Recurrence, nextRunAt?: string | null): string {
  if (recurrence === "none") return RECURRENCE_LABELS.none;
  return nextRunAt ? `${RECURRENCE_LABELS[recurrence]}, next run ${formatDateTime(nextRunAt)}` : `${RECURRENCE_LABELS[recurrence]} (scheduled once started)`;
}
