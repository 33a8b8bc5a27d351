import { Link, useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { ExternalLink, Grid3x3 } from "lucide-react";
import { Badge, Card, CoverageBadge, EmptyState, ErrorState, LinkButton, LoadingState, PageHeader, StatCard, Table, Td, Th } from "@/components/ui";
import { formatPercent, formatScore } from "@/lib/format";
import { paragraphs } from "@/lib/text";
import { actorCoverageQuery, actorQuery, actorScoreQuery } from "../api/threatActors";

export default function ThreatActorDetailPage() {
  const { actorId = "" } = useParams();
  const q = useQuery(actorQuery(actorId));
  const score = useQuery(actorScoreQuery(actorId));
  const coverage = useQuery(actorCoverageQuery(actorId));

  if (q.isLoading) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const a = q.data!;
  const techniques = [...a.techniques].sort((x, y) => x.attack_id.localeCompare(y.attack_id));

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Threat Actors", to: "/threat-actors" }, { label: a.attack_id }]}
        title={
          <>
            <span className="font-mono text-indigo-700">{a.attack_id}</span> {a.name}
          </>
        }
        badge={a.custom ? <Badge tone="violet">Custom</Badge> : undefined}
        actions={
          <>
            {a.url && (
              <a href={a.url} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1.5 text-sm font-medium text-slate-600 hover:text-indigo-700">
                MITRE page <ExternalLink className="size-3.5" aria-hidden />
              </a>
            )}
            <LinkButton to={`/matrix?threat_actor=${encodeURIComponent(a.attack_id)}`} variant="secondary" icon={<Grid3x3 className="size-4" aria-hidden />}>
              View on matrix
            </LinkButton>
          </>
        }
      />
      <div className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-3">
        <StatCard label="Coverage score" value={score.data ? formatScore(score.data.score) : "—"} />
        <StatCard label="Techniques validated" value={score.data ? `${score.data.validated} / ${score.data.techniques}` : "—"} accent="emerald" />
        <StatCard label="Coverage" value={score.data ? formatPercent(score.data.coverage_pct) : "—"} accent="sky" />
      </div>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <Card title="About" className="xl:col-span-1">
          {a.aliases.length > 0 && (
            <div className="mb-4 flex flex-wrap gap-1.5">
              {a.aliases.map((al) => (
                <Badge key={al}>{al}</Badge>
              ))}
            </div>
          )}
          <div className="flex flex-col gap-3 text-sm leading-relaxed text-slate-700">
            {paragraphs(a.description).map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </div>
        </Card>
        <Card title={`Techniques used (${techniques.length})`} className="xl:col-span-2" bodyClassName="p-0">
          {techniques.length === 0 ? (
            <EmptyState title="No techniques mapped" />
          ) : (
            <Table caption="Techniques used by this actor">
              <thead>
                <tr>
                  <Th>Technique</Th>
                  <Th>Source</Th>
                  <Th>Coverage</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {techniques.map((t) => {
                  const status = coverage.data?.[t.attack_id];
                  return (
                    <tr key={t.attack_id} className="hover:bg-slate-50">
                      <Td>
                        <Link to={`/techniques/${t.attack_id}`} className="hover:underline">
                          <span className="font-mono text-xs font-semibold text-indigo-700">{t.attack_id}</span> {t.name}
                        </Link>
                      </Td>
                      <Td>
                        <Badge tone={t.source === "mitre" ? "slate" : "violet"}>{t.source === "mitre" ? "MITRE" : "Custom"}</Badge>
                      </Td>
                      <Td>{status ? <CoverageBadge status={status} /> : <span className="text-xs text-slate-400">{coverage.isLoading ? "…" : "—"}</span>}</Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
