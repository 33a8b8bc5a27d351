import { useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { TEMPLATE_SOURCE_LABELS, TEMPLATE_SOURCES } from "@/api/content";
import { tacticsQuery } from "@/api/tactics";
import { Button, Field, Input, Select } from "@/components/ui";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { hasFilters, type CatalogFilters, type TriState } from "../model/filters";
import { TEMPLATE_PLATFORMS, platformLabel } from "./labels";

const TECHNIQUE_INPUT = /^T\d{4}(\.\d{3})?$/i;

/**
 * A text filter typed freely and applied once it has settled (and, if `valid`, once it is
 * valid). When the URL changes from elsewhere (a link, back, "Clear filters"), the box follows
 * it, and what was typed before is not applied over it.
 */
function useSettledText(value: string, apply: (v: string) => void, valid: (v: string) => boolean = () => true) {
  const [text, setText] = useState(value);
  const settled = useDebouncedValue(text.trim(), 300);
  const last = useRef(value);
  const act = useRef({ apply, valid });
  act.current = { apply, valid };
  useEffect(() => {
    if (value.toUpperCase() === last.current.toUpperCase()) return;
    last.current = value;
    setText(value);
  }, [value]);
  useEffect(() => {
    if (settled.toUpperCase() === last.current.toUpperCase()) return;
    if (settled !== "" && !act.current.valid(settled)) return;
    last.current = settled;
    act.current.apply(settled);
  }, [settled]);
  return [text, setText] as const;
}

const isTechnique = (v: string) => TECHNIQUE_INPUT.test(v);

/** The catalog's filters, each one a search parameter of the URL. */
export function CatalogFilterBar({
  filters,
  onChange,
  onClear,
}: {
  filters: CatalogFilters;
  onChange: <K extends keyof CatalogFilters>(key: K, value: CatalogFilters[K]) => void;
  onClear: () => void;
}) {
  const tactics = useQuery(tacticsQuery);
  const [q, setQ] = useSettledText(filters.q, (v) => onChange("q", v));
  const [technique, setTechnique] = useSettledText(filters.technique, (v) => onChange("technique", v.toUpperCase()), isTechnique);
  const techniqueInvalid = technique.trim() !== "" && !isTechnique(technique.trim());

  return (
    <div className="flex flex-col gap-3 border-b border-slate-100 p-4" role="search" aria-label="Filter the catalog">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-7">
        <div className="sm:col-span-2">
          <Field id="catalog-search" label="Search">
            <div className="relative">
              <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-500" aria-hidden />
              <Input type="search" placeholder="Name, description or command" value={q} onChange={(e) => setQ(e.target.value)} className="pl-8" />
            </div>
          </Field>
        </div>
        <Field id="catalog-technique" label="Technique" error={techniqueInvalid ? "An ATT&CK id such as T1059 or T1059.001" : undefined}>
          <Input value={technique} onChange={(e) => setTechnique(e.target.value)} placeholder="T1059" spellCheck={false} className="font-mono" />
        </Field>
        <Field id="catalog-source" label="Source">
          <Select value={filters.source} onChange={(e) => onChange("source", e.target.value as CatalogFilters["source"])}>
            <option value="">All sources</option>
            {TEMPLATE_SOURCES.map((s) => (
              <option key={s} value={s}>
                {TEMPLATE_SOURCE_LABELS[s]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="catalog-tactic" label="Tactic">
          <Select value={filters.tactic} onChange={(e) => onChange("tactic", e.target.value)}>
            <option value="">All tactics</option>
            {tactics.data?.items.map((t) => (
              <option key={t.id} value={t.shortname}>
                {t.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="catalog-platform" label="Platform">
          <Select value={filters.platform} onChange={(e) => onChange("platform", e.target.value)}>
            <option value="">All</option>
            {TEMPLATE_PLATFORMS.map((p) => (
              <option key={p} value={p}>
                {platformLabel(p)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="catalog-active" label="Status">
          <Select value={filters.active} onChange={(e) => onChange("active", e.target.value as TriState)}>
            <option value="">Any</option>
            <option value="true">Active</option>
            <option value="false">Inactive</option>
          </Select>
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
        <label className="inline-flex items-center gap-2 text-slate-700">
          <input type="checkbox" className="size-4 accent-indigo-600" checked={filters.retired} onChange={(e) => onChange("retired", e.target.checked)} />
          Only retired (no longer in their source)
        </label>
        <label className="inline-flex items-center gap-2 text-slate-700">
          <input type="checkbox" className="size-4 accent-indigo-600" checked={filters.flagged} onChange={(e) => onChange("flagged", e.target.checked)} />
          Only flagged (naming techniques the catalog does not know)
        </label>
        {hasFilters(filters) && (
          <Button variant="ghost" size="sm" onClick={onClear}>
            Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}
