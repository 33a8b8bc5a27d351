import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { Card, ErrorBox, Loading } from "../components/ui";

interface Summary { org_score: number; coverage_pct: number; techniques: number; counts: Record<string, number>; by_tactic: { tactic: string; name: string; techniques: number; score: number }[] }

export default function Reports() {
  const q = useQuery({ queryKey: ["coverage-summary"], queryFn: () => api<Summary>("/api/v1/reports/coverage-summary") });
  const links = [
    ["Coverage per technique (CSV)", "/api/v1/reports/coverage-csv"],
    ["Test results (CSV)", "/api/v1/reports/test-results?format=csv"],
    ["Test results (JSON)", "/api/v1/reports/test-results"],
    ["Remediation (CSV)", "/api/v1/reports/remediation?format=csv"],
    ["Coverage gaps (Navigator layer)", "/api/v1/heatmap/gaps"],
    ["Coverage gaps (CSV)", "/api/v1/heatmap/gaps?format=csv"],
  ];
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Reports</h1>
      <Card title="Downloads"><ul className="grid grid-cols-2 gap-2 text-sm">{links.map(([l, href]) => <li key={href}><a className="text-blue-700" href={href} download>{l}</a></li>)}</ul></Card>
      <Card title="Coverage summary">
        {q.isLoading ? <Loading /> : q.error ? <ErrorBox error={q.error} /> : (
          <>
            <p className="mb-2 text-sm">Organisation score <b>{q.data!.org_score}</b> · {q.data!.coverage_pct}% of {q.data!.techniques} techniques validated</p>
            <table className="w-full text-sm"><thead><tr className="text-left text-slate-500"><th>Tactic</th><th>Techniques</th><th>Score</th></tr></thead>
              <tbody>{q.data!.by_tactic.map((t) => <tr key={t.tactic}><td>{t.name}</td><td>{t.techniques}</td><td>{t.score}</td></tr>)}</tbody></table>
          </>
        )}
      </Card>
    </div>
  );
}
