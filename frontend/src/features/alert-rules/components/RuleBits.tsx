import type { AlertSeverity } from "@/api/types";
import { Badge } from "@/components/ui";
import { ALERT_SEVERITY_LABELS } from "../model/condition";

const SEVERITY_TONES = { info: "sky", low: "slate", medium: "amber", high: "orange", critical: "rose" } as const;

export function AlertSeverityBadge({ severity }: { severity: AlertSeverity }) {
  return <Badge tone={SEVERITY_TONES[severity]}>{ALERT_SEVERITY_LABELS[severity]}</Badge>;
}

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return (
    <Badge tone={enabled ? "emerald" : "slate"}>
      <span className="size-1.5 rounded-full bg-current" aria-hidden />
      {enabled ? "Enabled" : "Disabled"}
    </Badge>
  );
}
