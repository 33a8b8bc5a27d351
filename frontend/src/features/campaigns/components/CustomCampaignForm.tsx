import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { fieldErrors } from "@/api/client";
import { RECURRENCE_LABELS, RECURRENCES, type NewCampaign, type PhaseInput, type Recurrence } from "@/api/campaigns";
import { Button, Field, Input, Select, Textarea, useToast } from "@/components/ui";
import { useCreateCampaign } from "../api/campaigns";
import { PhasesEditor } from "./PhasesEditor";

/** A campaign written by hand: texts, ordered phases, dates and recurrence; tests are added on its page. */
export function CustomCampaignForm() {
  const [name, setName] = useState("");
  const [objective, setObjective] = useState("");
  const [description, setDescription] = useState("");
  const [phases, setPhases] = useState<PhaseInput[]>([{ name: "", description: "" }]);
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [recurrence, setRecurrence] = useState<Recurrence>("none");
  const create = useCreateCampaign();
  const errors = fieldErrors(create.error);
  const navigate = useNavigate();
  const toast = useToast();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: NewCampaign = {
      name: name.trim(),
      objective,
      description,
      phases: phases.map((p) => ({ name: p.name.trim(), description: p.description ?? "" })),
      start_date: start || null,
      end_date: end || null,
      recurrence,
    };
    create.mutate(body, {
      onSuccess: (c) => {
        toast.success(`Created “${c.name}”`);
        navigate(`/campaigns/${c.id}`);
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="New custom campaign">
      <Field id="campaign-name" label="Name" required error={errors.name}>
        <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
      </Field>
      <Field id="campaign-objective" label="Objective" error={errors.objective} hint="What the campaign should show, in a sentence.">
        <Input value={objective} onChange={(e) => setObjective(e.target.value)} />
      </Field>
      <Field id="campaign-description" label="Description" error={errors.description}>
        <Textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} />
      </Field>
      <PhasesEditor phases={phases} onChange={setPhases} errors={errors} />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Field id="campaign-start" label="Start date" error={errors.start_date}>
          <Input type="date" value={start} onChange={(e) => setStart(e.target.value)} />
        </Field>
        <Field id="campaign-end" label="End date" error={errors.end_date}>
          <Input type="date" value={end} onChange={(e) => setEnd(e.target.value)} />
        </Field>
        <Field id="campaign-recurrence" label="Recurrence" error={errors.recurrence} hint="A recurring campaign starts a fresh run on that calendar once active.">
          <Select value={recurrence} onChange={(e) => setRecurrence(e.target.value as Recurrence)}>
            {RECURRENCES.map((r) => (
              <option key={r} value={r}>
                {RECURRENCE_LABELS[r]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="flex justify-end">
        <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
          Create campaign
        </Button>
      </div>
    </form>
  );
}
