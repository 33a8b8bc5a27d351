import { useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorText } from "../api/client";
import type { Evidence, TestDetail as Detail } from "../api/types";
import { allowedActions, can, type Action } from "../auth/permissions";
import { useSession } from "../auth/session";
import { Button, Card, ErrorBox, Field, Loading, StatusBadge, inputClass, useToast } from "../components/ui";
import { bytes, sha256Hex, when } from "../lib/format";

const LAYERS = ["edr", "siem", "firewall", "av", "ids", "email", "proxy", "other"];
const RESULTS = ["prevented", "alerted", "logged", "none", "not_applicable"];

function ActionForms({ test, actions, run }: { test: Detail; actions: Action[]; run: (a: Action, body: unknown) => void }) {
  const [notes, setNotes] = useState("");
  const [executed, setExecuted] = useState(true);
  const [succeeded, setSucceeded] = useState(true);
  const [layer, setLayer] = useState("edr");
  const [result, setResult] = useState("alerted");
  const [alert, setAlert] = useState("");
  const [comment, setComment] = useState("");
  if (actions.length === 0) return null;
  return (
    <Card title="Your next step">
      <div className="flex flex-col gap-3">
        {actions.includes("start-execution") && <Button onClick={() => run("start-execution", {})}>Start execution</Button>}
        {actions.includes("submit-red") && (
          <form className="flex flex-col gap-2" onSubmit={(e) => { e.preventDefault(); run("submit-red", { executed, succeeded: executed && succeeded, notes }); }}>
            <label className="text-sm"><input type="checkbox" checked={executed} onChange={(e) => setExecuted(e.target.checked)} /> The attack was executed</label>
            <label className="text-sm"><input type="checkbox" checked={succeeded} onChange={(e) => setSucceeded(e.target.checked)} /> It succeeded</label>
            <Field label="Red notes" id="red-notes"><textarea id="red-notes" className={inputClass} value={notes} onChange={(e) => setNotes(e.target.value)} /></Field>
            <Button type="submit">Submit red results</Button>
          </form>
        )}
        {actions.includes("submit-blue") && (
          <form className="flex flex-col gap-2" onSubmit={(e) => { e.preventDefault(); run("submit-blue", { outcomes: [{ layer, result, alert_name: alert || null, detected_at: new Date().toISOString() }], notes }); }}>
            <div className="flex gap-2">
              <Field label="Layer" id="layer"><select id="layer" className={inputClass} value={layer} onChange={(e) => setLayer(e.target.value)}>{LAYERS.map((l) => <option key={l}>{l}</option>)}</select></Field>
              <Field label="Result" id="result"><select id="result" className={inputClass} value={result} onChange={(e) => setResult(e.target.value)}>{RESULTS.map((r) => <option key={r}>{r}</option>)}</select></Field>
              <Field label="Alert or rule" id="alert"><input id="alert" className={inputClass} value={alert} onChange={(e) => setAlert(e.target.value)} /></Field>
            </div>
            <Field label="Blue notes" id="blue-notes"><textarea id="blue-notes" className={inputClass} value={notes} onChange={(e) => setNotes(e.target.value)} /></Field>
            <Button type="submit">Submit blue results</Button>
          </form>
        )}
        {actions.includes("vote") && (
          <div className="flex flex-col gap-2">
            <Field label="Comment (required to reject)" id="vote-comment"><input id="vote-comment" className={inputClass} value={comment} onChange={(e) => setComment(e.target.value)} /></Field>
            <div className="flex gap-2">
              <Button onClick={() => run("vote", { decision: "approve", comment })}>Approve</Button>
              <Button kind="danger" onClick={() => run("vote", { decision: "reject", comment })}>Reject</Button>
            </div>
          </div>
        )}
        {actions.includes("reopen") && <Button onClick={() => run("reopen", { comment: "reopened" })}>Reopen</Button>}
        <p className="text-xs text-slate-500">Round {test.round}</p>
      </div>
    </Card>
  );
}

