import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { RotateCcw, Save } from "lucide-react";
import { fieldErrors } from "@/api/client";
import type { Weights } from "@/api/types";
import { Button, Card, ErrorState, Field, FormError, Input, LoadingState, PageHeader, useToast } from "@/components/ui";
import { useSaveWeights, weightsQuery } from "../api/scoring";
import { isDirty, toForm, validateWeights, WEIGHT_FIELDS, weightShares, type WeightsErrors, type WeightsForm } from "../components/weights";

/** The server's defaults (docs/SCORING.md). */
const DEFAULTS: Weights = { tests: 40, detection_rules: 20, d3fend: 15, freshness: 15, platform_diversity: 10 };

function WeightsEditor({ saved }: { saved: Weights }) {
  const [form, setForm] = useState<WeightsForm>(() => toForm(saved));
  const [clientErrors, setClientErrors] = useState<WeightsErrors>({});
  const save = useSaveWeights();
  const toast = useToast();
  const server = fieldErrors(save.error) as WeightsErrors & Record<string, string>;
  const errors: WeightsErrors = { ...server, ...clientErrors };
  const shares = weightShares(Object.fromEntries(WEIGHT_FIELDS.map(({ key }) => [key, Number(form[key]) || 0])));
  const dirty = isDirty(form, saved);

  const set = (key: keyof WeightsForm, value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setClientErrors({});
    if (save.isError) save.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { weights, errors: found } = validateWeights(form);
    setClientErrors(found);
    if (!weights) return;
    save.mutate(weights, {
      onSuccess: (w) => {
        setForm(toForm(w));
        toast.success("Scoring weights saved; every score now uses them");
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Scoring weights" className="flex flex-col gap-5">
      <div className="flex flex-col divide-y divide-slate-100">
        {WEIGHT_FIELDS.map(({ key, label, description }) => (
          <div key={key} className="grid grid-cols-1 items-start gap-3 py-4 first:pt-0 sm:grid-cols-[1fr_8rem_10rem]">
            <div>
              <p className="text-sm font-medium text-slate-800">{label}</p>
              <p className="text-xs text-slate-500">{description}</p>
            </div>
            <Field id={`weight-${key}`} label={
                <>
                  <span className="sr-only">{label} </span>Weight
                </>
              } error={errors[key]}>
              <Input
                type="number"
                inputMode="numeric"
                min={0}
                max={100}
                step={1}
                value={form[key]}
                onChange={(e) => set(key, e.target.value)}
                className="tabular-nums"
              />
            </Field>
            <div className="flex flex-col gap-1 sm:pt-7">
              <div className="h-2 overflow-hidden rounded-full bg-slate-100" aria-hidden>
                <div className="h-full rounded-full bg-indigo-500" style={{ width: `${shares[key]}%` }} />
              </div>
              <p className="text-xs text-slate-500 tabular-nums">{shares[key]}% of the total</p>
            </div>
          </div>
        ))}
      </div>
      <FormError message={errors.weights} />
      <div className="flex flex-wrap justify-between gap-2 border-t border-slate-100 pt-4">
        <Button variant="ghost" icon={<RotateCcw className="size-4" aria-hidden />} onClick={() => {
          setForm(toForm(DEFAULTS));
          setClientErrors({});
          save.reset();
        }}>
          Restore defaults
        </Button>
        <div className="flex gap-2">
          <Button variant="secondary" disabled={!dirty || save.isPending} onClick={() => {
            setForm(toForm(saved));
            setClientErrors({});
            save.reset();
          }}>
            Discard changes
          </Button>
          <Button type="submit" icon={<Save className="size-4" aria-hidden />} loading={save.isPending} disabled={!dirty}>
            Save weights
          </Button>
        </div>
      </div>
    </form>
  );
}

export default function ScoringPage() {
  const q = useQuery(weightsQuery);
  return (
    <>
      <PageHeader
        title="Scoring Weights"
        description="How much each of the five components counts in a technique's 0–100 score. Tactic, threat actor and organisation scores are means of technique scores, so they all follow."
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <Card title="Weights" description="Each a whole number from 0 to 100; at least one above 0" className="xl:col-span-2">
          {q.isLoading && <LoadingState />}
          {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
          {q.data && <WeightsEditor key={JSON.stringify(q.data)} saved={q.data} />}
        </Card>
        <Card title="How a score is computed">
          <div className="flex flex-col gap-3 text-sm text-slate-600">
            <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">score = Σ (weight × value) / Σ weight</pre>
            <p>
              Sums run over the components that are available. A component whose data is not loaded at all (today: D3FEND) is left
              out of both sums, so its weight is shared among the others in proportion to theirs.
            </p>
            <p>A component that is available but has nothing for a technique counts as 0; a technique nobody has tested scores 0.</p>
            <p>The share shown next to each weight is of the five weights together; changes apply to every score at once and are recorded in the audit log.</p>
          </div>
        </Card>
      </div>
    </>
  );
}
