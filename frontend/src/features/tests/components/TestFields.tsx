import type { Severity } from "@/api/types";
import { SIDE_ROLES } from "@/api/directory";
import { UserPicker } from "@/components/UserPicker";
import { Field, Input, Select, Textarea } from "@/components/ui";
import { PLATFORMS, SEVERITIES } from "@/lib/labels";

export interface TestFieldValues {
  title: string;
  severity: Severity;
  platform: string;
  target_host: string;
  procedure: string;
  assigned_red: string;
  assigned_blue: string;
}

export const EMPTY_TEST_FIELDS: TestFieldValues = {
  title: "",
  severity: "medium",
  platform: "",
  target_host: "",
  procedure: "",
  assigned_red: "",
  assigned_blue: "",
};

/** The request body's optional fields: empty inputs become null. */
export function toTestBody(v: TestFieldValues) {
  const opt = (s: string) => (s.trim() ? s.trim() : null);
  return {
    title: v.title.trim(),
    severity: v.severity,
    platform: opt(v.platform),
    target_host: opt(v.target_host),
    procedure: v.procedure,
    assigned_red: opt(v.assigned_red),
    assigned_blue: opt(v.assigned_blue),
  };
}

/** The editable fields of a test (everything but its technique). */
export function TestFields({
  values,
  onChange,
  errors,
  platforms,
  idPrefix = "test",
}: {
  values: TestFieldValues;
  onChange: (v: TestFieldValues) => void;
  errors: Record<string, string>;
  platforms?: string[];
  idPrefix?: string;
}) {
  const set = <K extends keyof TestFieldValues>(key: K, value: TestFieldValues[K]) => onChange({ ...values, [key]: value });
  const platformOptions = platforms && platforms.length > 0 ? platforms : PLATFORMS;
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
      <Field id={`${idPrefix}-title`} label="Title" error={errors.title} required className="sm:col-span-2">
        <Input value={values.title} onChange={(e) => set("title", e.target.value)} placeholder="e.g. Encoded PowerShell download cradle on a workstation" maxLength={200} />
      </Field>
      <Field id={`${idPrefix}-severity`} label="Severity" error={errors.severity} required>
        <Select value={values.severity} onChange={(e) => set("severity", e.target.value as Severity)}>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s.charAt(0).toUpperCase() + s.slice(1)}
            </option>
          ))}
        </Select>
      </Field>
      <Field id={`${idPrefix}-platform`} label="Platform" error={errors.platform}>
        <Select value={values.platform} onChange={(e) => set("platform", e.target.value)}>
          <option value="">Not specified</option>
          {platformOptions.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </Select>
      </Field>
      <Field id={`${idPrefix}-target`} label="Target host" error={errors.target_host} hint="The machine the attack runs against">
        <Input value={values.target_host} onChange={(e) => set("target_host", e.target.value)} placeholder="e.g. WS-FIN-042" />
      </Field>
      <div className="hidden sm:block" />
      <Field id={`${idPrefix}-red`} label="Red team assignee" error={errors.assigned_red} hint="Nobody: any red tech may take it">
        <UserPicker roles={SIDE_ROLES.red} value={values.assigned_red} onChange={(v) => set("assigned_red", v)} emptyLabel="Nobody yet" />
      </Field>
      <Field id={`${idPrefix}-blue`} label="Blue team assignee" error={errors.assigned_blue} hint="Nobody: any blue tech may take it">
        <UserPicker roles={SIDE_ROLES.blue} value={values.assigned_blue} onChange={(v) => set("assigned_blue", v)} emptyLabel="Nobody yet" />
      </Field>
      <Field id={`${idPrefix}-procedure`} label="Procedure" error={errors.procedure} hint="What the red team will run, step by step" className="sm:col-span-2">
        <Textarea rows={6} value={values.procedure} onChange={(e) => set("procedure", e.target.value)} className="font-mono text-xs" />
      </Field>
    </div>
  );
}
