import { useState, type FormEvent } from "react";
import { Plus, Trash2 } from "lucide-react";
import type { TestTemplate } from "@/api/content";
import type { FullTemplate } from "../model/template";
import { Button, Checkbox, Dialog, Field, Input, Select, Textarea, useToast } from "@/components/ui";
import { useCreateTemplate, useUpdateTemplate } from "../api/templates";
import {
  EMPTY_ARGUMENT,
  EMPTY_TEMPLATE_FORM,
  formFromTemplate,
  parseTechniqueIds,
  templateFormErrors,
  toTemplateInput,
  toTemplatePatch,
  type ArgumentRow,
  type TemplateFormValues,
} from "../model/templateForm";
import { executorLabel, platformLabel, TEMPLATE_PLATFORMS } from "./labels";

const EXECUTORS = ["powershell", "command_prompt", "sh", "bash", "manual"];

/**
 * Writes a custom template: a new one, or `template` changed. The server checks the technique
 * ids against the catalog and names what it refuses next to each field.
 */
export function TemplateFormDialog({ template, onClose, onSaved }: { template?: FullTemplate; onClose: () => void; onSaved: (t: TestTemplate) => void }) {
  const [values, setValues] = useState<TemplateFormValues>(() => (template ? formFromTemplate(template) : EMPTY_TEMPLATE_FORM));
  const create = useCreateTemplate();
  const update = useUpdateTemplate(template?.id ?? "");
  const save = template ? update : create;
  // Placed against the values that were sent (the form may have changed since).
  const [sent, setSent] = useState(values);
  const { fields: errors, rows: rowErrors } = templateFormErrors(save.error, sent);
  const toast = useToast();
  const set = <K extends keyof TemplateFormValues>(key: K, value: TemplateFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const setArg = (i: number, patch: Partial<ArgumentRow>) =>
    setValues((v) => ({ ...v, arguments: v.arguments.map((a, j) => (j === i ? { ...a, ...patch } : a)) }));
  const ready = values.name.trim() !== "" && parseTechniqueIds(values.techniques).length > 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setSent(values);
    const onSuccess = (t: TestTemplate) => {
      toast.success(template ? `Template “${t.name}” saved` : `Template “${t.name}” created`);
      onSaved(t);
    };
    if (template) update.mutate(toTemplatePatch(values), { onSuccess });
    else create.mutate(toTemplateInput(values), { onSuccess });
  };

  const argErrors = errors.arguments ?? [];
  return (
    <Dialog open onClose={onClose} size="lg" title={template ? `Edit “${template.name}”` : "New custom template"} description="A procedure your red team can start tests from. Write #{name} in the command for each argument.">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label={template ? "Edit the template" : "New custom template"}>
        <Field id="tpl-name" label="Name" error={errors.name} required>
          <Input value={values.name} onChange={(e) => set("name", e.target.value)} maxLength={200} data-autofocus />
        </Field>
        <Field id="tpl-techniques" label="Techniques" error={errors.techniques} hint="ATT&CK ids separated by commas, e.g. T1059.001, T1105" required>
          <Input value={values.techniques} onChange={(e) => set("techniques", e.target.value)} className="font-mono" spellCheck={false} />
        </Field>
        <Field id="tpl-description" label="Description" error={errors.description}>
          <Textarea rows={3} value={values.description} onChange={(e) => set("description", e.target.value)} />
        </Field>
        <fieldset className="flex flex-col gap-1.5">
          <legend className="text-sm font-medium text-slate-700">Platforms</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1.5">
            {TEMPLATE_PLATFORMS.map((p) => (
              <label key={p} className="inline-flex items-center gap-1.5 text-sm text-slate-700">
                <input
                  type="checkbox"
                  className="size-4 accent-indigo-600"
                  checked={values.platforms.includes(p)}
                  onChange={(e) => set("platforms", e.target.checked ? [...values.platforms, p] : values.platforms.filter((x) => x !== p))}
                />
                {platformLabel(p)}
              </label>
            ))}
          </div>
          {errors.platforms?.map((m) => (
            <p key={m} className="text-xs font-medium text-rose-600" role="alert">
              {m}
            </p>
          ))}
        </fieldset>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field id="tpl-executor" label="Executor" error={errors.executor}>
            <Select value={values.executor} onChange={(e) => set("executor", e.target.value)}>
              <option value="">Not specified</option>
              {EXECUTORS.map((x) => (
                <option key={x} value={x}>
                  {executorLabel(x)}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="tpl-privileges" label="Privileges" error={errors.privileges} hint="e.g. User, Administrator, root">
            <Input value={values.privileges} onChange={(e) => set("privileges", e.target.value)} />
          </Field>
        </div>
        <Checkbox id="tpl-elevation" label="Elevation required" checked={values.elevation_required} onChange={(e) => set("elevation_required", e.target.checked)} />
        <Field id="tpl-command" label="Command" error={errors.command}>
          <Textarea rows={5} value={values.command} onChange={(e) => set("command", e.target.value)} className="font-mono text-xs" spellCheck={false} />
        </Field>
        <Field id="tpl-cleanup" label="Cleanup" error={errors.cleanup}>
          <Textarea rows={3} value={values.cleanup} onChange={(e) => set("cleanup", e.target.value)} className="font-mono text-xs" spellCheck={false} />
        </Field>
        <fieldset className="flex flex-col gap-2">
          <legend className="text-sm font-medium text-slate-700">Arguments</legend>
          {values.arguments.map((a, i) => (
            <div key={i} className="grid grid-cols-[1fr_1fr_6rem_1fr_auto] items-end gap-2" role="group" aria-label={`Argument ${i + 1}`}>
              <Field id={`tpl-arg-${i}-name`} label="Name" error={rowErrors[i]?.name}>
                <Input value={a.name} onChange={(e) => setArg(i, { name: e.target.value })} className="font-mono text-xs" spellCheck={false} />
              </Field>
              <Field id={`tpl-arg-${i}-description`} label="Description" error={rowErrors[i]?.description}>
                <Input value={a.description} onChange={(e) => setArg(i, { description: e.target.value })} />
              </Field>
              <Field id={`tpl-arg-${i}-type`} label="Type" error={rowErrors[i]?.type}>
                <Input value={a.type} onChange={(e) => setArg(i, { type: e.target.value })} />
              </Field>
              <Field id={`tpl-arg-${i}-default`} label="Default" error={rowErrors[i]?.default}>
                <Input value={a.default} onChange={(e) => setArg(i, { default: e.target.value })} className="font-mono text-xs" spellCheck={false} />
              </Field>
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Remove argument ${a.name || i + 1}`}
                icon={<Trash2 className="size-3.5" aria-hidden />}
                onClick={() => set("arguments", values.arguments.filter((_, j) => j !== i))}
              />
            </div>
          ))}
          {argErrors.length > 0 && (
            <ul className="list-disc pl-4 text-xs font-medium text-rose-600" role="alert">
              {argErrors.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
          <div>
            <Button variant="secondary" size="sm" icon={<Plus className="size-3.5" aria-hidden />} onClick={() => set("arguments", [...values.arguments, { ...EMPTY_ARGUMENT }])}>
              Add argument
            </Button>
          </div>
        </fieldset>
        <Field id="tpl-references" label="References" error={errors.references} hint="One URL per line">
          <Textarea rows={2} value={values.references} onChange={(e) => set("references", e.target.value)} className="text-xs" spellCheck={false} />
        </Field>
        <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!ready}>
            {template ? "Save template" : "Create template"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
