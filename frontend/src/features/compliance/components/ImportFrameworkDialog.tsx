import { useState, type FormEvent } from "react";
import type { FrameworkFormat, FrameworkImportResult } from "@/api/defense";
import { Button, Dialog, Field, Input, Select, useToast } from "@/components/ui";
import { formatBytes, plural } from "@/lib/format";
import { useImportFramework } from "../api/compliance";
import { frameworkIdOf, formatOfFile, MAX_IMPORT_BYTES } from "../model/importErrors";
import { ImportErrors } from "./ImportErrors";

/**
 * Imports a framework from a CSV (`control_id,control_name,technique_id[,mapping_type]`) or a
 * Mappings Explorer JSON file (admin). Importing the same name again replaces the framework.
 */
export function ImportFrameworkDialog({ onClose, onImported }: { onClose: () => void; onImported: (r: FrameworkImportResult) => void }) {
  const [name, setName] = useState("");
  const [format, setFormat] = useState<FrameworkFormat>("csv");
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const importer = useImportFramework();
  const toast = useToast();
  const id = frameworkIdOf(name);
  const nameError = touched && !id ? "A name with at least one letter or digit" : undefined;

  const pick = (f: File | undefined) => {
    importer.reset();
    setFileError(null);
    setFile(f ?? null);
    if (!f) return;
    if (f.size > MAX_IMPORT_BYTES) setFileError(`The file is ${formatBytes(f.size)}; at most ${formatBytes(MAX_IMPORT_BYTES)} are accepted`);
    else if (f.size === 0) setFileError("The file is empty");
    const guessed = formatOfFile(f.name);
    if (guessed) setFormat(guessed);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!id || !file || fileError) {
      if (!file) setFileError("Choose the file to import");
      return;
    }
    importer.mutate(
      { name, format, file },
      {
        onSuccess: (r) => {
          toast.success(
            `${r.framework.name} imported: ${plural(r.framework.controls, "control")} (${r.added} added, ${r.updated} updated, ${r.removed} removed, ${r.unchanged} unchanged)`,
          );
          onImported(r);
        },
      },
    );
  };

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title="Import a compliance framework"
      description="Its controls and the ATT&CK techniques each maps to. A CSV has the header control_id,control_name,technique_id and an optional mapping_type column; the whole file is refused if any row is wrong."
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Import a compliance framework">
        <Field id="fw-name" label="Framework name" required error={nameError} hint={id ? `Its id will be ${id}; importing the same name again replaces it.` : "e.g. CIS Controls v8"}>
          <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} data-autofocus />
        </Field>
        <Field id="fw-file" label="File" required error={fileError ?? undefined} hint="CSV or Mappings Explorer JSON, at most 5 MB">
          <Input type="file" accept=".csv,.json,text/csv,application/json" onChange={(e) => pick(e.target.files?.[0])} className="h-auto py-1.5" />
        </Field>
        <Field id="fw-format" label="Format">
          <Select value={format} onChange={(e) => setFormat(e.target.value as FrameworkFormat)}>
            <option value="csv">CSV (control_id, control_name, technique_id[, mapping_type])</option>
            <option value="mappings-explorer">Mappings Explorer JSON</option>
          </Select>
        </Field>
        <ImportErrors error={importer.error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={importer.isPending} disabled={Boolean(fileError)}>
            Import framework
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
