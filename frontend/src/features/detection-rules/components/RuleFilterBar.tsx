import { useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { RULE_SOURCE_LABELS, RULE_SOURCES } from "@/api/defense";
import { tacticsQuery } from "@/api/tactics";
import { Button, Field, Input, Select } from "@/components/ui";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { hasRuleFilters, RULE_LEVELS, RULE_STATUSES, TECHNIQUE_ID, type RuleFilters, type TriState } from "../model/filters";

/**
 * A text filter typed freely and applied once it has settled (and valid); it follows the URL
 * when that changes from elsewhere (a link, back, "Clear filters").
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

const isTechnique = (v: string) => TECHNIQUE_ID.test(v.toUpperCase());

/** The Detection Rules list's filters, each one a search parameter of the URL. */
export function RuleFilterBar({
  filters,
  onChange,
  onClear,
}: {
  filters: RuleFilters;
  onChange: <K extends keyof RuleFilters>(key: K, value: RuleFilters[K]) => void;
  onClear: () => void;
}) {
  const tactics = useQuery(tacticsQuery);
  const [q, setQ] = useSettledText(filters.q, (v) => onChange("q", v));
  const [technique, setTechnique] = useSettledText(filters.technique, (v) => onChange("technique", v.toUpperCase()), isTechnique);
  const [platform, setPlatform] = useSettledText(filters.platform, (v) => onChange("platform", v));
  const techniqueInvalid = technique.trim() !== "" && !isTechnique(technique.trim());

  return (
    <div className="flex flex-col gap-3 border-b border-slate-100 p-4" role="search" aria-label="Filter the rules">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-6">
        <div className="sm:col-span-2">
          <Field id="rules-search" label="Search">
            <div className="relative">
              <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-500" aria-hidden />
              <Input type="search" placeholder="Title, rule id or technique" value={q} onChange={(e) => setQ(e.target.value)} className="pl-8" />
            </div>
          </Field>
        </div>
        <Field id="rules-technique" label="Technique" error={techniqueInvalid ? "An ATT&CK id such as T1059 or T1059.001" : undefined}>
          <Input value={technique} onChange={(e) => setTechnique(e.target.value)} placeholder="T1059" spellCheck={false} className="font-mono" />
        </Field>
        <Field id="rules-source" label="Source">
          <Select value={filters.source} onChange={(e) => onChange("source", e.target.value as RuleFilters["source"])}>
            <option value="">All sources</option>
            {RULE_SOURCES.map((s) => (
              <option key={s} value={s}>
                {RULE_SOURCE_LABELS[s]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="rules-tactic" label="Tactic">
          <Select value={filters.tactic} onChange={(e) => onChange("tactic", e.target.value)}>
            <option value="">All tactics</option>
            {tactics.data?.items.map((t) => (
              <option key={t.id} value={t.shortname}>
                {t.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="rules-platform" label="Platform or log source">
          <Input value={platform} onChange={(e) => setPlatform(e.target.value)} placeholder="windows" spellCheck={false} />
        </Field>
        <Field id="rules-level" label="Level">
          <Select value={filters.level} onChange={(e) => onChange("level", e.target.value)}>
            <option value="">Any</option>
            {RULE_LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="rules-status" label="Status">
          <Select value={filters.status} onChange={(e) => onChange("status", e.target.value)}>
            <option value="">Any</option>
            {RULE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="rules-mapped" label="Mapping">
          <Select value={filters.mapped} onChange={(e) => onChange("mapped", e.target.value as TriState)}>
            <option value="">Mapped or not</option>
            <option value="true">Mapped to a technique</option>
            <option value="false">Unmapped</option>
          </Select>
        </Field>
        <Field id="rules-deprecated" label="Deprecated">
          <Select value={filters.deprecated} onChange={(e) => onChange("deprecated", e.target.value as TriState)}>
            <option value="">Included</option>
            <option value="false">Left out</option>
            <option value="true">Only deprecated</option>
          </Select>
        </Field>
        {hasRuleFilters(filters) && (
          <div className="flex items-end">
            <Button variant="ghost" size="sm" onClick={onClear}>
              Clear filters
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
