import { useState, type FormEvent } from "react";
import { fieldErrors } from "@/api/client";
import { useSetDeployment } from "@/api/d3fend";
import { Button, Checkbox, Dialog, Field, Textarea, useToast } from "./ui";

export const MAX_DEPLOYMENT_NOTES = 2000;

/**
 * Whether a D3FEND countermeasure is deployed, with where and how (or why not): leads and admin.
 * Opened from the D3FEND screen and from technique detail.
 */
export function DeploymentDialog({
  countermeasure,
  onClose,
}: {
  countermeasure: { id: string; name: string; deployed: boolean; notes?: string | null };
  onClose: () => void;
}) {
  const [deployed, setDeployed] = useState(countermeasure.deployed);
  const [notes, setNotes] = useState(countermeasure.notes ?? "");
  const save = useSetDeployment(countermeasure.id);
  const toast = useToast();
  const errors = fieldErrors(save.error);
  const tooLong = notes.length > MAX_DEPLOYMENT_NOTES;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (tooLong) return;
    save.mutate(
      { deployed, notes: notes.trim() || null },
      {
        onSuccess: (d) => {
          toast.success(`${countermeasure.name} marked ${d.deployed ? "deployed" : "not deployed"}`);
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={`Deployment of ${countermeasure.name}`}
      description={`${countermeasure.id}: the D3FEND score of every technique it counters counts it when deployed.`}
    >
      <form id="deployment-form" className="flex flex-col gap-4" onSubmit={submit} noValidate>
        <Checkbox
          id="deployment-deployed"
          label="Deployed in our environment"
          checked={deployed}
          onChange={(e) => setDeployed(e.target.checked)}
          data-autofocus
        />
        <Field
          id="deployment-notes"
          label="Notes"
          hint="Where and how it is deployed, or why not."
          error={tooLong ? `At most ${MAX_DEPLOYMENT_NOTES} characters (${notes.length} now)` : errors.notes}
        >
          <Textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={4} />
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={tooLong}>
            Save deployment
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
