import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { api } from "../api/client";
import { Card, ErrorBox, Loading } from "../components/ui";
import { label } from "../lib/format";

interface Kpis {
  techniques: number;
  validated: number;
  partial: number;
  in_progress: number;
  not_covered: number;
  coverage_pct: number;
  org_score: number;
  tests_total: number;
  tests_by_state: Record<string, number>;
  mttd_secs: number | null;
}

function Stat({ title, value, hint }: { title: string; value: string | number; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="text-xs uppercase tracking-wide text-slate-500">{title}</div>
      <div className="mt-1 text-2xl font-bold">{value}</div>
      {hint && <div className="text-xs text-slate-500">{hint}</div>}
    </div>
  );
}

export default function Dashboard() {
  const kpis = useQuery({ queryKey: ["kpis"], queryFn: () => api<Kpis>("/api/v1/dashboard/kpis") });
  if (kpis.isLoading) return <Loading />;
  if (kpis.error) return <ErrorBox error={kpis.error} />;
  const k = kpis.data!;
  const funnel = Object.entries(k.tests_by_state).map(([state, count]) => ({ state: label(state), count }));
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">Dashboard</h1>
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <Stat title="Organisation score" value={k.org_score} hint="0-100, see Scoring" />
        <Stat title="Coverage" value={`${k.coverage_pct}%`} hint={`${k.validated} of ${k.techniques} techniques validated`} />
        <Stat title="Tests" value={k.tests_total} hint={`${k.in_progress} techniques in progress`} />
        <Stat title="Mean time to detect" value={k.mttd_secs === null ? "—" : `${Math.round(k.mttd_secs / 60)} min`} />
      </div>
      <Card title="Pipeline">
        <div className="h-64">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={funnel}>
              <XAxis dataKey="state" fontSize={12} />
              <YAxis allowDecimals={false} fontSize={12} />
              <Tooltip />
              <Bar dataKey="count" fill="#2563eb" />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </Card>
      <Card title="Coverage by status">
        <ul className="grid grid-cols-4 gap-2 text-sm">
          <li>✅ Validated: <b>{k.validated}</b></li>
          <li>🟡 Partial: <b>{k.partial}</b></li>
          <li>🔵 In progress: <b>{k.in_progress}</b></li>
          <li>🔴 Not covered: <b>{k.not_covered}</b></li>
        </ul>
      </Card>
    </div>
  );
}
