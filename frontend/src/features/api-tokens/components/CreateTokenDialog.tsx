import { useState, type FormEvent } from "react";
import { Check, Copy } from "lucide-react";
import { fieldErrors } from "@/api/client";
import type { CreatedApiToken, Role, User } from "@/api/types";
import { ROLE_LABELS, ROLES } from "@/auth/permissions";
import { Button, Checkbox, Dialog, Field, Input, Select } from "@/components/ui";
import { useCreateApiToken } from "../api/apiTokens";

/** The roles a token of `user` may carry: their own or viewer; an admin may give any. */
export function grantableRoles(user: User): Role[] {
  if (user.role === "admin") return [...ROLES];
  return user.role === "viewer" ? ["viewer"] : [user.role, "viewer"];
}

const EMPTY = { name: "", days: "90", role: "" as Role | "", readOnly: false };

/** Creates a token, then shows it once with a copy button. */
export function CreateTokenDialog({ open, user, onClose }: { open: boolean; user: User; onClose: () => void }) {
  const [form, setForm] = useState(EMPTY);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [copied, setCopied] = useState(false);
  const create = useCreateApiToken();
  const errors = fieldErrors(create.error);
  const roles = grantableRoles(user);

  const close = () => {
    setForm(EMPTY);
    setCreated(null);
    setCopied(false);
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        name: form.name.trim(),
        expires_in_days: Number(form.days) || null,
        role: form.role || null,
        read_only: form.readOnly,
      },
      { onSuccess: setCreated },
    );
  };

  if (created) {
    return (
      <Dialog open={open} onClose={close} title="Token created" description="Copy it now: it is shown only this once." footer={<Button onClick={close}>Done</Button>}>
        <div className="flex flex-col gap-3">
          <code data-testid="new-api-token" className="block rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-xs break-all text-slate-800">
            {created.token}
          </code>
          <Button
            variant="secondary"
            icon={copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
            onClick={() => void navigator.clipboard?.writeText(created.token).then(() => setCopied(true))}
          >
            {copied ? "Copied" : "Copy token"}
          </Button>
          <p className="text-xs text-slate-500">Send it as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog open={open} onClose={close} title="Create API token" description="For scripts and pipelines. It acts with the role you choose, never above your own.">
      <form className="flex flex-col gap-4" onSubmit={submit} noValidate aria-label="Create API token">
        <Field id="token-name" label="Name" error={errors.name} required>
          <Input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} autoComplete="off" maxLength={100} data-autofocus />
        </Field>
        <Field id="token-days" label="Expires in (days)" error={errors.expires_in_days} hint="1 to 365">
          <Input type="number" min={1} max={365} value={form.days} onChange={(e) => setForm({ ...form, days: e.target.value })} />
        </Field>
        <Field id="token-role" label="Role" error={errors.role}>
          <Select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role | "" })}>
            <option value="">My role ({ROLE_LABELS[user.role]})</option>
            {roles
              .filter((r) => r !== user.role)
              .map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
          </Select>
        </Field>
        <Checkbox id="token-read-only" label="Read-only" description="Only GET requests are accepted." checked={form.readOnly} onChange={(e) => setForm({ ...form, readOnly: e.target.checked })} />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!form.name.trim()}>
            Create token
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
