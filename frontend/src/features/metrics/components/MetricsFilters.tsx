import type { Tactic } from "@/api/types";
import { Field, Input, Select } from "@/components/ui";
import { WINDOW_PRESETS, type MetricsFilters as Filters, type Team, type WindowChoice } from "../model/window";

/**
 * The window (a preset or custom whole days, UTC), the tactic and the team. `errors` are the
 * server's field errors of a refused window (422), each shown under its input.
 */
export function MetricsFilters({
  filters,
  tactics,
  errors,
  onChange,
}: {
  filters: Filters;
  tactics: readonly Tactic[];
  errors: Record<string, string>;
  onChange: (patch: Partial<Filters>) => void;
}) {
  const custom = filters.window === "custom";
  return (
    <div className="grid grid-cols-1 items-start gap-3 sm:grid-cols-2 xl:grid-cols-5" data-testid="metrics-filters">
      <Field id="metrics-window" label="Window">
        <Select value={filters.window} onChange={(e) => onChange({ window: e.target.value as WindowChoice })}>
          {WINDOW_PRESETS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom dates</option>
        </Select>
      </Field>
      {custom && (
        <>
          <Field id="metrics-from" label="From" hint="First day (UTC)" error={errors.from}>
            <Input type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => onChange({ from: e.target.value })} />
          </Field>
          <Field id="metrics-to" label="To" hint="Last day, included (UTC)" error={errors.to}>
            <Input type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => onChange({ to: e.target.value })} />
          </Field>
        </>
      )}
      <Field id="metrics-tactic" label="Tactic" error={errors.tactic}>
        <Select value={filters.tactic} onChange={(e) => onChange({ tactic: e.target.value })}>
          <option value="">All tactics</option>
          {/* A tactic from a link that the catalog does not list is kept so the server can say so. */}
          {filters.tactic && !tactics.some((t) => t.shortname === filters.tactic) && <option value={filters.tactic}>{filters.tactic}</option>}
          {tactics.map((t) => (
            <option key={t.shortname} value={t.shortname}>
              {t.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="metrics-team" label="Team" hint="Narrows the team and person breakdowns" error={errors.team}>
        <Select value={filters.team} onChange={(e) => onChange({ team: e.target.value as Team })}>
          <option value="">Both teams</option>
          <option value="red">Red team</option>
          <option value="blue">Blue team</option>
        </Select>
      </Field>
    </div>
  );
}
