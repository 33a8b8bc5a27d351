import { Link } from "react-router";
import { RULE_OUTCOME_LABELS, RULE_SOURCE_LABELS, RULE_SOURCES, type RuleOutcome, type TechniqueRule } from "@/api/defense";
import { Badge, Card } from "@/components/ui";
import { formatDate, plural } from "@/lib/format";

const OUTCOME_TONES: Record<RuleOutcome, "emerald" | "rose" | "slate"> = { fired: "emerald", not_fired: "rose", not_applicable: "slate" };

/**
 * The detection rules of a technique by source: mapped by their source, or only reported on in
 * its tests, each with the latest outcome a test recorded.
 */
export function TechniqueRules({ attackId, rules }: { attackId: string; rules: readonly TechniqueRule[] }) {
  const fired = rules.filter((r) => r.latest_outcome === "fired").length;
  return (
    <Card
      id="rules"
      title={`Detection rules (${rules.length})`}
      description={rules.length ? `${plural(fired, "rule")} last recorded as fired` : undefined}
      actions={
        <Link to={`/detection-rules?technique=${encodeURIComponent(attackId)}`} className="text-sm font-medium text-indigo-700 hover:underline">
          In the rule list
        </Link>
      }
      bodyClassName="p-0"
    >
      {rules.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-600">No rule maps this technique and no test reported on one.</p>
      ) : (
        RULE_SOURCES.filter((s) => rules.some((r) => r.source === s)).map((source) => (
          <section key={source} aria-label={`${RULE_SOURCE_LABELS[source]} rules`} className="border-b border-slate-100 last:border-b-0">
            <h3 className="bg-slate-50 px-5 py-1.5 text-xs font-semibold tracking-wide text-slate-600 uppercase">{RULE_SOURCE_LABELS[source]}</h3>
            <ul className="divide-y divide-slate-100">
              {rules
                .filter((r) => r.source === source)
                .map((r) => (
                  <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 px-5 py-2 text-sm" data-rule-id={r.id}>
                    <span className="min-w-0">
                      <Link to={`/detection-rules/${r.id}`} className="font-medium text-indigo-700 hover:underline">
                        {r.title}
                      </Link>
                      <span className="ml-2 text-xs text-slate-500">
                        {r.level ?? ""}
                        {!r.mapped && " · added in a test, not mapped by its source"}
                      </span>
                    </span>
                    {r.latest_outcome ? (
                      <span className="flex items-center gap-1.5 text-xs text-slate-600">
                        <Badge tone={OUTCOME_TONES[r.latest_outcome]}>{RULE_OUTCOME_LABELS[r.latest_outcome]}</Badge>
                        {r.latest_at && <span>on {formatDate(r.latest_at)}</span>}
                      </span>
                    ) : (
                      <span className="text-xs text-slate-500">Not reported in a test yet</span>
                    )}
                  </li>
                ))}
            </ul>
          </section>
        ))
      )}
    </Card>
  );
}