function EvidencePanel({ test }: { test: Detail }) {
  const { user } = useSession();
  const toast = useToast();
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const list = useQuery({ queryKey: ["evidence", test.id], queryFn: () => api<{ items: Evidence[] }>(`/api/v1/tests/${test.id}/evidence`) });
  const upload = async (file: File) => {
    try {
      setProgress(0);
      const slot = await api<{ id: string; upload_url: string; headers: Record<string, string> }>(`/api/v1/tests/${test.id}/evidence`, {
        method: "POST", json: { filename: file.name, size_bytes: file.size, sha256: await sha256Hex(file) },
      });
      await new Promise<void>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open("PUT", slot.upload_url);
        for (const [k, v] of Object.entries(slot.headers)) if (k !== "content-length") xhr.setRequestHeader(k, v);
        xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(Math.round((100 * e.loaded) / e.total));
        xhr.onload = () => (xhr.status < 300 ? resolve() : reject(new Error(`upload refused (${xhr.status})`)));
        xhr.onerror = () => reject(new Error("upload failed"));
        xhr.send(file);
      });
      await api(`/api/v1/tests/${test.id}/evidence/${slot.id}/complete`, { method: "POST" });
      toast("ok", `Uploaded ${file.name}`);
      qc.invalidateQueries({ queryKey: ["evidence", test.id] });
    } catch (e) {
      toast("error", errorText(e));
    } finally {
      setProgress(null);
    }
  };
  const download = async (e: Evidence) => {
    try {
      const link = await api<{ url: string }>(`/api/v1/tests/${test.id}/evidence/${e.id}/download`);
      window.location.assign(link.url);
    } catch (err) {
      toast("error", errorText(err));
    }
  };
  const canUpload = user ? can.uploadEvidence(user.role, test.state) : false;
  return (
    <Card title="Evidence" actions={canUpload && (
      <>
        <label htmlFor="evidence-file" className="sr-only">Evidence file</label>
        <input id="evidence-file" ref={input} type="file" className="text-sm" onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])} />
      </>
    )}>
      {progress !== null && <progress aria-label="Upload progress" max={100} value={progress} className="w-full" />}
      {list.data?.items.length === 0 && <p className="text-sm text-slate-500">No evidence yet.</p>}
      <ul className="text-sm">
        {list.data?.items.map((e) => (
          <li key={e.id} className="flex gap-2 border-b border-slate-100 py-1">
            <span className={`rounded px-1 text-xs ${e.side === "red" ? "bg-red-100" : "bg-blue-100"}`}>{e.side}</span>
            <button className="text-blue-700" onClick={() => download(e)}>{e.filename}</button>
            <span className="text-slate-500">{bytes(e.size_bytes)} · {e.uploaded_by} · {when(e.uploaded_at)}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export default function TestDetail() {
  const { id } = useParams();
  const { user } = useSession();
  const toast = useToast();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ["test", id], queryFn: () => api<Detail>(`/api/v1/tests/${id}`) });
  const act = useMutation({
    mutationFn: ({ action, body }: { action: Action; body: unknown }) => api(`/api/v1/tests/${id}/${action}`, { method: "POST", json: body }),
    onSuccess: () => { toast("ok", "Saved"); qc.invalidateQueries({ queryKey: ["test", id] }); qc.invalidateQueries({ queryKey: ["my-tasks"] }); },
    onError: (e) => toast("error", errorText(e)),
  });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorBox error={q.error} />;
  const t = q.data!;
  const actions = user ? allowedActions(user.role, t) : [];
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-3">
        <h1 className="text-2xl font-bold">{t.title}</h1>
        <StatusBadge value={t.state} />
      </div>
      <p className="text-sm text-slate-600">
        <Link className="text-blue-700" to={`/techniques/${t.technique_id}`}>{t.technique_id} {t.technique_name}</Link> · {t.severity} · {t.platform ?? "any platform"} · red {t.assigned_red ?? "—"} · blue {t.assigned_blue ?? "—"}
        {t.time_to_detect_secs !== null && ` · detected after ${Math.round(t.time_to_detect_secs / 60)} min`}
      </p>
      <ActionForms test={t} actions={actions} run={(action, body) => act.mutate({ action, body })} />
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Card title="Red team">{t.red ? <p className="text-sm">Executed: {String(t.red.executed)} · succeeded: {String(t.red.succeeded)} · {when(t.red.executed_at)}<br />{t.red.notes}</p> : <p className="text-sm text-slate-500">Not documented yet.</p>}</Card>
        <Card title="Blue team">{t.blue ? <ul className="text-sm">{t.blue.outcomes.map((o) => <li key={o.layer}>{o.layer}: <b>{o.result}</b> {o.alert_name ?? ""}</li>)}</ul> : <p className="text-sm text-slate-500">Not evaluated yet.</p>}</Card>
        <Card title="Votes"><p className="text-sm">Red lead: {t.votes.red_lead ? `${t.votes.red_lead.decision} (${t.votes.red_lead.by})` : "pending"}<br />Blue lead: {t.votes.blue_lead ? `${t.votes.blue_lead.decision} (${t.votes.blue_lead.by})` : "pending"}</p></Card>
        <EvidencePanel test={t} />
      </div>
      <Card title="History">
        <ol className="border-l-2 border-slate-200 pl-4 text-sm">
          {t.history.map((h) => (
            <li key={h.id} className="mb-2"><b>{h.action.replace(/_/g, " ")}</b> by {h.actor} · {when(h.at)}{h.from && h.to && h.from !== h.to && ` · ${h.from} → ${h.to}`}{h.comment && <div className="text-slate-600">“{h.comment}”</div>}</li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
