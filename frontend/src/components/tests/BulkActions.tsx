import { useState, type FormEvent } from "react";
import { Trash2, UserRoundCog, X } from "lucide-react";
import { SIDE_ROLES } from "@/api/directory";
import { useBulkAssign, useBulkDelete } from "@/api/testChanges";
import type { AssignRequest, Side, TestRow } from "@/api/types";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { plural } from "@/lib/format";
import { UserPicker } from "../UserPicker";
import { Button, Dialog, Field, useConfirm, useToast } from "../ui";

const SIDE_FIELD: Record<Side, { field: "assigned_red" | "assigned_blue"; label: string }> = {
  red: { field: "assigned_red", label: "Red team assignee" },
  blue: { field: "assigned_blue", label: "Blue team assignee" },
};

/** Whether the signed-in role has any bulk action (assigning as a lead, deleting as admin). */
export function useBulkAllowed(): boolean {
  const user = useCurrentUser();
  return can.assignSides(user.role, "draft").length > 0 || can.deleteTest(user.role);
}

function BulkAssignDialog({ tests, onClose, onDone }: { tests: readonly TestRow[]; onClose: () => void; onDone: () => void }) {
  const user = useCurrentUser();
  const sides = can.assignSides(user.role, "draft");
  const [values, setValues] = useState<Record<Side, string>>({ red: "", blue: "" });
  const assign = useBulkAssign();
  const toast = useToast();
  // An approved test is never reassigned (the server refuses it): those are left out up front.
  const open = tests.filter((t) => t.state !== "validated");
  const body: AssignRequest = {};
  for (const side of sides) if (values[side]) body[SIDE_FIELD[side].field] = values[side];
  const ready = Object.keys(body).length > 0 && open.length > 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    assign.mutate(
      { tests: open, body },
      {
        onSuccess: ({ done }) => {
          toast.success(`Assigned ${plural(done.length, "test")}`);
          onDone();
        },
      },
    );
  };

  return (
    <Dialog open onClose={onClose} title={`Assign ${plural(open.length, "test")}`} description="Each test is assigned on the sides you choose; a side left empty stays as it is.">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Assign the selected tests">
        {open.length < tests.length && (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {plural(tests.length - open.length, "approved test")} left out: an approved test is not reassigned.
          </p>
        )}
        {sides.map((side) => (
          <Field key={side} id={`bulk-assign-${side}`} label={SIDE_FIELD[side].label}>
            <UserPicker roles={SIDE_ROLES[side]} value={values[side]} onChange={(v) => setValues((x) => ({ ...x, [side]: v }))} emptyLabel="Leave as it is" />
          </Field>
        ))}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={assign.isPending} disabled={!ready}>
            Assign {plural(open.length, "test")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** Why only drafts are offered for deletion (the server refuses the rest in bulk). */
const DRAFTS_ONLY = "Only drafts are deleted in bulk: a test with results is deleted from its own page, one at a time.";

/**
 * What can be done with the selected tests: assign them (a lead its side, an admin both) and,
 * for an admin, delete the drafts among them after the one confirm dialog. Failures are reported
 * by the app's mutation-error toast, naming each test that failed.
 */
export function BulkActions({ tests, onClear }: { tests: readonly TestRow[]; onClear: () => void }) {
  const user = useCurrentUser();
  const [assigning, setAssigning] = useState(false);
  const remove = useBulkDelete();
  const confirm = useConfirm();
  const toast = useToast();
  const drafts = tests.filter((t) => t.state === "draft");
  const notDrafts = tests.length - drafts.length;
  const mayAssign = can.assignSides(user.role, "draft").length > 0;
  const mayDelete = can.deleteTest(user.role);
  if (tests.length === 0) return null;

  const deleteDrafts = async () => {
    const ok = await confirm({
      title: `Delete ${plural(drafts.length, "draft test")}?`,
      consequence: `${drafts.map((t) => `“${t.title}”`).join(", ")} and their history are deleted. This cannot be undone.${
        notDrafts > 0 ? ` The other ${plural(notDrafts, "selected test")} (not drafts) stay. ${DRAFTS_ONLY}` : ""
      }`,
      confirmLabel: `Delete ${plural(drafts.length, "draft")}`,
      tone: "danger",
    });
    if (!ok) return;
    remove.mutate(drafts, {
      onSuccess: ({ done }) => {
        toast.success(`Deleted ${plural(done.length, "draft test")}`);
        onClear();
      },
    });
  };

  return (
    <div role="region" aria-label="Selected tests" className="flex flex-wrap items-center gap-3 border-b border-indigo-100 bg-indigo-50 px-4 py-2.5 text-sm">
      <span className="font-medium text-indigo-900" aria-live="polite">
        {plural(tests.length, "test")} selected
      </span>
      {mayAssign && (
        <Button size="sm" variant="secondary" icon={<UserRoundCog className="size-3.5" aria-hidden />} onClick={() => setAssigning(true)}>
          Assign…
        </Button>
      )}
      {mayDelete && (
        <Button
          size="sm"
          variant="danger"
          icon={<Trash2 className="size-3.5" aria-hidden />}
          disabled={drafts.length === 0}
          loading={remove.isPending}
          onClick={() => void deleteDrafts()}
          aria-describedby={notDrafts > 0 ? "bulk-drafts-only" : undefined}
        >
          Delete {plural(drafts.length, "draft")}
        </Button>
      )}
      {mayDelete && notDrafts > 0 && (
        <span id="bulk-drafts-only" className="text-xs text-indigo-900/80">
          {DRAFTS_ONLY}
        </span>
      )}
      <Button size="sm" variant="ghost" icon={<X className="size-3.5" aria-hidden />} onClick={onClear}>
        Clear selection
      </Button>
      {assigning && (
        <BulkAssignDialog
          tests={tests}
          onClose={() => setAssigning(false)}
          onDone={() => {
            setAssigning(false);
            onClear();
          }}
        />
      )}
    </div>
  );
}
