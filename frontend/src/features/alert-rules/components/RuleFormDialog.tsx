import { useState, type FormEvent } from "react";
import { ApiError, fieldErrors } from "@/api/client";
import type { AlertRule, AlertSeverity } from "@/api/types";
import { Button, Checkbox, Dialog, Field, FormError, Input, Select, Textarea, useToast } from "@/components/ui";
import { useCreateRule, useUpdateRule } from "../api/alertRules";
import { ALERT_SEVERITIES, ALERT_SEVERITY_LABELS } from "../model/condition";
import { buildCreate, buildUpdate, changesSomething, COOLDOWN_UNITS, emptyForm, formFromRule, unplacedErrors, type CooldownUnit, type FormErrors, type RuleForm } from "../model/form";
import { ChannelsField } from "./ChannelsField";
import { ConditionFields } from "./ConditionFields";
import { RecipientsFields } from "./RecipientsFields";

function RuleFormBody({
  rule,
  onClose,
  onCreated,
  onConflict,
  notice,
}: {
  rule?: AlertRule;
  onClose: () => void;
  onCreated?: (rule: AlertRule) => void;
  onConflict: () => void;
  notice?: string;
}) {
  const [form, setForm] = useState<RuleForm>(() => (rule ? formFromRule(rule) : emptyForm()));
  const [clientErrors, setClientErrors] = useState<FormErrors>({});
  const create = useCreateRule();
  const update = useUpdateRule(rule?.id ?? "");
  const saving = rule ? update : create;
  const errors = { ...fieldErrors(saving.error), ...clientErrors };
  const unplaced = unplacedErrors(saving.error, form.users.length, form.channels.length);
  const toast = useToast();
  const set = (patch: Partial<RuleForm>) => setForm((f) => ({ ...f, ...patch }));

  /** What cannot be sent is shown at once, in place of an earlier refusal. */
  const refuse = (found: FormErrors) => {
    saving.reset();
    setClientErrors(found);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (rule) {
      const built = buildUpdate(form, rule);
      if (!built.ok) return refuse(built.errors);
      setClientErrors({});
      if (!changesSomething(built.body)) return onClose();
      update.mutate(built.body, {
        onSuccess: (saved) => {
          toast.success(`Saved “${saved.name}”`);
          onClose();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.status === 409) onConflict();
        },
      });
      return;
    }
    const built = buildCreate(form);
    if (!built.ok) return refuse(built.errors);
    setClientErrors({});
    create.mutate(built.body, {
      onSuccess: (created) => {
        toast.success(`Created “${created.name}”`);
        onClose();
        onCreated?.(created);
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label={rule ? "Edit alert rule" : "New alert rule"}>
      {notice && (
        <div role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {notice}
        </div>
      )}
      <Field id="rule-name" label="Name" required error={errors.name}>
        <Input value={form.name} onChange={(e) => set({ name: e.target.value })} maxLength={200} data-autofocus />
      </Field>
      <Field id="rule-description" label="Description" error={errors.description}>
        <Textarea value={form.description} onChange={(e) => set({ description: e.target.value })} rows={2} maxLength={2000} />
      </Field>
      <ConditionFields form={form} set={set} errors={errors} />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field id="rule-severity" label="Severity" required error={errors.severity}>
          <Select value={form.severity} onChange={(e) => set({ severity: e.target.value as AlertSeverity })}>
            {ALERT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {ALERT_SEVERITY_LABELS[s]}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id="rule-cooldown"
          label="Cooldown"
          error={errors.cooldown_minutes}
          hint="0 to 90 days. While the condition keeps holding, it fires again only after this long."
        >
          <div className="flex gap-2">
            <Input type="number" inputMode="numeric" min={0} step={1} value={form.cooldown} onChange={(e) => set({ cooldown: e.target.value })} className="w-28" />
            <Select
              id="rule-cooldown-unit"
              aria-label="Cooldown unit"
              value={form.cooldownUnit}
              onChange={(e) => set({ cooldownUnit: e.target.value as CooldownUnit })}
              className="w-32"
            >
              {COOLDOWN_UNITS.map((u) => (
                <option key={u.unit} value={u.unit}>
                  {u.label}
                </option>
              ))}
            </Select>
          </div>
        </Field>
      </div>
      <Checkbox
        id="rule-enabled"
        label="Enabled"
        description="Evaluated every hour and on an administrator's request. A disabled rule is kept but never fires."
        checked={form.enabled}
        onChange={(e) => set({ enabled: e.target.checked })}
      />
      <RecipientsFields form={form} set={set} errors={errors} />
      <ChannelsField form={form} set={set} errors={errors} />
      {unplaced.length > 0 && <FormError message={unplaced.join("; ")} />}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={saving.isPending}>
          {rule ? "Save rule" : "Create rule"}
        </Button>
      </div>
    </form>
  );
}

/**
 * The rule's form, new (`rule` absent) or on the version read. When a save finds the rule
 * changed (409), the rule is read again and the form starts over from it, saying why.
 */
export function RuleFormDialog({ rule, onClose, onCreated }: { rule?: AlertRule; onClose: () => void; onCreated?: (rule: AlertRule) => void }) {
  const [reloaded, setReloaded] = useState(false);
  return (
    <Dialog open onClose={onClose} size="lg" title={rule ? `Edit “${rule.name}”` : "New alert rule"}>
      <RuleFormBody
        key={rule ? `${rule.id}-${rule.version}` : "new"}
        rule={rule}
        onClose={onClose}
        onCreated={onCreated}
        onConflict={() => setReloaded(true)}
        notice={reloaded ? "This rule was changed by someone else while you edited it. The form shows the rule as it is saved now; make your changes again." : undefined}
      />
    </Dialog>
  );
}
