import { Link, useParams } from "react-router";
import { useQueries, useQuery } from "@tanstack/react-query";
import { ExternalLink, Flag, Grid3x3 } from "lucide-react";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Markdown } from "@/components/Markdown";
import { SelectableTests } from "@/components/tests/SelectableTests";
import { Badge, Card, CoverageBadge, EmptyState, ErrorState, LinkButton, LoadingState, PageHeader, StatCard, Table, Td, Th } from "@/components/ui";
import { formatPercent, formatScore, plural } from "@/lib/format";
import { actorCoverageQuery, actorQuery, actorScoreQuery, orgKpisQuery, techniqueTestsQuery } from "../api/threatActors";
import { CreateUncoveredTests } from "../components/CreateUncoveredTests";
import { TrackedBadge, TrackToggle } from "../components/TrackToggle";

/** At most this many techniques' tests are read for the list (one call each). */
const MAX_TESTED = 40;

export default function ThreatActorDetailPage() {
  const { actorId = "" } = useParams();
  const user = useCurrentUser();
  const q = useQuery(actorQuery(actorId));
  const score = useQuery(actorScoreQuery(actorId));
  const coverage = useQuery(actorCoverageQuery(actorId));
  const org = useQuery(orgKpisQuery);
  const tested = Object.entries(coverage.data ?? {})
    .filter(([, c]) => c.tests > 0)
    .map(([id]) => id)
    .sort();
  const testQueries = useQueries({ queries: tested.slice(0, MAX_TESTED).map((id) => techniqueTestsQuery(id)) });

  if (q.isLoading) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const a = q.data!;
  const techniques = [...a.techniques].sort((x, y) => x.attack_id.localeCompare(y.attack_id));
  const seen = new Set<string>();
  const tests = testQueries.flatMap((r) => r.data?.items ?? []).filter((t) => !seen.has(t.id) && seen.add(t.id));
  const testsLoading = coverage.isLoading || testQueries.some((r) => r.isLoading);

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Threat Actors", to: "/threat-actors" }, { label: a.attack_id }]}
        title={
          <>
            <span className="font-mono text-indigo-700">{a.attack_id}</span> {a.name}
          </>
        }
        documentTitle={`${a.attack_id} ${a.name}`}
        badge={
          a.custom || a.tracked ? (
            <span className="flex gap-1.5">
              {a.tracked && <TrackedBadge />}
              {a.custom && <Badge tone="violet">Custom</Badge>}
            </span>
          ) : undefined
        }
        actions={
          <>
            {can.trackThreatActors(user.role) && <TrackToggle actor={a} />}
            {a.url && (
              <a href={a.url} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1.5 text-sm font-medium text-slate-700 hover:text-indigo-700">
                MITRE page <ExternalLink className="size-3.5" aria-hidden />
              </a>
            )}
            <LinkButton to={`/matrix?threat_actor=${encodeURIComponent(a.attack_id)}`} variant="secondary" icon={<Grid3x3 className="size-4" aria-hidden />}>
              View on matrix
            </LinkButton>
            {can.createTest(user.role) && <CreateUncoveredTests actorId={a.attack_id} actorName={a.name} />}
            {can.manageCampaigns(user.role) && (
              <LinkButton to={`/campaigns/new?from=actor&actor=${encodeURIComponent(a.attack_id)}`} variant="secondary" icon={<Flag className="size-4" aria-hidden />}>
                Create a campaign
              </LinkButton>
            )}
          </>
        }
      />
      <div className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-3">
        <StatCard
          label="Score for this actor's techniques"
          value={score.data ? formatScore(score.data.score) : "—"}
          hint={`Filtered to ${plural(techniques.length, "technique")}. Organisation score (all techniques): ${org.data ? formatScore(org.data.org_score) : "—"}`}
        />
        <StatCard label="Techniques validated" value={score.data ? `${score.data.validated} / ${score.data.techniques}` : "—"} accent="emerald" />
        <StatCard label="Coverage of this actor's techniques" value={score.data ? formatPercent(score.data.coverage_pct) : "—"} accent="sky" />
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
          <Markdown text={a.description} label="References of the description" />
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
                  const status = coverage.data?.[t.attack_id]?.status;
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
                      <Td>{status ? <CoverageBadge status={status} /> : <span className="text-xs text-slate-600">{coverage.isLoading ? "…" : "—"}</span>}</Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
      <Card
        title="Tests of this actor's techniques"
        description={tested.length > MAX_TESTED ? `The tests of the first ${MAX_TESTED} of ${plural(tested.length, "tested technique")}` : `${plural(tests.length, "test")} on ${plural(tested.length, "technique")}`}
        className="mt-6"
        bodyClassName="p-0"
      >
        {testsLoading && <LoadingState label="Loading tests…" />}
        {!testsLoading && tests.length === 0 && <EmptyState title="No tests yet" description="None of this actor's techniques has been tested." />}
        {!testsLoading && tests.length > 0 && <SelectableTests tests={tests} caption="Tests of this actor's techniques" />}
      </Card>
    </>
  );
}
