import { useCallback, useEffect, useRef, useState, type ReactNode, type SelectHTMLAttributes } from "react";
import { ChevronDown, ChevronUp, FileUp, Maximize2, Minimize2, MousePointerClick, Search } from "lucide-react";
import type { ActorSummary, Tactic, TechniqueSet } from "@/api/types";
import { Button, cx } from "@/components/ui";
import { COVERAGE_ORDER, PALETTE_LABELS, PALETTES, STATUS_LABELS, type Palette } from "@/lib/heatmap";
import { PLATFORMS } from "@/lib/labels";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { DENSITY_LABELS } from "../model/layout";
import { DENSITIES, type Density, type MatrixView } from "../model/view";
import type { HeatmapFilters } from "../api/heatmap";

export type FilterKey = "platform" | "threat_actor" | "tactic" | "status" | "technique_set";

const control =
  "h-8 rounded-md border-0 bg-white py-0 pr-6 pl-2 text-[11px] text-slate-800 shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none";

/** A labelled select of the toolbar (the label is for assistive technology; the first option says what it filters). */
function ToolSelect({
  id,
  label,
  active,
  width,
  children,
  ...rest
}: SelectHTMLAttributes<HTMLSelectElement> & { id: string; label: string; active?: boolean; width: string; children: ReactNode }) {
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <select id={id} title={label} className={cx(control, width, active && "bg-indigo-50 font-medium text-indigo-900 ring-indigo-400")} {...rest}>
        {children}
      </select>
    </>
  );
}

export interface ToolbarProps {
  filters: Required<Pick<HeatmapFilters, FilterKey>>;
  onFilter: (key: FilterKey, value: string) => void;
  view: MatrixView;
  onView: (patch: Partial<MatrixView>) => void;
  /** The density "fit" resolves to now. */
  fitted: Density;
  actors: readonly ActorSummary[];
  tactics: readonly Tactic[];
  sets: readonly TechniqueSet[];
  setsLoading: boolean;
  matchCount: number;
  matchIndex: number;
  onMatch: (step: 1 | -1) => void;
  hasParents: boolean;
  allExpanded: boolean;
  selectable: boolean;
  selectMode: boolean;
  onSelectMode: (on: boolean) => void;
  canImport: boolean;
  onImport: () => void;
  /** The colour palette, kept in this browser for every screen (`lib/palette`). */
  palette: Palette;
  onPalette: (palette: Palette) => void;
}

