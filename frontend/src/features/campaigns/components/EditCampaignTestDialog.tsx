import { useState, type FormEvent } from "react";
import { fieldErrors } from "@/api/client";
import { dependencyError, type CampaignDetail, type CampaignTestView, type CampaignTestUpdate } from "@/api/campaigns";
import { DependsOnPicker } from "@/components/campaigns/DependsOnPicker";
import { Button, Dialog, Field, Select, useToast } from "@/components/ui";
import { useUpdateCampaignTest } from "../api/campaigns";

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Moves a test to another phase and changes what it depends on; a cycle comes back as a 422 shown on "Depends on". */
export function EditCampaignTestDialog({ campaign, test, onClose }: { campaign: CampaignDetail; test: CampaignTestView; onClose: () => void }) {
  const [phaseId, setPhaseId] = useState(test.phase_id);
  const [dependsOn, setDependsOn] = useState<string[]>(test.depends_on);
  const update = useUpdateCampaignTest(campaign.id);
  const errors = fieldErrors(update.error);
  const toast = useToast();

  const body: CampaignTestUpdate = {};
  if (phaseId !== test.phase_id) body.phase_id = phaseId;
  if (!same(dependsOn, test.depends_on)) body.depends_on = dependsOn;
  const changed = Object.keys(body).length > 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!changed) return;
    update.mutate(
      { testId: test.test_id, body },
      {
        onSuccess: () => {
          toast.success(`Saved “${test.title}”`);
          onClose();
        },
      },
    );
  };

  return (
    <Dialog open onClose={onClose} title={`Edit “${test.title}” in the campaign`} description="Its phase, and the tests it waits for.">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Edit the test in the campaign">
        <Field id="edit-phase" label="Phase" error={errors.phase_id}>
          <Select value={phaseId} onChange={(e) => setPhaseId(e.target.value)}>
            {campaign.phases.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <DependsOnPicker
          id="edit-depends"
          tests={campaign.test_states}
          value={dependsOn}
          onChange={(v) => {
            setDependsOn(v);
            update.reset();
          }}
          error={dependencyError(update.error)}
          exclude={test.test_id}
        />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!changed}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
