import { AlertTriangle } from "lucide-react";
import type { TemplateSummary } from "@/api/content";
import { Badge } from "@/components/ui";

/** Active or inactive, and the flags: retired, unknown techniques, elevation. */
export function TemplateBadges({ template, compact = false }: { template: TemplateSummary; compact?: boolean }) {
  return (
    <span className="flex flex-wrap items-center gap-1">
      <Badge tone={template.active ? "emerald" : "slate"}>{template.active ? "Active" : "Inactive"}</Badge>
      {template.retired && (
        <Badge tone="amber" className="gap-1">
          Retired
        </Badge>
      )}
      {template.unknown_techniques.length > 0 && (
        <Badge tone="rose">
          <AlertTriangle className="size-3" aria-hidden />
          {compact ? "Flagged" : `Unknown ${template.unknown_techniques.join(", ")}`}
        </Badge>
      )}
      {!compact && template.elevation_required && <Badge tone="orange">Elevation required</Badge>}
    </span>
  );
}
