import { useQuery } from "@tanstack/react-query";
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { api } from "../api/client";
import { Card, Empty, ErrorBox, Loading } from "../components/ui";

interface Executive {
  org_score: number;
  coverage_pct: number;
  techniques: number;
  validated: number;
  tactics: [string, number][];
  top_gaps: { attack_id: string; name: string; status: string; score: number; actors: number }[];
  trend: [string, number][];
}

export default function ExecutivePage() {
  const q = useQuery({ queryKey: ["executive"], queryFn: () => api<Executive>("/api/v1/dashboard/executive") });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorBox error={q.error} />;
  const e = q.data!;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">Executive overview</h1>
      <p className="text-lg">Organisation score <b>{e.org_score}</b> · {e.coverage_pct}% of {e.techniques} techniques validated</p>
      <Card title="Score by tactic">
        <ul className="grid grid-cols-2 gap-1 text-sm md:grid-cols-3">
          {e.tactics.map(([t, s]) => <li key={t}>{t}: <b>{s}</b></li>)}
        </ul>
      </Card>
      <Card title="Top gaps (most used by threat actors)">
        {e.top_gaps.length === 0 ? <Empty>No gaps.</Empty> : (
          <table className="w-full text-sm">
            <thead><tr className="text-left text-slate-500"><th>Technique</th><th>Status</th><th>Actors</th></tr></thead>
            <tbody>{e.top_gaps.map((g) => <tr key={g.attack_id}><td>{g.attack_id} {g.name}</td><td>{g.status}</td><td>{g.actors}</td></tr>)}</tbody>
          </table>
        )}
      </Card>
      <Card title="Trend (snapshots, 90 days)">
        {e.trend.length === 0 ? <Empty>No snapshots yet.</Empty> : (
          <div className="h-56">
            <ResponsiveContainer><LineChart data={e.trend.map(([at, score]) => ({ at: new Date(at).toLocaleDateString(), score }))}>
              <XAxis dataKey="at" fontSize={12} /><YAxis domain={[0, 100]} fontSize={12} /><Tooltip /><Line dataKey="score" stroke="#2563eb" />
            </LineChart></ResponsiveContainer>
          </div>
        )}
      </Card>
    </div>
  );
}
