import type { RuleSummary } from "@/api/defense";
import { Badge } from "@/components/ui";

/** A rule's flags in words: deprecated, building block, retired, unmapped, unknown techniques. */
export function RuleFlags({ rule }: { rule: Pick<RuleSummary, "deprecated" | "building_block" | "retired" | "technique_ids" | "unknown_techniques"> }) {
  const unknown = rule.unknown_techniques ?? [];
  return (
    <span className="flex flex-wrap gap-1">
      {rule.technique_ids.length === 0 && <Badge tone="slate">Unmapped</Badge>}
      {rule.deprecated && <Badge tone="amber">Deprecated</Badge>}
      {rule.building_block && <Badge tone="violet">Building block</Badge>}
      {rule.retired && <Badge tone="rose">Retired</Badge>}
      {unknown.length > 0 && (
        <Badge tone="orange">
          <span title={`Not current in the catalog: ${unknown.join(", ")}`}>Unknown {unknown.join(", ")}</span>
        </Badge>
      )}
    </span>
  );
}
