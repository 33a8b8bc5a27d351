import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { tacticsQuery } from "@/api/tactics";
import type { TestState } from "@/api/types";
import { Field, Input, Select } from "@/components/ui";
import { plural } from "@/lib/format";
import { STATE_LABELS } from "@/lib/labels";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { actorQuery, actorSearchQuery, techniqueSetsQuery } from "../api/lookups";
import { KINDS, STUCK_STATES, type KindName } from "../model/condition";
import type { RuleForm } from "../model/form";

type Props = {
  form: RuleForm;
  set: (patch: Partial<RuleForm>) => void;
  errors: Record<string, string>;
};

function Threshold({ form, set, errors }: Props) {
  return (
    <Field id="rule-threshold" label="Score threshold" required error={errors["condition.threshold"]} hint="0 to 100: it holds while the score is below this.">
      <Input type="number" inputMode="decimal" min={0} max={100} step="any" value={form.threshold} onChange={(e) => set({ threshold: e.target.value })} />
    </Field>
  );
}

function Days({ form, set, errors, label, hint }: Props & { label: string; hint: string }) {
  return (
    <Field id="rule-days" label={label} required error={errors["condition.days"]} hint={hint}>
      <Input type="number" inputMode="numeric" min={1} max={3650} step={1} value={form.days} onChange={(e) => set({ days: e.target.value })} />
    </Field>
  );
}

function TacticPicker({ form, set, errors }: Props) {
  const q = useQuery(tacticsQuery);
  const tactics = [...(q.data?.items ?? [])].filter((t) => !t.revoked && !t.removed).sort((a, b) => a.order - b.order);
  const listed = tactics.some((t) => t.shortname === form.tactic);
  return (
    <Field id="rule-tactic" label="Tactic" required error={errors["condition.tactic"]}>
      <Select value={form.tactic} onChange={(e) => set({ tactic: e.target.value })} aria-busy={q.isLoading || undefined}>
        <option value="">{q.isLoading ? "Loading tactics…" : q.isError ? "Tactics could not be loaded" : "Choose a tactic…"}</option>
        {form.tactic && !listed && <option value={form.tactic}>{form.tactic}</option>}
        {tactics.map((t) => (
          <option key={t.id} value={t.shortname}>
            {t.name} ({t.id})
          </option>
        ))}
      </Select>
    </Field>
  );
}

function ActorPicker({ form, set, errors }: Props) {
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim(), 300);
  const found = useQuery(actorSearchQuery(q));
  const current = useQuery(actorQuery(form.threatActor));
  const choices = (found.data?.items ?? []).filter((a) => !a.revoked);
  const listed = choices.some((a) => a.attack_id === form.threatActor);
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
      <Field id="rule-actor-search" label="Find a threat actor" hint="By ATT&CK id, name or alias.">
        <Input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="APT29 or G0016" />
      </Field>
      <Field id="rule-actor" label="Threat actor" required error={errors["condition.threat_actor"]}>
        <Select value={form.threatActor} onChange={(e) => set({ threatActor: e.target.value })} aria-busy={found.isFetching || undefined}>
          <option value="">{found.isLoading ? "Loading threat actors…" : `Choose among ${choices.length} shown…`}</option>
          {form.threatActor && !listed && (
            <option value={form.threatActor}>{current.data ? `${current.data.name} (${form.threatActor})` : form.threatActor}</option>
          )}
          {choices.map((a) => (
            <option key={a.attack_id} value={a.attack_id}>
              {a.name} ({a.attack_id}, {plural(a.technique_count, "technique")})
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}

function SetPicker({ form, set, errors }: Props) {
  const q = useQuery(techniqueSetsQuery);
  const sets = q.data?.items ?? [];
  const listed = sets.some((s) => s.id === form.techniqueSetId);
  return (
    <Field
      id="rule-set"
      label="Technique set"
      required
      error={errors["condition.technique_set_id"]}
      hint={q.isSuccess && sets.length === 0 ? "No set is imported yet: a lead imports one as a Navigator layer on the ATT&CK Matrix." : undefined}
    >
      <Select value={form.techniqueSetId} onChange={(e) => set({ techniqueSetId: e.target.value })} aria-busy={q.isLoading || undefined}>
        <option value="">{q.isLoading ? "Loading technique sets…" : "Choose a technique set…"}</option>
        {form.techniqueSetId && !listed && <option value={form.techniqueSetId}>{q.isSuccess ? "A deleted set" : form.techniqueSetId}</option>}
        {sets.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({plural(s.techniques, "technique")})
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** The kind's own parameters, each typed as the kind needs and with the server's range. */
function Parameters(props: Props) {
  const { form, set, errors } = props;
  switch (form.kind) {
    case "org_score_below":
      return <Threshold {...props} />;
    case "tactic_score_below":
      return (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <TacticPicker {...props} />
          <Threshold {...props} />
        </div>
      );
    case "threat_actor_score_below":
      return (
        <>
          <ActorPicker {...props} />
          <Threshold {...props} />
        </>
      );
    case "technique_set_score_below":
      return (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <SetPicker {...props} />
          <Threshold {...props} />
        </div>
      );
    case "tests_stuck":
      return (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Field id="rule-state" label="Test state" required error={errors["condition.state"]} hint="Any state but Approved, where tests end.">
            <Select value={form.state} onChange={(e) => set({ state: e.target.value as TestState })}>
              {STUCK_STATES.map((s) => (
                <option key={s} value={s}>
                  {STATE_LABELS[s]}
                </option>
              ))}
            </Select>
          </Field>
          <Days {...props} label="For more than (days)" hint="1 to 3650, counted from the test's last change." />
        </div>
      );
    case "remediation_overdue":
      return (
        <Field id="rule-grace" label="Grace (days past the due date)" error={errors["condition.grace_days"]} hint="0 to 3650; 0 holds from the day after the due date.">
          <Input type="number" inputMode="numeric" min={0} max={3650} step={1} value={form.graceDays} onChange={(e) => set({ graceDays: e.target.value })} />
        </Field>
      );
    case "validation_stale":
      return <Days {...props} label="Older than (days)" hint="1 to 3650: a technique's latest validation older than this." />;
    case "unreviewed_changes":
      return <Days {...props} label="Days after the sync" hint="1 to 3650: how long a changed technique may wait for its review." />;
    case "coverage_regressed":
    case "tracked_actor_gap":
      return null;
  }
}

/** The kind and its parameters. */
export function ConditionFields(props: Props) {
  const { form, set } = props;
  const hint = KINDS.find((k) => k.kind === form.kind)?.hint;
  return (
    <fieldset className="flex flex-col gap-3 rounded-lg border border-slate-200 p-4">
      <legend className="px-1 text-sm font-medium text-slate-700">Condition</legend>
      <Field id="rule-kind" label="What to watch" required hint={hint}>
        <Select value={form.kind} onChange={(e) => set({ kind: e.target.value as KindName })}>
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </Select>
      </Field>
      <Parameters {...props} />
    </fieldset>
  );
}
