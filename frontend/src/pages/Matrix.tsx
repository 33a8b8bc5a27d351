import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import type { Cell, Coverage, Matrix } from "../api/types";
import { ErrorBox, Loading, inputClass } from "../components/ui";
import { STATUS_COLORS, STATUS_LABELS, cellStyle } from "../lib/heatmap";

function CellBox({ c }: { c: Cell }) {
  const [open, setOpen] = useState(false);
  const style = cellStyle(c.status, c.tests_total);
  return (
    <div>
      <div className="flex items-stretch rounded" style={{ background: style.background, color: style.color, opacity: style.opacity }} data-technique={c.attack_id} data-status={c.status}>
        <Link to={`/techniques/${c.attack_id}`} className="flex-1 px-1.5 py-1 text-xs" title={`${c.name} — ${STATUS_LABELS[c.status]}, score ${c.score}`}>
          <span className="font-mono">{c.attack_id}</span> {c.name}
        </Link>
        {c.subtechniques.length > 0 && (
          <button aria-label={`${open ? "Hide" : "Show"} sub-techniques of ${c.attack_id}`} aria-expanded={open} onClick={() => setOpen(!open)} className="px-1 text-xs">
            {open ? "▾" : "▸"}
          </button>
        )}
      </div>
      {open && <div className="ml-2 mt-0.5 flex flex-col gap-0.5">{c.subtechniques.map((s) => <CellBox key={s.attack_id} c={s} />)}</div>}
    </div>
  );
}

export default function MatrixPage() {
  const [platform, setPlatform] = useState("");
  const [status, setStatus] = useState("");
  const [actor, setActor] = useState("");
  const params = new URLSearchParams();
  if (platform) params.set("platform", platform);
  if (status) params.set("status", status);
  if (actor) params.set("threat_actor", actor);
  const q = useQuery({ queryKey: ["heatmap", params.toString()], queryFn: () => api<Matrix>(`/api/v1/heatmap?${params}`) });
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <h1 className="mr-auto text-2xl font-bold">ATT&CK Matrix</h1>
        <label className="text-sm">Platform <input className={inputClass} value={platform} onChange={(e) => setPlatform(e.target.value)} placeholder="Windows" /></label>
        <label className="text-sm">Threat actor <input className={inputClass} value={actor} onChange={(e) => setActor(e.target.value.toUpperCase())} placeholder="G0016" /></label>
        <label className="text-sm">Status{" "}
          <select className={inputClass} value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">all</option>
            {(Object.keys(STATUS_LABELS) as Coverage[]).map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
          </select>
        </label>
        <a className="rounded-md bg-slate-800 px-3 py-1.5 text-sm text-white" href={`/api/v1/heatmap/navigator-layer?${params}`} download>Export Navigator layer</a>
      </div>
      <div className="flex gap-3 text-xs">
        {(Object.keys(STATUS_COLORS) as Coverage[]).map((s) => (
          <span key={s} className="flex items-center gap-1"><span className="inline-block h-3 w-3 rounded" style={{ background: STATUS_COLORS[s] }} />{STATUS_LABELS[s]}</span>
        ))}
        {q.data && <span className="ml-auto font-semibold">Organisation score {q.data.org_score}</span>}
      </div>
      {q.isLoading && <Loading />}
      {q.error && <ErrorBox error={q.error} />}
      {q.data && (
        <div className="flex gap-2 overflow-x-auto pb-4">
          {q.data.tactics.map((t) => (
            <div key={t.id} className="w-44 shrink-0">
              <div className="mb-1 rounded bg-slate-800 px-2 py-1 text-xs font-semibold text-white" title={`Score ${t.score}`}>{t.name}<div className="font-normal">{t.techniques.length} techniques · {t.score}</div></div>
              <div className="flex flex-col gap-0.5">{t.techniques.map((c) => <CellBox key={c.attack_id} c={c} />)}</div>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
