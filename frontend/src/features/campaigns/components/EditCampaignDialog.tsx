import { useState, type FormEvent } from "react";
import { fieldErrors } from "@/api/client";
import { RECURRENCE_LABELS, RECURRENCES, type CampaignDetail, type CampaignUpdate, type PhaseInput, type Recurrence } from "@/api/campaigns";
import { Button, Dialog, Field, Input, Select, Textarea, useToast } from "@/components/ui";
import { useUpdateCampaign } from "../api/campaigns";
import { PhasesEditor } from "./PhasesEditor";

/** Name, texts, dates and recurrence (an active campaign's next run follows a new recurrence at once). */
export function EditCampaignDialog({ campaign, onClose }: { campaign: CampaignDetail; onClose: () => void }) {
  const [name, setName] = useState(campaign.name);
  const [objective, setObjective] = useState(campaign.objective ?? "");
  const [description, setDescription] = useState(campaign.description ?? "");
  const [start, setStart] = useState(campaign.start_date ?? "");
  const [end, setEnd] = useState(campaign.end_date ?? "");
  const [recurrence, setRecurrence] = useState<Recurrence>(campaign.recurrence);
  const update = useUpdateCampaign(campaign.id);
  const errors = fieldErrors(update.error);
  const toast = useToast();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: CampaignUpdate = {};
    if (name.trim() !== campaign.name) body.name = name.trim();
    if (objective !== (campaign.objective ?? "")) body.objective = objective;
    if (description !== (campaign.description ?? "")) body.description = description;
    if (start && start !== campaign.start_date) body.start_date = start;
    if (end && end !== campaign.end_date) body.end_date = end;
    if (recurrence !== campaign.recurrence) body.recurrence = recurrence;
    if (Object.keys(body).length === 0) return onClose();
    update.mutate(body, {
      onSuccess: () => {
        toast.success(`Saved “${name.trim()}”`);
        onClose();
      },
    });
  };

  return (
    <Dialog open onClose={onClose} size="lg" title="Campaign settings">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Campaign settings">
        <Field id="edit-name" label="Name" required error={errors.name}>
          <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
        </Field>
        <Field id="edit-objective" label="Objective" error={errors.objective}>
          <Input value={objective} onChange={(e) => setObjective(e.target.value)} />
        </Field>
        <Field id="edit-description" label="Description" error={errors.description}>
          <Textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} />
        </Field>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <Field id="edit-start" label="Start date" error={errors.start_date}>
            <Input type="date" value={start} onChange={(e) => setStart(e.target.value)} />
          </Field>
          <Field id="edit-end" label="End date" error={errors.end_date}>
            <Input type="date" value={end} onChange={(e) => setEnd(e.target.value)} />
          </Field>
          <Field
            id="edit-recurrence"
            label="Recurrence"
            error={errors.recurrence}
            hint={campaign.status === "active" ? "The next run is rescheduled from the current run's start." : "Scheduled when the campaign starts."}
          >
            <Select value={recurrence} onChange={(e) => setRecurrence(e.target.value as Recurrence)}>
              {RECURRENCES.map((r) => (
                <option key={r} value={r}>
                  {RECURRENCE_LABELS[r]}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!name.trim()}>
            Save settings
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** The phases, whole: renamed, reordered, added, removed (a phase still holding tests is refused, in the server's words). */
export function EditPhasesDialog({ campaign, onClose }: { campaign: CampaignDetail; onClose: () => void }) {
  const [phases, setPhases] = useState<PhaseInput[]>(campaign.phases.map((p) => ({ id: p.id, name: p.name, description: p.description ?? "" })));
  const update = useUpdateCampaign(campaign.id);
  const errors = fieldErrors(update.error);
  const toast = useToast();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(
      { phases: phases.map((p) => ({ ...p, name: p.name.trim() })) },
      {
        onSuccess: () => {
          toast.success("Saved the phases");
          onClose();
        },
      },
    );
  };
  return (
    <Dialog open onClose={onClose} size="lg" title="Edit phases">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Edit phases">
        <PhasesEditor phases={phases} onChange={setPhases} errors={errors} idPrefix="edit-phase" />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={phases.length === 0}>
            Save phases
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
