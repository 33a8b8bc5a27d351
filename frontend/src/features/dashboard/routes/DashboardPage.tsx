import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { BookOpen, FlaskConical, Gauge, ShieldCheck, Timer } from "lucide-react";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Card, EmptyState, ErrorState, LinkButton, LoadingState, PageHeader, StatCard, StateBadge } from "@/components/ui";
import { formatDuration, formatPercent, formatScore, plural, timeAgo } from "@/lib/format";
import { kpisQuery, metricsQuery, recentTestsQuery } from "../api/dashboard";
import { CoverageDonut, FunnelChart, TacticCoverageChart } from "../components/Charts";
import { mttdHint } from "../components/mttd";
import { WaitingStrip } from "../components/WaitingStrip";

export default function DashboardPage() {
  const user = useCurrentUser();
  const kpis = useQuery(kpisQuery);
  const metrics = useQuery(metricsQuery);
  const recent = useQuery(recentTestsQuery);

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Welcome back, ${user.full_name || user.username}. Here is where your ATT&CK coverage stands.`}
        actions={
          can.createTest(user.role) && (
            <LinkButton to="/tests/new" icon={<FlaskConical className="size-4" aria-hidden />}>
              New test
            </LinkButton>
          )
        }
      />
      {can.hasTasks(user.role) && <WaitingStrip />}
      {kpis.isLoading && <LoadingState />}
      {kpis.isError && <ErrorState error={kpis.error} onRetry={() => void kpis.refetch()} />}
      {kpis.data && (
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-5" data-testid="kpis">
          <StatCard label="Organisation score" value={formatScore(kpis.data.org_score)} hint="0–100, mean of tactics" icon={<Gauge className="size-5" aria-hidden />} />
          <StatCard
            label="Coverage"
            value={formatPercent(kpis.data.coverage_pct)}
            hint={`${kpis.data.validated} validated, ${kpis.data.partial} partial`}
            accent="emerald"
            icon={<ShieldCheck className="size-5" aria-hidden />}
          />
          <StatCard label="Techniques" value={kpis.data.techniques} hint={`${kpis.data.not_covered.toLocaleString()} not covered yet`} accent="sky" icon={<BookOpen className="size-5" aria-hidden />} />
          <StatCard
            label="Tests"
            value={kpis.data.tests_total}
            hint={`${plural(kpis.data.in_progress, "technique")} in progress`}
            accent="amber"
            icon={<FlaskConical className="size-5" aria-hidden />}
          />
          <StatCard
            label="Median time to detect"
            value={formatDuration(kpis.data.mttd_secs)}
            hint={
              <span data-testid="mttd-hint">
                Red execution → first alert. {mttdHint(kpis.data)}
              </span>
            }
            accent="rose"
            icon={<Timer className="size-5" aria-hidden />}
          />
        </div>
      )}

      <div className="mt-6 grid grid-cols-1 gap-6 xl:grid-cols-3">
        <Card title="Tests by state" description="Where every test is in the Red → Blue → review pipeline" className="xl:col-span-2">
          {metrics.isLoading && <LoadingState />}
          {metrics.isError && <ErrorState error={metrics.error} />}
          {metrics.data && <FunnelChart funnel={metrics.data.funnel} />}
        </Card>
        <Card title="Technique coverage" description="Status of every technique and sub-technique">
          {kpis.data && (
            <CoverageDonut
              counts={{
                validated: kpis.data.validated,
                partial: kpis.data.partial,
                in_progress: kpis.data.in_progress,
                not_covered: kpis.data.not_covered,
              }}
            />
          )}
        </Card>
      </div>

      <div className="mt-6 grid grid-cols-1 gap-6 xl:grid-cols-3">
        <Card
          title="Recent activity"
          description="The latest tests"
          className="xl:col-span-1"
          bodyClassName="p-0"
          actions={
            <Link to="/tests" className="text-xs font-medium text-indigo-700 hover:underline">
              All tests
            </Link>
          }
        >
          {recent.isLoading && <LoadingState />}
          {recent.isError && <ErrorState error={recent.error} />}
          {recent.data && recent.data.items.length === 0 && (
            <EmptyState title="No tests yet" description="Tests appear here as soon as the red team creates them." />
          )}
          <ul className="divide-y divide-slate-100">
            {recent.data?.items.map((t) => (
              <li key={t.id}>
                <Link to={`/tests/${t.id}`} className="flex items-center gap-3 px-5 py-3 hover:bg-slate-50 focus-visible:bg-slate-50">
                  <div className="min-w-0 flex-1">
                    <p className="truncate text-sm font-medium text-slate-800" title={t.title}>
                      {t.title}
                    </p>
                    <p className="truncate text-xs text-slate-600" title={`${t.technique_id} ${t.technique_name}`}>
                      {t.technique_id} · {t.technique_name} · updated {timeAgo(t.updated_at)}
                    </p>
                  </div>
                  <StateBadge state={t.state} />
                </Link>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Coverage by tactic" className="xl:col-span-2">
          {metrics.data && <TacticCoverageChart rows={metrics.data.by_tactic} />}
          {metrics.isLoading && <LoadingState />}
        </Card>
      </div>

      {metrics.data && metrics.data.team_activity.length > 0 && (
        <Card title="Team activity" description="Workflow steps per person over the last 30 days" className="mt-6" bodyClassName="p-0">
          <ul className="divide-y divide-slate-100">
            {metrics.data.team_activity.slice(0, 8).map((a) => (
              <li key={a.user} className="flex items-center justify-between px-5 py-2.5 text-sm">
                <span className="font-medium text-slate-700">{a.user}</span>
                <span className="text-slate-600 tabular-nums">{plural(a.actions, "step")}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
