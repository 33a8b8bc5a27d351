import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import type { PhaseInput } from "@/api/campaigns";
import { Button, Field, Input } from "@/components/ui";

/**
 * The campaign's ordered phases: name and description each, moved up or down, added, removed.
 * Existing phases keep their id (the server keeps their tests); a removed phase must be empty,
 * which the server says next to the list.
 */
export function PhasesEditor({
  phases,
  onChange,
  errors,
  idPrefix = "phase",
}: {
  phases: PhaseInput[];
  onChange: (phases: PhaseInput[]) => void;
  errors: Record<string, string>;
  idPrefix?: string;
}) {
  const set = (i: number, patch: Partial<PhaseInput>) => onChange(phases.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...phases];
    const [p] = next.splice(i, 1);
    next.splice(i + by, 0, p!);
    onChange(next);
  };
  return (
    <fieldset className="flex flex-col gap-3" aria-describedby={errors.phases ? `${idPrefix}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-700">Phases, in order</legend>
      {phases.length === 0 && <p className="text-sm text-slate-500">No phase: the server makes one, “Phase 1”.</p>}
      <ol className="flex flex-col gap-3">
        {phases.map((p, i) => (
          <li key={p.id ?? `new-${i}`} className="grid grid-cols-1 gap-2 rounded-lg border border-slate-200 p-3 sm:grid-cols-[1fr_2fr_auto]">
            <Field id={`${idPrefix}-${i}-name`} label={`Phase ${i + 1} name`} required error={errors[`phases[${i}].name`]}>
              <Input value={p.name} onChange={(e) => set(i, { name: e.target.value })} maxLength={200} />
            </Field>
            <Field id={`${idPrefix}-${i}-description`} label={`Phase ${i + 1} description`} error={errors[`phases[${i}].description`]}>
              <Input value={p.description ?? ""} onChange={(e) => set(i, { description: e.target.value })} />
            </Field>
            <div className="flex items-end gap-1">
              <Button variant="ghost" size="sm" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move phase ${i + 1} up`}>
                <ArrowUp className="size-4" aria-hidden />
              </Button>
              <Button variant="ghost" size="sm" disabled={i === phases.length - 1} onClick={() => move(i, 1)} aria-label={`Move phase ${i + 1} down`}>
                <ArrowDown className="size-4" aria-hidden />
              </Button>
              <Button variant="ghost" size="sm" onClick={() => onChange(phases.filter((_, j) => j !== i))} aria-label={`Remove phase ${i + 1}`}>
                <Trash2 className="size-4" aria-hidden />
              </Button>
            </div>
          </li>
        ))}
      </ol>
      {errors.phases && (
        <p id={`${idPrefix}-error`} role="alert" className="text-xs font-medium text-rose-600">
          {errors.phases}
        </p>
      )}
      <div>
        <Button variant="secondary" size="sm" icon={<Plus className="size-4" aria-hidden />} onClick={() => onChange([...phases, { name: "", description: "" }])}>
          Add a phase
        </Button>
      </div>
    </fieldset>
  );
}
