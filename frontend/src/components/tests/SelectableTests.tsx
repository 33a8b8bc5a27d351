import { useState } from "react";
import type { TestRow } from "@/api/types";
import { BulkActions, useBulkAllowed } from "./BulkActions";
import { TestsTable, type Column } from "./TestsTable";

/**
 * A tests table with selection and bulk actions for the roles that have any (leads assign,
 * admins assign and delete drafts); a plain sortable table for everyone else.
 */
export function SelectableTests({ tests, caption, columns }: { tests: readonly TestRow[]; caption: string; columns?: readonly Column[] }) {
  const allowed = useBulkAllowed();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // Only what is still listed stays selected (a deleted or filtered-out test drops out).
  const chosen = tests.filter((t) => selected.has(t.id));
  return (
    <>
      {allowed && <BulkActions tests={chosen} onClear={() => setSelected(new Set())} />}
      <TestsTable tests={tests} caption={caption} columns={columns} selection={allowed ? { selected, onChange: setSelected } : undefined} />
    </>
  );
}
