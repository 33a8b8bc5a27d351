import { useState, type FormEvent } from "react";
import { fieldErrors } from "@/api/client";
import { SIDE_ROLES } from "@/api/directory";
import type { AssignRequest, Side, TestDetail } from "@/api/types";
import { UserPicker } from "@/components/UserPicker";
import { Button, Dialog, Field, useToast } from "@/components/ui";
import { useAssignTest } from "../api/assign";

export const ASSIGN_SIDES: Record<Side, { field: "assigned_red" | "assigned_blue"; label: string; team: string }> = {
  red: { field: "assigned_red", label: "Red team assignee", team: "red" },
  blue: { field: "assigned_blue", label: "Blue team assignee", team: "blue" },
};

/**
 * Reassigns the sides of a test the caller leads (`sides`: a lead its own, an admin both), picked
 * from the active members of that team (`/users/directory`). The current assignees are preselected;
 * only changed sides are sent. The server still checks each name (422 next to the field).
 */
export function AssignDialog({ test, sides, open, onClose }: { test: TestDetail; sides: Side[]; open: boolean; onClose: () => void }) {
  const [values, setValues] = useState<Record<Side, string>>({ red: test.assigned_red ?? "", blue: test.assigned_blue ?? "" });
  const assign = useAssignTest(test.id);
  const toast = useToast();
  const errors = fieldErrors(assign.error);

  const body: AssignRequest = {};
  for (const side of sides) {
    const name = values[side];
    if (name && name !== (test[ASSIGN_SIDES[side].field] ?? "")) body[ASSIGN_SIDES[side].field] = name;
  }
  const changed = Object.keys(body).length > 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!changed) return;
    assign.mutate(body, {
      onSuccess: () => {
        const what = sides.flatMap((s) => (body[ASSIGN_SIDES[s].field] ? [`the ${ASSIGN_SIDES[s].team} team to ${body[ASSIGN_SIDES[s].field]}`] : []));
        toast.success(`Assigned ${what.join(" and ")}`);
        onClose();
      },
    });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Assign test"
      description="A technician acts on a test only when it is assigned to them on their side, or to nobody there."
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Assign test">
        {sides.map((side) => {
          const { field, label, team } = ASSIGN_SIDES[side];
          const current = test[field];
          return (
            <Field key={side} id={`assign-${side}`} label={label} error={errors[field]} hint={`${current ? `Now ${current}` : "Now nobody"}. An active ${team} tech or ${team} lead.`}>
              <UserPicker roles={SIDE_ROLES[side]} value={values[side]} onChange={(v) => setValues((x) => ({ ...x, [side]: v }))} allowEmpty={false} />
            </Field>
          );
        })}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={assign.isPending} disabled={!changed}>
            Save assignment
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
