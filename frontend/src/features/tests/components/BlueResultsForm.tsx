import { useState, type FormEvent } from "react";
import { Plus, Trash2 } from "lucide-react";
import type { Detection, Layer, LayerOutcome, TestDetail } from "@/api/types";
import { OutcomeBadge } from "@/components/OutcomeBadge";
import { Button, Field, Input, Select, Textarea } from "@/components/ui";
import { fromLocalInput } from "@/lib/datetime";
import { formatDateTime, formatDuration } from "@/lib/format";
import { DETECTION_LABELS, DETECTIONS, LAYER_LABELS, LAYERS } from "@/lib/labels";
import { hasDetectionTime, needsAlertName, testOutcome, timeToDetect } from "@/lib/outcome";
import { RuleOutcomesFieldset } from "./RuleOutcomesFieldset";
import { rowsFromTest, ruleSummary, toRuleOutcomes, type RuleRow } from "./ruleOutcomes";
import { SubmitSummary } from "./SubmitSummary";
import { useStep } from "./useStep";

export interface OutcomeRow {
  layer: Layer;
  /** "" until the blue tech chooses: there is no default result. */
  result: Detection | "";
  alert_name: string;
  /** datetime-local value; "" when not given. */
  detected_at: string;
}

export const newRow = (layer: Layer): OutcomeRow => ({ layer, result: "", alert_name: "", detected_at: "" });

/**
 * The rules the server applies to the outcomes, checked as the user types: every layer once,
 * a result chosen for each, the alert or rule named when it alerted or prevented, a detection
 * time neither before the execution nor in the future. Field errors are keyed as the server
 * keys its own (`outcomes[i].alert_name`); `missing` says what blocks submitting, in words.
 */
export function checkBlueRows(rows: readonly OutcomeRow[], executedAt: string | null | undefined, now: Date = new Date()) {
  const errors: Record<string, string> = {};
  const missing: string[] = [];
  const executed = executedAt ? Date.parse(executedAt) : Number.NaN;
  rows.forEach((row, i) => {
    const name = `${LAYER_LABELS[row.layer]} (layer ${i + 1})`;
    if (rows.findIndex((r) => r.layer === row.layer) !== i) {
      errors[`outcomes[${i}].layer`] = `${LAYER_LABELS[row.layer]} is already listed above`;
      missing.push(`${name}: a layer not listed twice`);
    }
    if (!row.result) missing.push(`${name}: the result`);
    if (needsAlertName(row.result) && !row.alert_name.trim()) {
      errors[`outcomes[${i}].alert_name`] = "Required when the layer alerted or prevented: name the alert or rule that fired";
      missing.push(`${name}: the alert or rule name`);
    }
    const at = hasDetectionTime(row.result) ? fromLocalInput(row.detected_at) : null;
    if (at) {
      const t = Date.parse(at);
      if (!Number.isNaN(executed) && t < executed) {
        errors[`outcomes[${i}].detected_at`] = `Before the attack was executed (${formatDateTime(executedAt)})`;
        missing.push(`${name}: a detection time after the execution`);
      } else if (t > now.getTime() + 60_000) {
        errors[`outcomes[${i}].detected_at`] = "In the future";
        missing.push(`${name}: a detection time that is not in the future`);
      }
    }
  });
  return { errors, missing };
}

/** The rows as the request's outcomes (only complete rows are ever sent). */
function toOutcomes(rows: readonly OutcomeRow[]): LayerOutcome[] {
  return rows.map((r) => ({
    layer: r.layer,
    result: r.result as Detection,
    alert_name: r.alert_name.trim() || null,
    detected_at: hasDetectionTime(r.result) ? fromLocalInput(r.detected_at) : null,
  }));
}

/**
 * The blue team's results, one row per defensive layer. No result is chosen beforehand; the
 * summary at the end shows the outcome and time to detect these rows give, and what is missing.
 */
