import { Link, useParams } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorText } from "../api/client";
import type { TechniqueDetail as Detail } from "../api/types";
import { can } from "../auth/permissions";
import { useSession } from "../auth/session";
import { Button, Card, ErrorBox, Loading, useToast } from "../components/ui";
import { STATUS_COLORS, STATUS_LABELS } from "../lib/heatmap";

export default function TechniqueDetail() {
  const { id } = useParams();
  const { user } = useSession();
  const toast = useToast();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ["technique", id], queryFn: () => api<Detail>(`/api/v1/techniques/${id}`) });
  const review = useMutation({
    mutationFn: (reviewed: boolean) => api(`/api/v1/techniques/${id}/review`, { method: "POST", json: { reviewed } }),
    onSuccess: () => { toast("ok", "Review saved"); qc.invalidateQueries({ queryKey: ["technique", id] }); },
    onError: (e) => toast("error", errorText(e)),
  });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorBox error={q.error} />;
  const t = q.data!;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-3">
        <h1 className="text-2xl font-bold"><span className="font-mono">{t.attack_id}</span> {t.name}</h1>
        <span className="rounded px-2 py-0.5 text-xs" style={{ background: STATUS_COLORS[t.coverage_status] }}>{STATUS_LABELS[t.coverage_status]}</span>
        <div className="ml-auto flex gap-2">
          {user && can.review(user.role) && (
            <Button kind="secondary" onClick={() => review.mutate(!t.reviewed)}>{t.reviewed ? "Mark not reviewed" : "Mark reviewed"}</Button>
          )}
          {user && can.createTest(user.role) && <Link className="rounded-md bg-blue-600 px-3 py-1.5 text-sm text-white" to={`/tests/new?technique=${t.attack_id}`}>New test</Link>}
        </div>
      </div>
      <p className="text-sm text-slate-600">Tactics: {t.tactic_refs.map((x) => x.name).join(", ")} · Platforms: {t.platforms.join(", ")} · {t.tests_validated} of {t.tests_total} tests validated</p>
      <Card title="Description"><p className="whitespace-pre-wrap text-sm">{t.description}</p></Card>
      {t.detection && <Card title="Detection"><p className="whitespace-pre-wrap text-sm">{t.detection}</p></Card>}
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <Card title="Sub-techniques">{t.subtechniques.length === 0 ? <p className="text-sm text-slate-500">None</p> : <ul className="text-sm">{t.subtechniques.map((s) => <li key={s.attack_id}><Link className="text-blue-700" to={`/techniques/${s.attack_id}`}>{s.attack_id}</Link> {s.name}</li>)}</ul>}</Card>
        <Card title="Mitigations"><ul className="text-sm">{t.mitigations.map((m) => <li key={m.attack_id}>{m.attack_id} {m.name}</li>)}</ul></Card>
        <Card title="Threat actors"><ul className="text-sm">{t.threat_actors.map((a) => <li key={a.attack_id}>{a.attack_id} {a.name}{a.source === "custom" ? " (custom)" : ""}</li>)}</ul></Card>
      </div>
    </div>
  );
}
