import { useState, type FormEvent } from "react";
import type { TestDetail } from "@/api/types";
import { Field, Input, RadioGroup, Textarea } from "@/components/ui";
import { fromLocalInput, toLocalInput } from "@/lib/datetime";
import { formatDateTime, plural } from "@/lib/format";
import { SubmitSummary } from "./SubmitSummary";
import { useStep } from "./useStep";

type YesNo = "yes" | "no";
const YES_NO = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
] as const;

/** What the red form still needs, in words; empty when it may be submitted. */
export function missingRed(v: { executed: YesNo | null; succeeded: YesNo | null; executedAt: string }, now: Date = new Date()): string[] {
  const missing: string[] = [];
  if (!v.executed) missing.push("Whether the attack was executed");
  if (v.executed === "yes") {
    if (!v.succeeded) missing.push("Whether the attack succeeded");
    const at = fromLocalInput(v.executedAt);
    if (!at) missing.push("When the attack was executed");
    else if (Date.parse(at) > now.getTime() + 60_000) missing.push("An execution time that is not in the future");
  }
  return missing;
}

/**
 * The red team's results. Executed and succeeded are explicit yes/no choices with nothing
 * chosen beforehand (the server has no defaults either); an attack not executed did not succeed.
 */
export function RedResultsForm({ test }: { test: TestDetail }) {
  const [executed, setExecuted] = useState<YesNo | null>(null);
  const [succeeded, setSucceeded] = useState<YesNo | null>(null);
  const [at, setAt] = useState(() => toLocalInput(new Date()));
  const [notes, setNotes] = useState("");
  const { step, run, errors } = useStep(test.id, "Red results submitted: the blue team is notified");
  const missing = missingRed({ executed, succeeded, executedAt: at });
  const didRun = executed === "yes";

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (missing.length > 0) return;
    run({
      action: "submit_red",
      body: { executed: didRun, succeeded: didRun && succeeded === "yes", executed_at: didRun ? fromLocalInput(at) : null, notes },
    });
  };

  const answer = (v: YesNo | null) => (v === "yes" ? "Yes" : v === "no" ? "No" : "Not chosen yet");
  return (
    <form className="flex flex-col gap-4" onSubmit={submit} aria-label="Red team results" noValidate>
      <div className="flex flex-wrap gap-8">
        <RadioGroup name="red-executed" legend="Was the attack executed?" options={YES_NO} value={executed} onChange={setExecuted} error={errors.executed} />
        <RadioGroup
          name="red-succeeded"
          legend="Did the attack succeed?"
          hint={executed === "no" ? "An attack that was not executed did not succeed." : "It achieved its objective on the target"}
          options={YES_NO}
          value={executed === "no" ? "no" : succeeded}
          onChange={setSucceeded}
          disabled={executed === "no"}
          error={errors.succeeded}
        />
      </div>
      {executed !== "no" && (
        <Field id="red-executed-at" label="Executed at" error={errors.executed_at} className="max-w-xs" required>
          <Input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} max={toLocalInput(new Date(Date.now() + 60_000))} />
        </Field>
      )}
      <Field id="red-notes" label="Notes" error={errors.notes} hint="Commands run, output, anything the blue team should look for">
        <Textarea value={notes} onChange={(e) => setNotes(e.target.value)} />
      </Field>
      <SubmitSummary
        id="red-summary"
        rows={[
          { label: "Executed", value: answer(executed) },
          { label: "Succeeded", value: executed === "no" ? "No (not executed)" : answer(succeeded) },
          { label: "Executed at", value: didRun ? formatDateTime(fromLocalInput(at)) : "—" },
          { label: "Notes", value: notes.trim() ? plural(notes.trim().length, "character") : "None" },
        ]}
        missing={missing}
        submitLabel="Submit red results"
        loading={step.isPending}
      />
    </form>
  );
}
