import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { RULE_OUTCOME_LABELS, RULE_OUTCOMES, RULE_SOURCE_LABELS } from "@/api/defense";
import { Button, Field, Input, RadioGroup, Spinner } from "@/components/ui";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { ruleSearchQuery } from "../api/tests";
import { addRule, removeRule, setOutcome, type RuleRow } from "./ruleOutcomes";

/**
 * What each detection rule did in this test: fired, did not fire, or not applicable. Nothing is
 * chosen beforehand; a rule left unanswered is not reported. A rule of the catalog the test did
 * not attach can be added (it joins the test as not mapped).
 */
export function RuleOutcomesFieldset({ rows, onChange, error }: { rows: readonly RuleRow[]; onChange: (rows: RuleRow[]) => void; error?: string }) {
  const [q, setQ] = useState("");
  const settled = useDebouncedValue(q.trim(), 300);
  const search = useQuery(ruleSearchQuery(settled));
  const found = (search.data?.items ?? []).filter((r) => !rows.some((x) => x.rule_id === r.id));

  return (
    <fieldset className="flex flex-col gap-3" aria-describedby="rule-outcomes-hint">
      <legend className="mb-1 text-sm font-medium text-slate-700">Detection rules</legend>
      <p id="rule-outcomes-hint" className="text-xs text-slate-600">
        Say for each rule whether it fired during the attack. Rules that fired in an approved test count toward the technique&apos;s detection-rules score. A rule left unanswered is not reported.
      </p>
      {rows.length === 0 && <p className="text-sm text-slate-600">No rule of the catalog is mapped to this technique. Add the rules you checked below.</p>}
      {rows.map((r, i) => (
        <div key={r.rule_id} className="flex flex-wrap items-start justify-between gap-3 rounded-lg border border-slate-200 p-3" data-rule-row={r.rule_id}>
          <RadioGroup
            name={`rule-${i}`}
            legend={
              <>
                {r.title} <span className="font-normal text-slate-500">({RULE_SOURCE_LABELS[r.source]}{r.mapped ? "" : ", added, not mapped to this technique"})</span>
              </>
            }
            options={RULE_OUTCOMES.map((o) => ({ value: o, label: RULE_OUTCOME_LABELS[o] }))}
            value={r.outcome || null}
            onChange={(o) => onChange(setOutcome(rows, r.rule_id, o))}
            required={false}
            error={error && i === 0 ? error : undefined}
          />
          {r.added && (
            <Button variant="ghost" size="sm" aria-label={`Remove ${r.title}`} icon={<Trash2 className="size-4" aria-hidden />} onClick={() => onChange(removeRule(rows, r.rule_id))} />
          )}
        </div>
      ))}
      <div className="rounded-lg border border-dashed border-slate-300 p-3">
        <Field id="rule-search" label="Add a rule from the catalog" hint="Search by title, rule id or technique">
          <Input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. mimikatz" />
        </Field>
        {search.isFetching && <Spinner className="mt-2 size-4 text-indigo-600" label="Searching rules" />}
        {settled.length > 1 && search.isSuccess && (
          <ul className="mt-2 flex flex-col gap-1" aria-label="Rules found">
            {found.length === 0 && <li className="text-xs text-slate-600">No other rule matches “{settled}”.</li>}
            {found.map((r) => (
              <li key={r.id} className="flex items-center justify-between gap-2 text-sm">
                <span className="min-w-0 truncate" title={r.title}>
                  {r.title} <span className="text-xs text-slate-500">({RULE_SOURCE_LABELS[r.source]}{r.technique_ids.length ? `, ${r.technique_ids.join(", ")}` : ""})</span>
                </span>
                <Button
                  size="sm"
                  variant="secondary"
                  icon={<Plus className="size-3.5" aria-hidden />}
                  aria-label={`Add ${r.title}`}
                  onClick={() => {
                    onChange(addRule(rows, r));
                    setQ("");
                  }}
                >
                  Add
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </fieldset>
  );
}
