import { useState, type FormEvent } from "react";
import { Check, Copy, RefreshCw } from "lucide-react";
import { fieldErrors } from "@/api/client";
import type { Role, User } from "@/api/types";
import { ROLE_LABELS, ROLES } from "@/auth/permissions";
import { PasswordChecklist } from "@/components/PasswordChecklist";
import { Button, Checkbox, Dialog, Field, Input, Select, useToast } from "@/components/ui";
import { generatePassword } from "@/lib/password";
import { useCreateUser, useResetPassword, useUpdateUser } from "../api/users";

const opt = (s: string) => (s.trim() ? s.trim() : null);

const MUST_CHANGE_LABEL = "Must choose a new password at sign-in";

export function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form, setForm] = useState({ username: "", full_name: "", email: "", role: "viewer" as Role, password: "" });
  const [mustChange, setMustChange] = useState(true);
  const create = useCreateUser();
  const toast = useToast();
  const errors = fieldErrors(create.error);
  const set = (k: keyof typeof form, v: string) => setForm((f) => ({ ...f, [k]: v }));
  const close = () => {
    setForm({ username: "", full_name: "", email: "", role: "viewer", password: "" });
    setMustChange(true);
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        username: form.username.trim(),
        password: form.password,
        role: form.role,
        email: opt(form.email),
        full_name: opt(form.full_name),
        must_change_password: mustChange,
      },
      {
        onSuccess: (u) => {
          toast.success(`User ${u.username} created`);
          close();
        },
      },
    );
  };
  return (
    <Dialog open={open} onClose={close} title="Create user" description="The user signs in with this username and password." size="lg">
      <form className="flex flex-col gap-4" onSubmit={submit} noValidate aria-label="Create user">
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field id="new-username" label="Username" error={errors.username} required>
            <Input value={form.username} onChange={(e) => set("username", e.target.value)} autoComplete="off" data-autofocus />
          </Field>
          <Field id="new-role" label="Role" error={errors.role} required>
            <Select value={form.role} onChange={(e) => set("role", e.target.value)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="new-fullname" label="Full name" error={errors.full_name}>
            <Input value={form.full_name} onChange={(e) => set("full_name", e.target.value)} autoComplete="off" />
          </Field>
          <Field id="new-email" label="E-mail" error={errors.email}>
            <Input type="email" value={form.email} onChange={(e) => set("email", e.target.value)} autoComplete="off" />
          </Field>
          <Field id="new-password" label="Password" error={errors.password} required className="sm:col-span-2">
            <div className="flex gap-2">
              <Input type="text" value={form.password} onChange={(e) => set("password", e.target.value)} autoComplete="new-password" spellCheck={false} className="font-mono" />
              <Button variant="secondary" icon={<RefreshCw className="size-4" aria-hidden />} onClick={() => set("password", generatePassword())}>
                Generate
              </Button>
            </div>
          </Field>
        </div>
        <PasswordChecklist password={form.password} />
        <Checkbox
          id="new-must-change"
          label={MUST_CHANGE_LABEL}
          description="The user signs in with this password once, then has to choose their own before anything else."
          checked={mustChange}
          onChange={(e) => setMustChange(e.target.checked)}
        />
        <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!form.username.trim() || !form.password}>
            Create user
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function EditUserDialog({ user, onClose, selfId }: { user: User; onClose: () => void; selfId: string }) {
  const [role, setRole] = useState<Role>(user.role);
  const [active, setActive] = useState(user.is_active);
  const [fullName, setFullName] = useState(user.full_name ?? "");
  const [email, setEmail] = useState(user.email ?? "");
  const update = useUpdateUser();
  const toast = useToast();
  const errors = fieldErrors(update.error);
  const self = user.id === selfId;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(
      { id: user.id, body: { role, is_active: active, full_name: opt(fullName), email: opt(email) } },
      {
        onSuccess: (u) => {
          toast.success(`User ${u.username} updated`);
          onClose();
        },
      },
    );
  };
  return (
    <Dialog open onClose={onClose} title={`Edit ${user.username}`}>
      <form className="flex flex-col gap-4" onSubmit={submit} aria-label={`Edit ${user.username}`}>
        <Field id="edit-role" label="Role" error={errors.role} hint={self ? "You cannot change your own role" : undefined}>
          <Select value={role} onChange={(e) => setRole(e.target.value as Role)} disabled={self}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="edit-fullname" label="Full name" error={errors.full_name}>
          <Input value={fullName} onChange={(e) => setFullName(e.target.value)} />
        </Field>
        <Field id="edit-email" label="E-mail" error={errors.email}>
          <Input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Checkbox
          id="edit-active"
          label="Active"
          description="Inactive users cannot sign in; their history is kept."
          checked={active}
          disabled={self}
          onChange={(e) => setActive(e.target.checked)}
        />
        <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** Sets a generated password and shows it once; it cannot be displayed again afterwards. */
export function ResetPasswordDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const reset = useResetPassword();
  const toast = useToast();
  const [shown, setShown] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [mustChange, setMustChange] = useState(true);
  const start = () => {
    const password = generatePassword();
    reset.mutate(
      { id: user.id, body: { new_password: password, must_change_password: mustChange } },
      {
        onSuccess: () => {
          setShown(password);
          toast.success(`Password of ${user.username} reset`);
        },
      },
    );
  };
  const copy = async () => {
    if (!shown) return;
    try {
      await navigator.clipboard.writeText(shown);
      setCopied(true);
    } catch {
      toast.error("Copy failed: select the password and copy it by hand");
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Reset password of ${user.username}`}
      size="md"
      footer={
        shown ? (
          <Button onClick={onClose}>Done</Button>
        ) : (
          <>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="danger" loading={reset.isPending} onClick={start}>
              Reset password
            </Button>
          </>
        )
      }
    >
      {!shown ? (
        <div className="flex flex-col gap-3 text-sm text-slate-600">
          <p>A new random password that meets the policy is set for {user.username}. Their current password stops working and their sessions end.</p>
          <Checkbox
            id="reset-must-change"
            label={MUST_CHANGE_LABEL}
            description="They sign in with the generated password once, then have to choose their own."
            checked={mustChange}
            onChange={(e) => setMustChange(e.target.checked)}
          />
        </div>
      ) : (
        <div className="flex flex-col gap-3">
          <p className="text-sm text-slate-600">
            Give this password to {user.username} over a safe channel. <strong>It is shown only once.</strong>
            {mustChange && " They will be asked to choose their own when they sign in."}
          </p>
          <div className="flex items-center gap-2">
            <output aria-label="Generated password" data-testid="generated-password" className="flex-1 rounded-md bg-slate-900 px-3 py-2 font-mono text-sm text-emerald-300 select-all">
              {shown}
            </output>
            <Button variant="secondary" icon={copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />} onClick={() => void copy()}>
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
