import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import type { Page } from "../api/types";
import { Card, Empty, ErrorBox, Loading, inputClass } from "../components/ui";

interface Actor { attack_id: string; name: string; aliases: string[]; technique_count: number; custom: boolean }
interface ActorDetail extends Actor { description: string; techniques: { attack_id: string; name: string; source: string }[] }
interface ActorScore { score: number; coverage_pct: number; techniques: number; validated: number }

export default function ThreatActors() {
  const [q, setQ] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const list = useQuery({ queryKey: ["actors", q], queryFn: () => api<Page<Actor>>(`/api/v1/threat-actors?limit=500${q ? `&q=${encodeURIComponent(q)}` : ""}`) });
  const detail = useQuery({ queryKey: ["actor", selected], queryFn: () => api<ActorDetail>(`/api/v1/threat-actors/${selected}`), enabled: !!selected });
  const score = useQuery({ queryKey: ["actor-score", selected], queryFn: () => api<ActorScore>(`/api/v1/scores/threat-actors/${selected}`), enabled: !!selected });
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
      <div className="flex flex-col gap-3">
        <h1 className="text-2xl font-bold">Threat actors</h1>
        <label className="text-sm">Search <input className={inputClass} value={q} onChange={(e) => setQ(e.target.value)} placeholder="name or alias" /></label>
        {list.isLoading && <Loading />}
        {list.error && <ErrorBox error={list.error} />}
        {list.data?.items.length === 0 && <Empty>No threat actors match.</Empty>}
        <ul className="max-h-[70vh] overflow-auto rounded-lg border border-slate-200 bg-white text-sm">
          {list.data?.items.map((a) => (
            <li key={a.attack_id}><button className={`w-full px-3 py-2 text-left hover:bg-slate-50 ${selected === a.attack_id ? "bg-blue-50" : ""}`} onClick={() => setSelected(a.attack_id)}>
              <span className="font-mono">{a.attack_id}</span> {a.name} <span className="text-slate-500">· {a.technique_count} techniques</span>
            </button></li>
          ))}
        </ul>
      </div>
      {detail.data && (
        <Card title={`${detail.data.attack_id} ${detail.data.name}`}>
          <p className="text-sm text-slate-600">{detail.data.aliases.join(", ")}</p>
          {score.data && <p className="my-2 text-sm">Coverage of its techniques: <b>{score.data.coverage_pct}%</b> ({score.data.validated} of {score.data.techniques}) · score <b>{score.data.score}</b> · <Link className="text-blue-700" to={`/matrix?actor=${detail.data.attack_id}`}>on the matrix</Link></p>}
          <ul className="max-h-96 overflow-auto text-sm">{detail.data.techniques.map((t) => <li key={t.attack_id}><Link className="text-blue-700" to={`/techniques/${t.attack_id}`}>{t.attack_id}</Link> {t.name}{t.source === "custom" ? " (custom)" : ""}</li>)}</ul>
        </Card>
      )}
    </div>
  );
}
