import { useQuery } from "@tanstack/react-query";
import { directoryQuery } from "@/api/directory";
import type { Member, Role } from "@/api/types";
import { ROLE_LABELS } from "@/auth/permissions";
import { Select } from "./ui";

/** "alice — Alice Martin (Red Team Technician)". */
export function memberLabel(m: Member, withRole = true): string {
  const name = m.full_name?.trim() && m.full_name.trim() !== m.username ? ` — ${m.full_name.trim()}` : "";
  return `${m.username}${name}${withRole ? ` (${ROLE_LABELS[m.role]})` : ""}`;
}

/**
 * A choice among the active users of `roles` from `/users/directory`, inside a `Field` (which
 * gives it its label and errors). `value` is a username; "" is the empty choice (`emptyLabel`).
 * A current value that is no longer in the directory (a deactivated user) stays shown as such.
 */
export function UserPicker({
  roles = [],
  value,
  onChange,
  emptyLabel = "Choose a person…",
  allowEmpty = true,
  disabled,
  id,
}: {
  roles?: readonly Role[];
  value: string;
  onChange: (username: string) => void;
  emptyLabel?: string;
  /** Whether the empty choice may be picked (else it is only the placeholder). */
  allowEmpty?: boolean;
  disabled?: boolean;
  id?: string;
}) {
  const q = useQuery(directoryQuery(roles));
  const members = q.data ?? [];
  const unknown = value && !members.some((m) => m.username === value);
  return (
    <Select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled || q.isLoading} aria-busy={q.isLoading || undefined}>
      <option value="" disabled={!allowEmpty}>
        {q.isLoading ? "Loading people…" : q.isError ? "People could not be loaded" : emptyLabel}
      </option>
      {unknown && (
        <option value={value}>
          {q.isSuccess ? `${value} (not an active ${roles.length ? "member of this team" : "user"})` : value}
        </option>
      )}
      {members.map((m) => (
        <option key={m.id} value={m.username}>
          {memberLabel(m, roles.length !== 1)}
        </option>
      ))}
    </Select>
  );
}