/** Search, the server-side filters and the view (colour, density, expansion, select mode) in one row. */
export function MatrixToolbar(p: ToolbarProps) {
  const { filters, view } = p;
  const { onView } = p;
  const [q, setQ] = useState(view.q);
  const debounced = useDebouncedValue(q, 200);
  // What this box last put in the URL: only a change typed here goes there, and only a change
  // from elsewhere (back, a shared link) replaces what is typed.
  const pushed = useRef(view.q);
  const push = useCallback(
    (value: string) => {
      pushed.current = value;
      onView({ q: value });
    },
    [onView],
  );
  useEffect(() => {
    if (debounced !== pushed.current) push(debounced);
  }, [debounced, push]);
  useEffect(() => {
    if (view.q !== pushed.current) {
      pushed.current = view.q;
      setQ(view.q);
    }
  }, [view.q]);
  const unknownSet = filters.technique_set && !p.sets.some((s) => s.id === filters.technique_set);

  return (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Matrix filters and view">
      <div role="search" className="flex items-center gap-1">
        <label htmlFor="matrix-search" className="sr-only">
          Find in the matrix (ATT&CK id or name)
        </label>
        <span className="relative">
          <Search className="pointer-events-none absolute top-2 left-2 size-4 text-slate-500" aria-hidden />
          <input
            id="matrix-search"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                if (q !== pushed.current) push(q);
                else p.onMatch(e.shiftKey ? -1 : 1);
              }
            }}
            placeholder="Find T1059, PowerShell…"
            aria-describedby="matrix-search-count"
            className={cx(control, "w-40 pl-7")}
          />
        </span>
        <span id="matrix-search-count" aria-live="polite" className={cx("min-w-12 text-xs text-slate-600 tabular-nums", !view.q && "sr-only")}>
          {view.q ? (p.matchCount ? `${p.matchIndex + 1} of ${p.matchCount}` : "no match") : ""}
        </span>
        {p.matchCount > 1 && (
          <>
            <Button size="sm" variant="ghost" className="px-1.5" aria-label="Previous match" onClick={() => p.onMatch(-1)} icon={<ChevronUp className="size-4" aria-hidden />} />
            <Button size="sm" variant="ghost" className="px-1.5" aria-label="Next match" onClick={() => p.onMatch(1)} icon={<ChevronDown className="size-4" aria-hidden />} />
          </>
        )}
      </div>
      <ToolSelect id="matrix-platform" width="w-32" label="Platform" active={Boolean(filters.platform)} value={filters.platform} onChange={(e) => p.onFilter("platform", e.target.value)}>
        <option value="">All platforms</option>
        {PLATFORMS.map((x) => (
          <option key={x}>{x}</option>
        ))}
      </ToolSelect>
      <ToolSelect id="matrix-actor" width="w-36" label="Threat actor" active={Boolean(filters.threat_actor)} value={filters.threat_actor} onChange={(e) => p.onFilter("threat_actor", e.target.value)}>
        <option value="">Any threat actor</option>
        {p.actors.map((a) => (
          <option key={a.attack_id} value={a.attack_id}>
            {a.attack_id} {a.name}
          </option>
        ))}
        {filters.threat_actor && !p.actors.some((a) => a.attack_id === filters.threat_actor) && <option value={filters.threat_actor}>{filters.threat_actor}</option>}
      </ToolSelect>
      <ToolSelect id="matrix-set" width="w-36" label="Technique set" active={Boolean(filters.technique_set)} value={filters.technique_set} onChange={(e) => p.onFilter("technique_set", e.target.value)}>
        <option value="">No technique set</option>
        {p.sets.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
        {unknownSet && <option value={filters.technique_set}>{p.setsLoading ? "Loading…" : "Unknown set"}</option>}
      </ToolSelect>
      <ToolSelect id="matrix-tactic" width="w-32" label="Tactic" active={Boolean(filters.tactic)} value={filters.tactic} onChange={(e) => p.onFilter("tactic", e.target.value)}>
        <option value="">All tactics</option>
        {p.tactics.map((t) => (
          <option key={t.id} value={t.shortname}>
            {t.name}
          </option>
        ))}
      </ToolSelect>
      <ToolSelect id="matrix-status" width="w-32" label="Coverage" active={Boolean(filters.status)} value={filters.status} onChange={(e) => p.onFilter("status", e.target.value)}>
        <option value="">Any coverage</option>
        {COVERAGE_ORDER.map((c) => (
          <option key={c} value={c}>
            {STATUS_LABELS[c]}
          </option>
        ))}
      </ToolSelect>
      <ToolSelect id="matrix-color" width="w-36" label="Colour by" value={view.color} onChange={(e) => onView({ color: e.target.value === "score" ? "score" : "status" })}>
        <option value="status">Colour: coverage</option>
        <option value="score">Colour: score</option>
      </ToolSelect>
      <ToolSelect id="matrix-palette" width="w-32" label="Colour palette (every screen, this browser)" value={p.palette} onChange={(e) => p.onPalette(e.target.value as Palette)}>
        {PALETTES.map((x) => (
          <option key={x} value={x}>
            {PALETTE_LABELS[x]}
          </option>
        ))}
      </ToolSelect>
      <ToolSelect id="matrix-density" width="w-48" label="Density" value={view.density} onChange={(e) => onView({ density: e.target.value as Density | "fit" })}>
        <option value="fit">Fit to screen ({DENSITY_LABELS[p.fitted].toLowerCase()})</option>
        {DENSITIES.map((d) => (
          <option key={d} value={d}>
            {DENSITY_LABELS[d]}
          </option>
        ))}
      </ToolSelect>
      {p.hasParents && (
        <Button
          size="sm"
          variant="secondary"
          icon={p.allExpanded ? <Minimize2 className="size-3.5" aria-hidden /> : <Maximize2 className="size-3.5" aria-hidden />}
          onClick={() => onView({ expand: p.allExpanded ? "none" : "all", open: [], shut: [] })}
        >
          {p.allExpanded ? "Collapse all" : "Expand all"}
        </Button>
      )}
      {p.selectable && (
        <Button
          size="sm"
          variant={p.selectMode ? "primary" : "secondary"}
          aria-pressed={p.selectMode}
          title="Select techniques to create tests for (or Ctrl/Shift-click, or Space on a cell)"
          icon={<MousePointerClick className="size-3.5" aria-hidden />}
          onClick={() => p.onSelectMode(!p.selectMode)}
        >
          Select
        </Button>
      )}
      {p.canImport && (
        <Button size="sm" variant="secondary" icon={<FileUp className="size-3.5" aria-hidden />} onClick={p.onImport}>
          Import layer
        </Button>
      )}
    </div>
  );
}
