import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { Camera, Gauge, Printer, ShieldCheck, Target } from "lucide-react";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTacticName } from "@/api/tactics";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { ChartTable } from "@/components/ChartTable";
import { ScoreTrendChart } from "@/components/ScoreTrendChart";
import { Button, Card, CoverageBadge, EmptyState, ErrorState, LinkButton, LoadingState, PageHeader, StatCard, Table, Td, Th, useToast } from "@/components/ui";
import { formatPercent, formatScore } from "@/lib/format";
import { usePaletteColors } from "@/lib/palette";
import { executiveQuery, useTakeSnapshot } from "../api/dashboard";

export default function ExecutivePage() {
  const user = useCurrentUser();
  const q = useQuery(executiveQuery);
  const tacticName = useTacticName();
  const toast = useToast();
  const snapshot = useTakeSnapshot();
  const colors = usePaletteColors();

  if (q.isLoading) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const e = q.data!;
  // The API gives tactic shortnames; the chart says their names.
  const tactics = e.tactics.map(([shortname, score]) => ({ name: tacticName(shortname), score: Math.round(score * 10) / 10 }));
  const trend = e.trend.map(([at, score]) => ({ at, score }));

  return (
    <>
      <PageHeader
        title="Executive Dashboard"
        description="The organisation's defensive posture at a glance, for leads and leadership."
        actions={
          <>
            <LinkButton to="/reports/print" variant="secondary" icon={<Printer className="size-4" aria-hidden />}>
              Printable report
            </LinkButton>
            {can.takeSnapshot(user.role) && (
              <Button
                variant="secondary"
                icon={<Camera className="size-4" aria-hidden />}
                loading={snapshot.isPending}
                onClick={() => snapshot.mutate(undefined, { onSuccess: () => toast.success("Snapshot taken") })}
              >
                Take snapshot
              </Button>
            )}
          </>
        }
      />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <StatCard label="Organisation score" value={formatScore(e.org_score)} icon={<Gauge className="size-5" aria-hidden />} />
        <StatCard label="Coverage" value={formatPercent(e.coverage_pct)} accent="emerald" icon={<ShieldCheck className="size-5" aria-hidden />} />
        <StatCard label="Validated techniques" value={`${e.validated} / ${e.techniques}`} accent="sky" icon={<Target className="size-5" aria-hidden />} />
      </div>
      <div className="mt-6 grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title="Score by tactic">
          <div role="img" aria-label={`Score by tactic: ${tactics.map((t) => `${t.name} ${t.score}`).join(", ")}`} style={{ height: Math.max(220, tactics.length * 28 + 30) }}>
            <div className="h-full" aria-hidden>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={tactics} layout="vertical" margin={{ left: 8, right: 16 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
                <XAxis type="number" domain={[0, 100]} tick={{ fontSize: 11, fill: "#475569" }} />
                <YAxis type="category" dataKey="name" width={150} tick={{ fontSize: 11, fill: "#475569" }} />
                <Tooltip cursor={{ fill: "#f1f5f9" }} />
                <Bar dataKey="score" name="Score" radius={[0, 4, 4, 0]}>
                  {tactics.map((t) => (
                    <Cell key={t.name} fill={colors.score(t.score)} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
            </div>
          </div>
          <ChartTable caption="Score by tactic" columns={["Tactic", "Score"]} rows={tactics.map((t) => [t.name, formatScore(t.score)])} />
        </Card>
        <Card
          title="Score trend"
          description="Organisation score of each snapshot, last 90 days"
          actions={
            <Link to="/snapshots" className="text-xs font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
              All snapshots and comparisons
            </Link>
          }
        >
          {trend.length === 0 ? (
            <EmptyState title="No snapshots yet" description="Snapshots are taken daily; take one now to start the trend." />
          ) : (
            <ScoreTrendChart points={trend} label="Organisation score over time" />
          )}
        </Card>
      </div>
      <Card title="Top gaps" description="Uncovered techniques used by the most threat actors" className="mt-6" bodyClassName="p-0">
        {e.top_gaps.length === 0 ? (
          <EmptyState title="No gaps" description="Every technique is validated." />
        ) : (
          <Table caption="Top gaps">
            <thead>
              <tr>
                <Th>Technique</Th>
                <Th>Status</Th>
                <Th className="text-right">Threat actors</Th>
                <Th className="text-right">Score</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {e.top_gaps.map((g) => (
                <tr key={g.attack_id} className="hover:bg-slate-50">
                  <Td>
                    <Link to={`/techniques/${g.attack_id}`} className="font-medium text-indigo-700 hover:underline">
                      {g.attack_id}
                    </Link>{" "}
                    <span className="text-slate-600">{g.name}</span>
                  </Td>
                  <Td>
                    <CoverageBadge status={g.status} />
                  </Td>
                  <Td className="text-right tabular-nums">{g.actors}</Td>
                  <Td className="text-right tabular-nums">{formatScore(g.score)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
