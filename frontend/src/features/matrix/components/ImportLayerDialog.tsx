import { useRef, useState, type FormEvent } from "react";
import { FileUp } from "lucide-react";
import { errorMessage, fieldErrors } from "@/api/client";
import type { TechniqueSet } from "@/api/types";
import { Button, Dialog, Field, Input, Textarea, useToast } from "@/components/ui";
import { useImportLayer } from "../api/techniqueSets";
import { checkLayerSize, checkSetName, layerBody, MAX_SET_NAME, parseLayer, readText, type ParsedLayer } from "./layerFile";

/** Picks a Navigator layer file, checks it, and imports it as a named technique set. */
export function ImportLayerDialog({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: (set: TechniqueSet) => void }) {
  const [layer, setLayer] = useState<ParsedLayer | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const importer = useImportLayer();
  const toast = useToast();
  const server = fieldErrors(importer.error);

  const close = () => {
    setLayer(null);
    setFileError(null);
    setName("");
    setDescription("");
    setNameError(null);
    importer.reset();
    onClose();
  };

  const pick = async (file: File | undefined) => {
    importer.reset();
    setLayer(null);
    setFileError(null);
    if (!file) return;
    const tooBig = checkLayerSize(file.size);
    if (tooBig) {
      setFileError(tooBig);
      return;
    }
    let text: string;
    try {
      text = await readText(file);
    } catch (e) {
      setFileError(`The file could not be read: ${errorMessage(e)}`);
      return;
    }
    const result = parseLayer(text);
    if (!result.ok) {
      setFileError(result.error);
      return;
    }
    setLayer(result.layer);
    setName(result.layer.name);
    setDescription(result.layer.description);
    setNameError(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!layer) {
      setFileError(fileError ?? "Choose a Navigator layer file.");
      return;
    }
    const bad = checkSetName(name);
    setNameError(bad);
    if (bad) return;
    importer.mutate(layerBody(layer, name, description), {
      onSuccess: (set) => {
        const unknown = set.unknown.length ? `; ${set.unknown.length} id${set.unknown.length === 1 ? "" : "s"} unknown to the catalog left out` : "";
        toast.success(`Imported “${set.name}”: ${set.techniques} technique${set.techniques === 1 ? "" : "s"}${unknown}`);
        onImported(set);
        close();
      },
    });
  };

  // The layer's content refused (e.g. `no_known_techniques`: none of its ids is in the catalog)
  // is shown next to the file.
  const bodyError = [server.body, server.techniques].filter(Boolean).join("; ") || undefined;

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Import a Navigator layer"
      description="A layer exported from ATT&CK Navigator (4.x, or legacy 3.0), e.g. a threat actor's techniques, becomes a technique set to compare coverage against."
      size="lg"
    >
      <form className="flex flex-col gap-4" onSubmit={submit} noValidate aria-label="Import a Navigator layer">
        <Field id="layer-file" label="Layer file" required error={fileError ?? bodyError} hint="A .json file of up to 1 MB">
          <input
            ref={input}
            type="file"
            accept=".json,application/json"
            data-autofocus
            aria-describedby={fileError ?? bodyError ? "layer-file-error" : "layer-file-hint"}
            aria-invalid={Boolean(fileError ?? bodyError) || undefined}
            onChange={(e) => void pick(e.target.files?.[0])}
            className="block w-full text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:text-sm file:font-medium file:text-indigo-700 hover:file:bg-indigo-100"
            id="layer-file"
          />
        </Field>
        {layer && (
          <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="layer-summary" aria-live="polite">
            <p>
              <strong>{layer.techniques.length}</strong> technique{layer.techniques.length === 1 ? "" : "s"} in {layer.domain}
              {layer.version && ` · layer format ${layer.version}`}
              {layer.disabled > 0 && ` · ${layer.disabled} disabled left out`}
            </p>
            <p className="mt-1 truncate font-mono text-xs text-slate-500" title={layer.techniques.join(", ")}>
              {layer.techniques.slice(0, 12).join(", ")}
              {layer.techniques.length > 12 && ", …"}
            </p>
          </div>
        )}
        <Field id="layer-name" label="Set name" required error={nameError ?? server.name} hint="Taken from the layer; change it if you like">
          <Input value={name} maxLength={MAX_SET_NAME} onChange={(e) => { setName(e.target.value); setNameError(null); }} disabled={!layer} autoComplete="off" />
        </Field>
        <Field id="layer-description" label="Description" error={server.description}>
          <Textarea rows={3} value={description} onChange={(e) => setDescription(e.target.value)} disabled={!layer} />
        </Field>
        <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" icon={<FileUp className="size-4" aria-hidden />} loading={importer.isPending} disabled={!layer}>
            Import set
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
