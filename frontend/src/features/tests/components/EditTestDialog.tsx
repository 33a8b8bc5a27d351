import { useState, type FormEvent } from "react";
import { fieldErrors } from "@/api/client";
import type { TestDetail } from "@/api/types";
import { Button, Dialog, useToast } from "@/components/ui";
import { useUpdateTest } from "../api/tests";
import { TestFields, toTestBody, type TestFieldValues } from "./TestFields";

function valuesOf(t: TestDetail): TestFieldValues {
  return {
    title: t.title,
    severity: t.severity,
    platform: t.platform ?? "",
    target_host: t.target_host ?? "",
    procedure: t.procedure,
    assigned_red: t.assigned_red ?? "",
    assigned_blue: t.assigned_blue ?? "",
  };
}

export function EditTestDialog({ test, open, onClose }: { test: TestDetail; open: boolean; onClose: () => void }) {
  const [values, setValues] = useState(() => valuesOf(test));
  const update = useUpdateTest(test.id);
  const toast = useToast();
  const errors = fieldErrors(update.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(toTestBody(values), {
      onSuccess: () => {
        toast.success("Test updated");
        onClose();
      },
    });
  };
  return (
    <Dialog open={open} onClose={onClose} title="Edit draft test" size="lg">
      <form onSubmit={submit} className="flex flex-col gap-4">
        <TestFields values={values} onChange={setValues} errors={errors} idPrefix="edit" />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!values.title.trim()}>
            Save changes
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
