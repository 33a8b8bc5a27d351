import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { useMutation } from "@tanstack/react-query";
import { ApiError, api, errorText } from "../api/client";
import type { Test } from "../api/types";
import { Button, Card, Field, inputClass, useToast } from "../components/ui";

export default function NewTest() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const toast = useToast();
  const [form, setForm] = useState({ title: "", technique_id: params.get("technique") ?? "", severity: "medium", platform: "", target_host: "", procedure: "" });
  const create = useMutation({
    mutationFn: () => api<Test>("/api/v1/tests", { method: "POST", json: {
      title: form.title, technique_id: form.technique_id.trim(), severity: form.severity, procedure: form.procedure,
      platform: form.platform || undefined, target_host: form.target_host || undefined,
    } }),
    onSuccess: (t) => { toast("ok", "Test created"); navigate(`/tests/${t.id}`); },
    onError: (e) => toast("error", errorText(e)),
  });
  const fieldError = (f: string) => create.error instanceof ApiError ? create.error.errors.find((e) => e.field === f)?.message : undefined;
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setForm({ ...form, [k]: e.target.value });
  return (
    <Card title="New test">
      <form className="grid max-w-2xl grid-cols-2 gap-3" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <Field label="Title" id="title" hint={fieldError("title")}><input id="title" className={inputClass} value={form.title} onChange={set("title")} required /></Field>
        <Field label="Technique (ATT&CK id)" id="technique" hint={fieldError("technique_id")}><input id="technique" className={inputClass} value={form.technique_id} onChange={set("technique_id")} placeholder="T1059.001" required /></Field>
        <Field label="Severity" id="severity"><select id="severity" className={inputClass} value={form.severity} onChange={set("severity")}>{["low", "medium", "high", "critical"].map((s) => <option key={s}>{s}</option>)}</select></Field>
        <Field label="Platform" id="platform"><input id="platform" className={inputClass} value={form.platform} onChange={set("platform")} placeholder="Windows" /></Field>
        <Field label="Target host" id="host"><input id="host" className={inputClass} value={form.target_host} onChange={set("target_host")} /></Field>
        <div className="col-span-2"><Field label="Procedure" id="procedure"><textarea id="procedure" rows={4} className={inputClass} value={form.procedure} onChange={set("procedure")} /></Field></div>
        <div><Button type="submit" disabled={create.isPending}>Create test</Button></div>
      </form>
    </Card>
  );
}
