import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { fieldErrors } from "@/api/client";
import type { FullTemplate } from "../model/template";
import type { Severity } from "@/api/types";
import { Button, Dialog, Field, Input, Select, useToast } from "@/components/ui";
import { SEVERITIES } from "@/lib/labels";
import { useCreateTestFromTemplate } from "../api/templates";
import { argumentsBody, initialValues, missingArguments, resolveArguments } from "../model/arguments";

/**
 * Creates a draft test from `template`: one input per argument, prefilled with its default, and
 * the procedure as it will be (the command with the arguments resolved). The server fills the
 * procedure, cleanup and platform from the template; the new test opens once created.
 */
export function CreateTestDialog({ template, onClose }: { template: FullTemplate; onClose: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(template.arguments));
  const [title, setTitle] = useState(template.name);
  const [technique, setTechnique] = useState(template.technique_ids[0] ?? "");
  const [severity, setSeverity] = useState<Severity>("medium");
  const [target, setTarget] = useState("");
  const create = useCreateTestFromTemplate();
  const errors = fieldErrors(create.error);
  const navigate = useNavigate();
  const toast = useToast();
  const command = template.command ?? "";
  const preview = resolveArguments(command, template.arguments, values);
  const missing = missingArguments(command, template.arguments, values);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        template_id: template.id,
        arguments: argumentsBody(template.arguments, values),
        technique_id: technique || undefined,
        title: title.trim() || undefined,
        severity,
        target_host: target.trim() || null,
      },
      {
        onSuccess: (test) => {
          toast.success(`Test “${test.title}” created as a draft`);
          navigate(`/tests/${test.id}`);
        },
      },
    );
  };

  return (
    <Dialog open onClose={onClose} size="lg" title="Create a test from this template" description={template.name}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Create a test from the template">
        <Field id="from-tpl-title" label="Title" error={errors.title} hint="The template's name unless you change it">
          <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} data-autofocus />
        </Field>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
          <Field id="from-tpl-technique" label="Technique" error={errors.technique_id}>
            <Select value={technique} onChange={(e) => setTechnique(e.target.value)} disabled={template.technique_ids.length < 2}>
              {template.technique_ids.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="from-tpl-severity" label="Severity" error={errors.severity} required>
            <Select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s.charAt(0).toUpperCase() + s.slice(1)}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="from-tpl-target" label="Target host" error={errors.target_host}>
            <Input value={target} onChange={(e) => setTarget(e.target.value)} placeholder="e.g. WS-FIN-042" />
          </Field>
        </div>
        {template.arguments.length > 0 && (
          <fieldset className="flex flex-col gap-3">
            <legend className="mb-1 text-sm font-medium text-slate-700">Arguments</legend>
            {template.arguments.map((a) => (
              <Field
                key={a.name}
                id={`from-tpl-arg-${a.name}`}
                label={
                  <>
                    <span className="font-mono">{a.name}</span>{" "}
                    {a.type && <span className="ml-2 text-xs font-normal text-slate-500">{a.type}</span>}
                  </>
                }
                hint={[a.description, a.default ? `Default: ${a.default}` : "No default"].filter(Boolean).join(" · ")}
              >
                <Input
                  value={values[a.name] ?? ""}
                  onChange={(e) => setValues((v) => ({ ...v, [a.name]: e.target.value }))}
                  className="font-mono text-xs"
                  spellCheck={false}
                />
              </Field>
            ))}
          </fieldset>
        )}
        {command && (
          <div>
            <p className="mb-1 text-sm font-medium text-slate-700">Procedure</p>
            <pre className="max-h-56 overflow-auto rounded-md bg-slate-900 p-3 text-xs whitespace-pre-wrap text-slate-100" data-testid="procedure-preview">
              {preview}
            </pre>
            {missing.length > 0 && (
              <p className="mt-1 text-xs text-amber-700" role="status">
                No value for {missing.map((m) => `#{${m}}`).join(", ")}: it stays as written in the procedure.
              </p>
            )}
          </div>
        )}
        {errors.arguments && <p className="text-xs font-medium text-rose-600" role="alert">{errors.arguments}</p>}
        {errors.template_id && <p className="text-xs font-medium text-rose-600" role="alert">{errors.template_id}</p>}
        <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create test
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
