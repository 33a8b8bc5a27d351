import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorText } from "../api/client";
import type { Page, SyncRun } from "../api/types";
import { Button, Card, ErrorBox, Loading, useToast } from "../components/ui";
import { when } from "../lib/format";

interface Scheduler { jobs: { name: string; description: string; schedule: string; last_run_at: string | null; last_status: string | null; last_error: string | null; next_run_at: string | null }[]; catalogs: { domain: string; attack_version: string | null; synced_at: string }[] }

export default function SystemPage() {
  const toast = useToast();
  const qc = useQueryClient();
  const runs = useQuery({
    queryKey: ["sync-runs"],
    queryFn: () => api<Page<SyncRun>>("/api/v1/system/sync-runs?limit=20"),
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === "running") ? 2000 : false),
  });
  const sched = useQuery({ queryKey: ["scheduler"], queryFn: () => api<Scheduler>("/api/v1/system/scheduler-status") });
  const refresh = () => { qc.invalidateQueries({ queryKey: ["sync-runs"] }); qc.invalidateQueries({ queryKey: ["scheduler"] }); };
  const sync = useMutation({
    mutationFn: () => api<{ run_id: string }>("/api/v1/system/sync-mitre", { method: "POST" }),
    onSuccess: (r) => { toast("ok", `Sync started (${r.run_id})`); refresh(); },
    onError: (e) => toast("error", errorText(e)),
  });
  const upload = useMutation({
    mutationFn: (f: File) => api<{ run_id: string }>("/api/v1/system/import", { method: "POST", body: f, headers: { "content-type": f.name.endsWith(".gz") ? "application/gzip" : "application/json" } }),
    onSuccess: (r) => { toast("ok", `Import started (${r.run_id})`); refresh(); },
    onError: (e) => toast("error", errorText(e)),
  });
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">System</h1>
      <Card title="MITRE ATT&CK" actions={<div className="flex items-center gap-2">
        <Button onClick={() => sync.mutate()} disabled={sync.isPending}>Sync now</Button>
        <label htmlFor="bundle" className="text-sm">Import bundle</label>
        <input id="bundle" type="file" accept=".json,.gz" className="text-sm" onChange={(e) => e.target.files?.[0] && upload.mutate(e.target.files[0])} />
      </div>}>
        {sched.data?.catalogs.map((c) => <p key={c.domain} className="text-sm">{c.domain}: ATT&CK <b>{c.attack_version}</b>, synced {when(c.synced_at)}</p>)}
        {runs.isLoading ? <Loading /> : runs.error ? <ErrorBox error={runs.error} /> : (
          <table className="mt-3 w-full text-sm">
            <thead><tr className="text-left text-slate-500"><th>Started</th><th>Trigger</th><th>Status</th><th>Source</th><th>Version</th><th>Added / updated / revoked / unchanged</th></tr></thead>
            <tbody>{runs.data!.items.map((r) => (
              <tr key={r.run_id} className="border-t border-slate-100" title={r.error ?? ""}>
                <td>{when(r.started_at)}</td><td>{r.trigger}</td><td className={r.status === "failed" ? "text-red-700" : ""}>{r.status}</td><td>{r.source ?? "—"}</td><td>{r.attack_version ?? "—"}</td>
                <td>{r.counts.added} / {r.counts.updated} / {r.counts.revoked} / {r.counts.unchanged}{r.error && <div className="text-xs text-red-700">{r.error}</div>}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </Card>
      <Card title="Scheduled jobs">
        <table className="w-full text-sm"><thead><tr className="text-left text-slate-500"><th>Job</th><th>Schedule</th><th>Last run</th><th>Outcome</th><th>Next</th></tr></thead>
          <tbody>{sched.data?.jobs.map((j) => <tr key={j.name} title={j.description}><td>{j.name}</td><td>{j.schedule}</td><td>{when(j.last_run_at)}</td><td>{j.last_status ?? "—"}</td><td>{when(j.next_run_at)}</td></tr>)}</tbody></table>
      </Card>
    </div>
  );
}