export function BlueResultsForm({ test }: { test: TestDetail }) {
  const [rows, setRows] = useState<OutcomeRow[]>([newRow("edr")]);
  const [notes, setNotes] = useState("");
  const [rules, setRules] = useState<RuleRow[]>(() => rowsFromTest(test.rules));
  const { step, run, errors: serverErrors } = useStep(test.id, "Blue results submitted: the leads are asked to review");
  const executedAt = test.red?.executed_at ?? null;
  const local = checkBlueRows(rows, executedAt);
  const errors = { ...local.errors, ...serverErrors };
  const update = (i: number, patch: Partial<OutcomeRow>) => setRows((r) => r.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  const complete = local.missing.length === 0;
  const preview = complete ? { red: test.red, blue: { notes, outcomes: toOutcomes(rows) } } : null;
  const ttd = preview ? timeToDetect(preview) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!complete) return;
    run({ action: "submit_blue", body: { notes, outcomes: toOutcomes(rows), rule_outcomes: toRuleOutcomes(rules) } });
  };

  return (
    <form className="flex flex-col gap-4" onSubmit={submit} aria-label="Blue team results" noValidate>
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-1 text-sm font-medium text-slate-700">Detection per defensive layer</legend>
        <p className="text-xs text-slate-600">
          {executedAt ? `The red team executed the attack at ${formatDateTime(executedAt)}.` : "The red team gave no execution time."} Choose a result for every layer you checked.
        </p>
        {rows.map((row, i) => (
          <div key={i} className="grid grid-cols-1 items-start gap-3 rounded-lg border border-slate-200 p-3 sm:grid-cols-2 2xl:grid-cols-[1fr_1.2fr_1.4fr_1.4fr_auto]" data-layer-row={i}>
            <Field id={`blue-layer-${i}`} label="Layer" error={errors[`outcomes[${i}].layer`]}>
              <Select value={row.layer} onChange={(e) => update(i, { layer: e.target.value as Layer })}>
                {LAYERS.map((l) => (
                  <option key={l} value={l}>
                    {LAYER_LABELS[l]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id={`blue-result-${i}`} label="Result" error={errors[`outcomes[${i}].result`]} required>
              <Select value={row.result} onChange={(e) => update(i, { result: e.target.value as Detection })}>
                <option value="" disabled>
                  Choose the result…
                </option>
                {DETECTIONS.map((d) => (
                  <option key={d} value={d}>
                    {DETECTION_LABELS[d]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id={`blue-alert-${i}`} label="Alert or rule name" error={errors[`outcomes[${i}].alert_name`]} required={needsAlertName(row.result)}>
              <Input value={row.alert_name} onChange={(e) => update(i, { alert_name: e.target.value })} maxLength={200} />
            </Field>
            <Field
              id={`blue-detected-${i}`}
              label="Detected at"
              error={errors[`outcomes[${i}].detected_at`]}
              hint={hasDetectionTime(row.result) ? undefined : "Only for prevented, alerted or logged"}
            >
              <Input type="datetime-local" value={row.detected_at} disabled={!hasDetectionTime(row.result)} onChange={(e) => update(i, { detected_at: e.target.value })} />
            </Field>
            <div className="sm:col-span-2 2xl:col-span-1 2xl:pt-6">
              <Button
                variant="ghost"
                aria-label={`Remove layer ${i + 1}`}
                disabled={rows.length === 1}
                onClick={() => setRows((r) => r.filter((_, j) => j !== i))}
                icon={<Trash2 className="size-4" aria-hidden />}
              />
            </div>
          </div>
        ))}
        {serverErrors.outcomes && <p className="text-xs font-medium text-rose-700">{serverErrors.outcomes}</p>}
        <div>
          <Button
            size="sm"
            variant="secondary"
            icon={<Plus className="size-3.5" aria-hidden />}
            disabled={rows.length >= LAYERS.length}
            onClick={() => setRows((r) => [...r, newRow(LAYERS.find((l) => !r.some((x) => x.layer === l)) ?? "other")])}
          >
            Add layer
          </Button>
        </div>
      </fieldset>
      <RuleOutcomesFieldset rows={rules} onChange={setRules} error={Object.entries(serverErrors).find(([k]) => k.startsWith("rule_outcomes"))?.[1]} />
      <Field id="blue-notes" label="Notes" error={serverErrors.notes}>
        <Textarea value={notes} onChange={(e) => setNotes(e.target.value)} />
      </Field>
      <SubmitSummary
        id="blue-summary"
        rows={[
          ...rows.map((r, i) => ({
            label: `${LAYER_LABELS[r.layer]} (layer ${i + 1})`,
            value: r.result
              ? [
                  DETECTION_LABELS[r.result],
                  r.alert_name.trim() && `“${r.alert_name.trim()}”`,
                  hasDetectionTime(r.result) && (r.detected_at ? `at ${formatDateTime(fromLocalInput(r.detected_at))}` : "no detection time"),
                ]
                  .filter(Boolean)
                  .join(", ")
              : "Result not chosen yet",
          })),
          { label: "Detection rules", value: ruleSummary(rules) },
          { label: "Outcome", value: preview ? <OutcomeBadge outcome={testOutcome(preview)} /> : "Known once every layer has a result" },
          { label: "Time to detect", value: ttd !== null ? formatDuration(ttd) : "Unknown (needs an alert or prevention with its time)" },
        ]}
        missing={local.missing}
        submitLabel="Submit blue results"
        loading={step.isPending}
      />
    </form>
  );
}
