import { Button, Dialog } from "@/components/ui";
import { ChangePasswordForm } from "./ChangePasswordForm";

/** Changing one's own password from the user menu; this session continues, the others end. */
export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Change password"
      description="Choose a new password that meets the policy. Your other sessions will be signed out."
    >
      <ChangePasswordForm
        idPrefix="change-password"
        submitLabel="Change password"
        onChanged={onClose}
        secondary={
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        }
      />
    </Dialog>
  );
}
