import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { directoryQuery } from "@/api/directory";
import type { Role } from "@/api/types";
import { ROLE_LABELS, ROLES } from "@/auth/permissions";
import { memberLabel, UserPicker } from "@/components/UserPicker";
import { Checkbox, Field } from "@/components/ui";
import { sortIds, type RuleForm } from "../model/form";

/**
 * Who is told in the app: every active user of the roles ticked, and the people added one by one
 * (by id, kept in the server's order so that its `recipients.users[i]` refusal shows under the
 * person it names).
 */
export function RecipientsFields({
  form,
  set,
  errors,
}: {
  form: RuleForm;
  set: (patch: Partial<RuleForm>) => void;
  errors: Record<string, string>;
}) {
  const directory = useQuery(directoryQuery());
  const members = directory.data ?? [];
  const byId = new Map(members.map((m) => [m.id.toLowerCase(), m]));
  const toggleRole = (role: Role, on: boolean) => set({ roles: on ? [...form.roles, role] : form.roles.filter((r) => r !== role) });
  const addUser = (username: string) => {
    const m = members.find((x) => x.username === username);
    if (m) set({ users: sortIds([...form.users, m.id]) });
  };
  const groupError = [errors.recipients, errors["recipients.roles"]].filter(Boolean).join("; ");

  return (
    <fieldset className="flex flex-col gap-3 rounded-lg border border-slate-200 p-4" aria-describedby={groupError ? "rule-recipients-error" : undefined}>
      <legend className="px-1 text-sm font-medium text-slate-700">Recipients</legend>
      <p className="-mt-1 text-xs text-slate-500">Each firing notifies them in the app's bell. Name at least one role or person.</p>
      {groupError && (
        <p id="rule-recipients-error" role="alert" className="text-xs font-medium text-rose-600">
          {groupError}
        </p>
      )}
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-3" role="group" aria-label="Roles to notify">
        {ROLES.map((role) => (
          <Checkbox key={role} id={`rule-role-${role}`} label={ROLE_LABELS[role]} checked={form.roles.includes(role)} onChange={(e) => toggleRole(role, e.target.checked)} />
        ))}
      </div>
      <Field id="rule-add-user" label="Add a person" hint="An active user, notified whatever their role.">
        <UserPicker value="" onChange={addUser} emptyLabel="Choose a person to add…" allowEmpty={false} />
      </Field>
      {form.users.length > 0 && (
        <ul aria-label="People to notify" className="flex flex-col gap-1.5">
          {form.users.map((id, i) => {
            const m = byId.get(id.toLowerCase());
            const name = m ? memberLabel(m) : directory.isSuccess ? `${id} (not an active user)` : id;
            const error = errors[`recipients.users[${i}]`];
            const errorId = `rule-user-${i}-error`;
            return (
              <li key={id} data-user={id} className="rounded-md bg-slate-50 px-3 py-1.5 text-sm">
                <div className="flex items-center justify-between gap-2">
                  <span className="text-slate-800" aria-describedby={error ? errorId : undefined}>
                    {name}
                  </span>
                  <button
                    type="button"
                    onClick={() => set({ users: form.users.filter((u) => u !== id) })}
                    aria-label={`Remove ${m?.username ?? id}`}
                    className="rounded p-1 text-slate-500 hover:bg-slate-200 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
                  >
                    <X className="size-4" aria-hidden />
                  </button>
                </div>
                {error && (
                  <p id={errorId} role="alert" className="text-xs font-medium text-rose-600">
                    {error}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
