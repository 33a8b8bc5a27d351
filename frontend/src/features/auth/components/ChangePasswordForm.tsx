import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { ApiError, fieldErrorLists } from "@/api/client";
import type { User } from "@/api/types";
import { PasswordChecklist } from "@/components/PasswordChecklist";
import { Button, Field, FormError, Input, useToast } from "@/components/ui";
import { useChangePassword } from "../api/auth";

const MISMATCH = "The passwords do not match";

/** Seconds left until `until` (epoch ms), ticking once a second; 0 when passed or unset. */
function useSecondsUntil(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

/**
 * Current password, new password (with the policy as a live checklist) and its confirmation.
 * The server's verdict is shown per rule next to its field (min_length, uppercase, digit,
 * special, unchanged on the new password; mismatch on the current one); after too many
 * attempts the form waits as long as the server's Retry-After says.
 */
export function ChangePasswordForm({
  idPrefix,
  submitLabel,
  onChanged,
  secondary,
  autoFocus = false,
}: {
  idPrefix: string;
  submitLabel: string;
  onChanged: (user: User) => void;
  /** Shown left of the submit button (Cancel in a dialog). */
  secondary?: ReactNode;
  autoFocus?: boolean;
}) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [triedMismatch, setTriedMismatch] = useState(false);
  const [retryUntil, setRetryUntil] = useState<number | null>(null);
  const wait = useSecondsUntil(retryUntil);
  const change = useChangePassword();
  const toast = useToast();
  const errors = fieldErrorLists(change.error);
  const limited = change.error instanceof ApiError && change.error.status === 429;
  const mismatch = confirm !== next && (triedMismatch || (confirm.length > 0 && confirm.length >= next.length));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (confirm !== next) {
      setTriedMismatch(true);
      return;
    }
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: (res) => {
          toast.success("Your password has been changed; your other sessions were signed out");
          onChanged(res.user);
        },
        onError: (err) => {
          if (err instanceof ApiError && err.status === 429) setRetryUntil(Date.now() + (err.retryAfter ?? 60) * 1000);
        },
      },
    );
  };

  return (
    <form className="flex flex-col gap-4" onSubmit={submit} noValidate aria-label="Change password">
      <Field id={`${idPrefix}-current`} label="Current password" error={errors.current_password} required>
        <Input
          type="password"
          name="current-password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          autoFocus={autoFocus}
          data-autofocus
        />
      </Field>
      <Field id={`${idPrefix}-new`} label="New password" error={errors.new_password} required>
        <Input type="password" name="new-password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
      </Field>
      <PasswordChecklist password={next} />
      <Field id={`${idPrefix}-confirm`} label="Confirm new password" error={mismatch ? MISMATCH : undefined} required>
        <Input
          type="password"
          name="confirm-password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
        />
      </Field>
      {limited && wait > 0 && (
        <FormError message={`Too many attempts to change the password. Try again in ${wait} s.`} />
      )}
      <div className="flex justify-end gap-2 pt-2">
        {secondary}
        <Button type="submit" loading={change.isPending} disabled={!current || !next || !confirm || wait > 0}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
