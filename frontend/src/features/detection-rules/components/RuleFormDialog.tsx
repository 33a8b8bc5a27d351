import { useState, type FormEvent } from "react";
import type { CustomRule, DetectionRule } from "@/api/defense";
import { Button, Dialog, Field, Input, Select, Textarea, useToast } from "@/components/ui";
import { useCreateRule, useUpdateRule } from "../api/rules";
import { RULE_LEVELS } from "../model/filters";
import { EMPTY_RULE_FORM, formFromRule, ruleFormProblems, ruleServerErrors, toCustomRule, type RuleFormValues } from "../model/ruleForm";

/**
 * Writes a custom detection rule: a new one, or `rule` changed (blue team and admin). The
 * server checks the technique ids against the catalog and names each one it refuses.
 */
export function RuleFormDialog({ rule, onClose, onSaved }: { rule?: DetectionRule; onClose: () => void; onSaved: (r: DetectionRule) => void }) {
  const [values, setValues] = useState<RuleFormValues>(() => (rule ? formFromRule(rule) : EMPTY_RULE_FORM));
  const [touched, setTouched] = useState(false);
  const create = useCreateRule();
  const update = useUpdateRule(rule?.id ?? "");
  const save = rule ? update : create;
  const [sent, setSent] = useState<CustomRule>(() => toCustomRule(values));
  const server = ruleServerErrors(save.error, sent);
  const local = ruleFormProblems(values);
  const toast = useToast();
  const set = <K extends keyof RuleFormValues>(key: K, value: RuleFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const error = (k: keyof RuleFormValues) => (touched && local[k] ? local[k] : server[k]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(local).length) return;
    const body = toCustomRule(values);
    setSent(body);
    const onSuccess = (r: DetectionRule) => {
      toast.success(rule ? `Rule “${r.title}” saved` : `Rule “${r.title}” created`);
      onSaved(r);
    };
    if (rule) update.mutate(body, { onSuccess });
    else create.mutate(body, { onSuccess });
  };

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={rule ? `Edit “${rule.title}”` : "New custom rule"}
      description="A detection your team runs that no imported source has. Tests of its techniques will list it for the blue team to report on."
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label={rule ? "Edit the rule" : "New custom rule"}>
        <Field id="rule-title" label="Title" error={error("title")} required>
          <Input value={values.title} onChange={(e) => set("title", e.target.value)} maxLength={200} data-autofocus />
        </Field>
        <Field id="rule-techniques" label="Techniques" error={error("techniques")} hint="ATT&CK ids separated by commas, e.g. T1059.001, T1027; none for an unmapped rule">
          <Input value={values.techniques} onChange={(e) => set("techniques", e.target.value)} className="font-mono" spellCheck={false} />
        </Field>
        <Field id="rule-description" label="Description" error={server.description}>
          <Textarea value={values.description} onChange={(e) => set("description", e.target.value)} rows={3} />
        </Field>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
          <Field id="rule-level" label="Level" error={server.level}>
            <Select value={values.level} onChange={(e) => set("level", e.target.value)}>
              <option value="">None</option>
              {RULE_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="rule-status" label="Status" error={server.status} hint="e.g. stable, test, production">
            <Input value={values.status} onChange={(e) => set("status", e.target.value)} maxLength={30} />
          </Field>
          <Field id="rule-language" label="Query language" error={server.language} hint="e.g. kql, spl, eql">
            <Input value={values.language} onChange={(e) => set("language", e.target.value)} maxLength={30} />
          </Field>
        </div>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field id="rule-logsource" label="Log source" error={server.logsource} hint="e.g. windows/process_creation">
            <Input value={values.logsource} onChange={(e) => set("logsource", e.target.value)} maxLength={200} />
          </Field>
          <Field id="rule-platforms" label="Platforms" error={server.platforms} hint="Separated by commas, e.g. windows, linux">
            <Input value={values.platforms} onChange={(e) => set("platforms", e.target.value)} />
          </Field>
        </div>
        <Field id="rule-query" label="Query" error={server.query}>
          <Textarea value={values.query} onChange={(e) => set("query", e.target.value)} rows={5} className="font-mono text-xs" spellCheck={false} />
        </Field>
        <Field id="rule-references" label="References" error={server.references} hint="One URL per line">
          <Textarea value={values.references} onChange={(e) => set("references", e.target.value)} rows={2} />
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {rule ? "Save rule" : "Create rule"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
