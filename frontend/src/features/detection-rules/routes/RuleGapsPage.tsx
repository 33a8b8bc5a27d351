import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { RULE_SOURCE_LABELS, RULE_SOURCES, type RuleSource } from "@/api/defense";
import { useSearchParams } from "react-router";
import { Card, EmptyState, ErrorState, Field, LoadingState, PageHeader, Select, StatCard, Table, Td, Th } from "@/components/ui";
import { plural } from "@/lib/format";
import { ruleGapsQuery } from "../api/rules";
import { LayerDownload } from "../components/LayerDownload";
import { RulesTabs } from "../components/RulesTabs";

/**
 * What the detections leave open: mapped rules that never fired in a validated test
 * ("untested detections"), how many did fire, and the techniques no rule maps.
 */
export default function RuleGapsPage() {
  const [params, setParams] = useSearchParams();
  const raw = params.get("source") ?? "";
  const source = (RULE_SOURCES as readonly string[]).includes(raw) ? (raw as RuleSource) : "";
  const q = useQuery(ruleGapsQuery(source));
  const setSource = (s: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (s) next.set("source", s);
        else next.delete("source");
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title="Detection gaps"
        description="Rules never seen firing in an approved test, and techniques no rule detects. A rule counts as tested once the blue team records it fired in a test the leads approve."
        actions={<LayerDownload initial={source} />}
      />
      <RulesTabs />
      <div className="mb-4 max-w-xs">
        <Field id="gaps-source" label="Rules of">
          <Select value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="">Every source</option>
            {RULE_SOURCES.map((s) => (
              <option key={s} value={s}>
                {RULE_SOURCE_LABELS[s]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {q.isLoading && <LoadingState />}
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <div className="flex flex-col gap-6">
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
            <StatCard label="Rules that fired" value={q.data.fired} hint="in at least one approved test" accent="emerald" />
            <StatCard label="Untested detections" value={q.data.untested.length} hint="mapped rules never seen firing" accent="amber" />
            <StatCard label="Techniques without a rule" value={q.data.techniques_without_rules.length} hint="current techniques no rule maps" accent="rose" />
          </div>
          <Card title={`Untested detections (${q.data.untested.length})`} bodyClassName="p-0">
            {q.data.untested.length === 0 ? (
              <EmptyState title="Every mapped rule has fired in an approved test" />
            ) : (
              <div className="max-h-[32rem] overflow-y-auto">
                <Table caption="Untested detections">
                  <thead>
                    <tr>
                      <Th>Rule</Th>
                      <Th>Source</Th>
                      <Th>Techniques</Th>
                      <Th>Level</Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {q.data.untested.map((r) => (
                      <tr key={r.id}>
                        <Td>
                          <Link to={`/detection-rules/${r.id}`} className="font-medium text-indigo-700 hover:underline">
                            {r.title}
                          </Link>
                        </Td>
                        <Td className="text-xs">{RULE_SOURCE_LABELS[r.source]}</Td>
                        <Td className="font-mono text-xs">{r.technique_ids.join(", ")}</Td>
                        <Td className="text-xs">{r.level ?? "—"}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </div>
            )}
          </Card>
          <Card title={`Techniques without a rule (${q.data.techniques_without_rules.length})`} description={`${plural(q.data.techniques_without_rules.length, "technique")} no current rule${source ? ` of ${RULE_SOURCE_LABELS[source]}` : ""} maps`}>
            {q.data.techniques_without_rules.length === 0 ? (
              <p className="text-sm text-slate-600">Every current technique has at least one rule.</p>
            ) : (
              <ul className="flex max-h-96 flex-wrap gap-1.5 overflow-y-auto" aria-label="Techniques without a rule">
                {q.data.techniques_without_rules.map((t) => (
                  <li key={t.attack_id}>
                    <Link to={`/techniques/${t.attack_id}`} title={t.name} className="inline-flex rounded-md bg-slate-100 px-2 py-1 text-xs text-slate-700 hover:bg-indigo-50 hover:text-indigo-700">
                      <span className="font-mono font-medium">{t.attack_id}</span>&nbsp;{t.name}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      )}
    </>
  );
}
