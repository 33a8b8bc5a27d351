import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { fieldErrors } from "@/api/client";
import type { AssignRequest, Role, Side, TestDetail } from "@/api/types";
import { Button, Dialog, Field, Input, useToast } from "@/components/ui";
import { useAssignTest } from "../api/assign";
import { assigneeCandidatesQuery } from "../api/assignees";

const SIDES: Record<Side, { field: "assigned_red" | "assigned_blue"; label: string; team: string; roles: Role[] }> = {
  red: { field: "assigned_red", label: "Red team assignee", team: "red", roles: ["red_tech", "red_lead"] },
  blue: { field: "assigned_blue", label: "Blue team assignee", team: "blue", roles: ["blue_tech", "blue_lead"] },
};

/**
 * Reassigns the sides of a test the caller leads (`sides`: a lead its own, an admin both). The
 * current assignees are shown and prefilled; only changed names are sent. The server checks
 * that each name is an active user of that team (422 next to the field).
 */
export function AssignDialog({ test, sides, role, open, onClose }: { test: TestDetail; sides: Side[]; role: Role; open: boolean; onClose: () => void }) {
  const [values, setValues] = useState<Record<Side, string>>({ red: test.assigned_red ?? "", blue: test.assigned_blue ?? "" });
  const assign = useAssignTest(test.id);
  // Only an admin may list users; leads type the username.
  const candidates = useQuery(assigneeCandidatesQuery(open && role === "admin"));
  const toast = useToast();
  const errors = fieldErrors(assign.error);

  const body: AssignRequest = {};
  for (const side of sides) {
    const name = values[side].trim();
    if (name && name !== (test[SIDES[side].field] ?? "")) body[SIDES[side].field] = name;
  }
  const changed = Object.keys(body).length > 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!changed) return;
    assign.mutate(body, {
      onSuccess: () => {
        const what = sides.flatMap((s) => (body[SIDES[s].field] ? [`the ${SIDES[s].team} team to ${body[SIDES[s].field]}`] : []));
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
          const { field, label, team, roles } = SIDES[side];
          const current = test[field];
          const options = (candidates.data ?? []).filter((u) => roles.includes(u.role));
          return (
            <Field
              key={side}
              id={`assign-${side}`}
              label={label}
              error={errors[field]}
              hint={`${current ? `Now ${current}` : "Now nobody"}. Username of an active ${team} tech or ${team} lead.`}
            >
              <Input
                value={values[side]}
                onChange={(e) => setValues((v) => ({ ...v, [side]: e.target.value }))}
                list={options.length ? `assign-${side}-options` : undefined}
                autoComplete="off"
                spellCheck={false}
                maxLength={64}
              />
              {options.length > 0 && (
                <datalist id={`assign-${side}-options`}>
                  {options.map((u) => (
                    <option key={u.id} value={u.username}>
                      {u.full_name ?? u.username}
                    </option>
                  ))}
                </datalist>
              )}
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
