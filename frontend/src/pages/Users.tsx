import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, errorText } from "../api/client";
import type { Page, Role, User } from "../api/types";
import { Button, Card, ErrorBox, Field, Loading, inputClass, useToast } from "../components/ui";
import { RULES, failedRules } from "../lib/password";
import { when } from "../lib/format";

const ROLES: Role[] = ["admin", "red_tech", "blue_tech", "red_lead", "blue_lead", "viewer"];

export default function Users() {
  const toast = useToast();
  const qc = useQueryClient();
  const users = useQuery({ queryKey: ["users"], queryFn: () => api<Page<User>>("/api/v1/users?limit=500") });
  const [form, setForm] = useState({ username: "", password: "", role: "viewer" as Role, email: "" });
  const failed = failedRules(form.password);
  const create = useMutation({
    mutationFn: () => api<User>("/api/v1/users", { method: "POST", json: { username: form.username, password: form.password, role: form.role, email: form.email || undefined } }),
    onSuccess: (u) => { toast("ok", `User ${u.username} created`); setForm({ username: "", password: "", role: "viewer", email: "" }); qc.invalidateQueries({ queryKey: ["users"] }); },
    onError: (e) => toast("error", errorText(e)),
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<User> }) => api(`/api/v1/users/${id}`, { method: "PATCH", json: body }),
    onSuccess: () => { toast("ok", "User updated"); qc.invalidateQueries({ queryKey: ["users"] }); },
    onError: (e) => toast("error", errorText(e)),
  });
  const reset = useMutation({
    mutationFn: (id: string) => api<{ password: string }>(`/api/v1/users/${id}/reset-password`, { method: "POST", json: {} }),
    onSuccess: (r) => window.prompt("New password (shown once):", r.password),
    onError: (e) => toast("error", errorText(e)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/v1/users/${id}`, { method: "DELETE" }),
    onSuccess: () => { toast("ok", "User deleted"); qc.invalidateQueries({ queryKey: ["users"] }); },
    onError: (e) => toast("error", errorText(e)),
  });
  const serverErrors = create.error instanceof ApiError ? create.error.errors : [];
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Users</h1>
      <Card title="New user">
        <form className="grid grid-cols-2 gap-3 md:grid-cols-4" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
          <Field label="Username" id="new-username"><input id="new-username" className={inputClass} value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required /></Field>
          <Field label="Password" id="new-password" hint={form.password && failed.length > 0 ? `Needs ${RULES.filter((r) => failed.includes(r.code)).map((r) => r.label).join(", ")}` : undefined}>
            <input id="new-password" type="password" className={inputClass} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required />
          </Field>
          <Field label="Role" id="new-role"><select id="new-role" className={inputClass} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>{ROLES.map((r) => <option key={r}>{r}</option>)}</select></Field>
          <Field label="Email" id="new-email"><input id="new-email" type="email" className={inputClass} value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} /></Field>
          {serverErrors.length > 0 && <ul role="alert" className="col-span-full text-sm text-red-700">{serverErrors.map((e) => <li key={e.code + e.field}>{e.field}: {e.message}</li>)}</ul>}
          <div><Button type="submit" disabled={create.isPending}>Create user</Button></div>
        </form>
      </Card>
      <Card title="All users">
        {users.isLoading ? <Loading /> : users.error ? <ErrorBox error={users.error} /> : (
          <table className="w-full text-sm" data-testid="users">
            <thead><tr className="text-left text-slate-500"><th>Username</th><th>Role</th><th>Active</th><th>Last login</th><th /></tr></thead>
            <tbody>{users.data!.items.map((u) => (
              <tr key={u.id} className="border-t border-slate-100">
                <td>{u.username}</td>
                <td><label className="sr-only" htmlFor={`role-${u.id}`}>Role of {u.username}</label><select id={`role-${u.id}`} className={inputClass} value={u.role} onChange={(e) => update.mutate({ id: u.id, body: { role: e.target.value as Role } })}>{ROLES.map((r) => <option key={r}>{r}</option>)}</select></td>
                <td><label><input type="checkbox" checked={u.is_active} onChange={(e) => update.mutate({ id: u.id, body: { is_active: e.target.checked } })} /> <span className="sr-only">Active</span></label></td>
                <td>{when(u.last_login_at)}</td>
                <td className="flex gap-2 py-1">
                  <Button kind="secondary" onClick={() => reset.mutate(u.id)}>Reset password</Button>
                  <Button kind="danger" onClick={() => window.confirm(`Delete ${u.username}?`) && remove.mutate(u.id)}>Delete</Button>
                </td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
