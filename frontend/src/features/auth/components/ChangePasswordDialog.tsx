import { useState, type FormEvent } from "react";
import { errorMessage, fieldErrors } from "@/api/client";
import { PasswordChecklist } from "@/components/PasswordChecklist";
import { Button, Dialog, Field, FormError, Input, useToast } from "@/components/ui";
import { isStrongPassword } from "@/lib/password";
import { useChangePassword } from "../api/auth";

export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const change = useChangePassword();
  const toast = useToast();
  const errors = fieldErrors(change.error);
  const mismatch = confirm.length > 0 && confirm !== next;

  const close = () => {
    setCurrent("");
    setNext("");
    setConfirm("");
    change.reset();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          toast.success("Your password has been changed");
          close();
        },
        onError: (err) => toast.error(errorMessage(err)),
      },
    );
  };

  return (
    <Dialog open={open} onClose={close} title="Change password" description="Choose a new password that meets the policy.">
      <form id="change-password-form" className="flex flex-col gap-4" onSubmit={submit}>
        <Field id="current-password" label="Current password" error={errors.current_password} required>
          <Input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} data-autofocus />
        </Field>
        <Field id="new-password" label="New password" error={errors.new_password} required>
          <Input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
        </Field>
        <PasswordChecklist password={next} />
        <Field id="confirm-password" label="Confirm new password" error={mismatch ? "The passwords do not match" : undefined} required>
          <Input type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </Field>
        <FormError message={change.isError && Object.keys(errors).length === 0 ? errorMessage(change.error) : null} />
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={change.isPending} disabled={!current || !isStrongPassword(next) || next !== confirm}>
            Change password
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
