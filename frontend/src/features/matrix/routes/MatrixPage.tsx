import { useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { Download, FileWarning, FlaskConical, Layers, X } from "lucide-react";
import type { TechniqueCell } from "@/api/types";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Button, EmptyState, ErrorState, LoadingState, Spinner, useConfirm, useToast } from "@/components/ui";
import { formatPercent, formatScore, plural } from "@/lib/format";
import { setPalette, usePalette } from "@/lib/palette";
import { actorOptionsQuery, exportDettect, exportNavigatorLayer, heatmapQuery, matrixTacticsQuery, orgKpisQuery, type HeatmapFilters } from "../api/heatmap";
import { techniqueSetsQuery } from "../api/techniqueSets";
import { useCreateDraftTests, type DraftTarget } from "../api/draftTests";
import { GapExportDialog } from "../components/GapExportDialog";
import { ImportLayerDialog } from "../components/ImportLayerDialog";
import { MatrixGrid } from "../components/MatrixGrid";
import { MatrixLegend } from "../components/MatrixLegend";
import { MatrixToolbar, type FilterKey } from "../components/MatrixToolbar";
import { TechniqueSetsCard } from "../components/TechniqueSetsCard";
import { kindCounts, uncoveredTargets } from "../model/coverage";
import { autoExpanded, filtersTechniques, isExpanded, toggled } from "../model/expansion";
import { fitDensity, slotColumns } from "../model/layout";
import { searchMatches } from "../model/search";
import { readView, writeView, type MatrixView } from "../model/view";

/** Gap under the matrix (px), so its horizontal scrollbar sits just above the window's bottom edge. */
const BOTTOM_GAP = 12;
/** The border, padding and (classic) scrollbar gutter of the matrix's scroller (px). */
const SCROLLER_CHROME = 27;
/** Drafts one confirmation may create. */
const MAX_DRAFTS = 200;

function useMatrixBox() {
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 1200, height: 600 });
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => {
      const top = el.getBoundingClientRect().top + window.scrollY;
      const height = Math.max(320, Math.round(window.innerHeight - top - BOTTOM_GAP));
      const width = Math.round(el.clientWidth - SCROLLER_CHROME);
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    };
    measure();
    // What is above the matrix (toolbar rows, the set banner) moves it; the window sizes it.
    const ro = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(measure);
    ro?.observe(el);
    if (el.parentElement) ro?.observe(el.parentElement);
    window.addEventListener("resize", measure);
    return () => {
      ro?.disconnect();
      window.removeEventListener("resize", measure);
    };
  }, []);
  return { box, ...size };
}

export default function MatrixPage() {
  const [params, setParams] = useSearchParams();
  const filters = {
    platform: params.get("platform") ?? "",
    threat_actor: params.get("threat_actor") ?? "",
    tactic: params.get("tactic") ?? "",
    status: params.get("status") ?? "",
    technique_set: params.get("technique_set") ?? "",
  } satisfies HeatmapFilters;
  const view = readView(params);
  const setFilter = (key: FilterKey, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const setView = useCallback(
    (patch: Partial<MatrixView>) => setParams((prev) => writeView(prev, { ...readView(prev), ...patch }), { replace: true }),
    [setParams],
  );

  const user = useCurrentUser();
  const palette = usePalette();
  const toast = useToast();
  const confirm = useConfirm();
  const navigate = useNavigate();
  const [exporting, setExporting] = useState(false);
  const [gapsOpen, setGapsOpen] = useState(false);
  const [importing, setImporting] = useState(false);
  const [selectMode, setSelectMode] = useState(false);
  const [selection, setSelection] = useState<ReadonlyMap<string, DraftTarget>>(new Map());
  const [matchIndex, setMatchIndex] = useState(0);
  const drafts = useCreateDraftTests();
  const selectable = can.createTest(user.role);

  const sets = useQuery(techniqueSetsQuery);
  const activeSet = sets.data?.items.find((s) => s.id === filters.technique_set);
  const matrix = useQuery(heatmapQuery(filters));
  // With any filter the heatmap's score is the filtered one: the organisation's is shown beside it.
  const anyFilter = Object.values(filters).some(Boolean);
  const org = useQuery({ ...orgKpisQuery, enabled: anyFilter });
  const tactics = useQuery(matrixTacticsQuery);
  const actors = useQuery(actorOptionsQuery);
  const { box, width, height } = useMatrixBox();

  const columns = useMemo(() => matrix.data?.tactics ?? [], [matrix.data]);
  const filtered = filtersTechniques(filters);
  const auto = useMemo(() => autoExpanded(columns, view.q, filtered), [columns, view.q, filtered]);
  // One object per distinct expansion state, so the cells re-render only when it changes.
  const openKey = view.open.join();
  const shutKey = view.shut.join();
  const expandState = useMemo(
    () => ({ expand: view.expand, open: openKey ? openKey.split(",") : [], shut: shutKey ? shutKey.split(",") : [] }),
    [view.expand, openKey, shutKey],
  );
  const expanded = useCallback((id: string) => isExpanded(expandState, id, auto), [expandState, auto]);
  const onToggle = useCallback((id: string) => setView(toggled(expandState, id, auto)), [setView, expandState, auto]);
  const slots = useMemo(() => slotColumns(columns, expanded), [columns, expanded]);
  const parents = useMemo(() => [...new Set(columns.flatMap((t) => t.techniques.filter((c) => c.subtechniques.length > 0).map((c) => c.attack_id)))], [columns]);
  const allExpanded = parents.length > 0 && parents.every(expanded);
  const fitted = fitDensity(columns.length, width);
  const density = view.density === "fit" ? fitted : view.density;

  const matches = useMemo(() => searchMatches(columns, view.q), [columns, view.q]);
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const current = matches.length ? matches[Math.min(matchIndex, matches.length - 1)]! : null;
  const [lastQ, setLastQ] = useState(view.q);
  if (lastQ !== view.q) {
    setLastQ(view.q);
    setMatchIndex(0);
  }

  const { counts, viaSubs } = useMemo(() => kindCounts(columns), [columns]);
  const matchingCount = Object.values(matrix.data?.counts ?? {}).reduce((n, c) => n + c, 0);
  const hasCells = columns.some((c) => c.techniques.length > 0);
  const hasContextOnly = columns.some((c) => c.techniques.some((t) => t.context_only));
  const uncovered = useMemo(() => uncoveredTargets(columns), [columns]);
  const scoped = Boolean(filters.threat_actor || filters.technique_set);

  const selectedIds = useMemo(() => new Set(selection.keys()), [selection]);
  const onSelect = useCallback((cell: TechniqueCell) => {
    setSelection((prev) => {
      const next = new Map(prev);
      if (next.has(cell.attack_id)) next.delete(cell.attack_id);
      else next.set(cell.attack_id, { attack_id: cell.attack_id, name: cell.name });
      return next;
    });
  }, []);

  const exportLayer = async () => {
    setExporting(true);
    try {
      const name = await exportNavigatorLayer(filters);
      toast.success(`Navigator layer downloaded (${name})`);
    } catch (e) {
      toast.problem(e);
    } finally {
      setExporting(false);
    }
  };

  const [exportingDettect, setExportingDettect] = useState(false);
  const exportDettectFile = async () => {
    setExportingDettect(true);
    try {
      toast.success(`DeTT&CT file downloaded (${await exportDettect()})`);
    } catch (e) {
      toast.problem(e);
    } finally {
      setExportingDettect(false);
    }
  };

  /** One selected technique goes to the new-test form; several become drafts after a confirmation. */
  const createTests = async (targets: readonly DraftTarget[], what: string) => {
    if (targets.length === 0) return;
    if (targets.length === 1 && what === "selected") {
      navigate(`/tests/new?technique=${encodeURIComponent(targets[0]!.attack_id)}`);
      return;
    }
    const batch = targets.slice(0, MAX_DRAFTS);
    const names = batch.slice(0, 8).map((t) => t.attack_id).join(", ");
    const ok = await confirm({
      title: `Create ${plural(batch.length, "draft test")}?`,
      consequence: (
        <>
          One draft per {what} technique ({names}
          {batch.length > 8 ? ` and ${batch.length - 8} more` : ""}), titled “Validate ‹id› ‹name›”, severity medium, assigned to nobody. Each stays a draft, counted as in
          progress, until the red team edits and starts it.
          {targets.length > batch.length && ` Only the first ${MAX_DRAFTS} of ${targets.length} are created at once.`}
        </>
      ),
      confirmLabel: `Create ${plural(batch.length, "draft")}`,
    });
    if (!ok) return;
    const drop = (ids: readonly string[]) =>
      setSelection((prev) => {
        const next = new Map(prev);
        ids.forEach((id) => next.delete(id));
        return next;
      });
    drafts.mutate(batch, {
      onSuccess: (created) => {
        toast.success(`Created ${plural(created.length, "draft test")}; find them under Tests, state Draft`);
        drop(created.map((t) => t.technique_id));
      },
      onError: () => {
        const p = drafts.progress();
        if (p.created.length) toast.success(`${p.created.length} of ${batch.length} drafts were created before ${p.failedOn ?? "one"} was refused`);
        drop(p.created.map((t) => t.technique_id));
      },
    });
  };

  const skipToMatrix = () => {
    const cell = document.querySelector<HTMLElement>('#matrix-grid [data-pos][tabindex="0"]');
    cell?.focus();
  };

  return (
    <>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
        <a
          href="#matrix-grid"
          onClick={(e) => {
            e.preventDefault();
            skipToMatrix();
          }}
          className="sr-only rounded bg-white px-3 py-2 text-sm font-medium text-indigo-700 focus:not-sr-only focus:absolute focus:z-50"
        >
          Skip to the matrix
        </a>
        <div className="flex min-w-0 flex-wrap items-baseline gap-x-3">
          <h1 className="text-xl font-semibold tracking-tight text-slate-900">ATT&amp;CK Matrix</h1>
          {matrix.data && (
            <p className="text-xs text-slate-600">
              {matchingCount} matching technique{matchingCount === 1 ? "" : "s"} or sub-technique{matchingCount === 1 ? "" : "s"} ·{" "}
              {anyFilter ? (
                <span data-testid="matrix-scores">
                  filtered score{" "}
                  <strong className="text-slate-800" title="The mean of the tactic scores over the techniques these filters show">
                    {formatScore(matrix.data.org_score)}
                  </strong>{" "}
                  · organisation score{" "}
                  <strong className="text-slate-800" title="The mean of the tactic scores over every technique">
                    {org.data ? formatScore(org.data.org_score) : "…"}
                  </strong>
                </span>
              ) : (
                <span data-testid="matrix-scores">
                  organisation score{" "}
                  <strong className="text-slate-800" title="The mean of the tactic scores">
                    {formatScore(matrix.data.org_score)}
                  </strong>
                </span>
              )}
              {matrix.data.attack_version && ` · ATT&CK v${matrix.data.attack_version}`}
            </p>
          )}
          {matrix.isFetching && <Spinner className="size-4 text-indigo-600" label="Updating" />}
        </div>
        <span className="flex items-center gap-2">
          <Button size="sm" variant="secondary" icon={<FileWarning className="size-3.5" aria-hidden />} onClick={() => setGapsOpen(true)}>
            Export gaps
          </Button>
          <Button size="sm" variant="secondary" icon={<Download className="size-3.5" aria-hidden />} loading={exporting} onClick={() => void exportLayer()}>
            Export Navigator layer
          </Button>
          <Button
            size="sm"
            variant="secondary"
            icon={<Download className="size-3.5" aria-hidden />}
            loading={exportingDettect}
            onClick={() => void exportDettectFile()}
            title="Validated results as a DeTT&CT technique administration file (YAML)"
          >
            Export DeTT&CT
          </Button>
        </span>
      </div>
      <MatrixToolbar
        filters={filters}
        onFilter={setFilter}
        view={view}
        onView={setView}
        fitted={fitted}
        actors={actors.data?.items ?? []}
        tactics={tactics.data?.items ?? []}
        sets={sets.data?.items ?? []}
        setsLoading={sets.isLoading}
        matchCount={matches.length}
        matchIndex={Math.min(matchIndex, Math.max(0, matches.length - 1))}
        onMatch={(step) => setMatchIndex((i) => (matches.length ? (Math.min(i, matches.length - 1) + step + matches.length) % matches.length : 0))}
        hasParents={parents.length > 0}
        allExpanded={allExpanded}
        selectable={selectable}
        selectMode={selectMode}
        onSelectMode={setSelectMode}
        canImport={can.importTechniqueSet(user.role)}
        onImport={() => setImporting(true)}
        palette={palette}
        onPalette={setPalette}
      />
      {activeSet && (
        <div className="mt-2 flex flex-wrap items-center justify-between gap-2 rounded-md border border-indigo-100 bg-indigo-50/60 px-3 py-1 text-xs text-indigo-900" data-testid="active-set">
          <p className="flex items-center gap-2">
            <Layers className="size-3.5 text-indigo-700" aria-hidden />
            <span>
              Showing the technique set <strong>{activeSet.name}</strong>: {plural(activeSet.techniques, "technique")}, {formatPercent(activeSet.coverage_pct)} validated, score{" "}
              {formatScore(activeSet.score)}
            </span>
          </p>
          <Button size="sm" variant="ghost" className="h-6" icon={<X className="size-3.5" aria-hidden />} onClick={() => setFilter("technique_set", "")}>
            Show all techniques
          </Button>
        </div>
      )}
      <div className="mt-2 mb-2 flex min-h-7 flex-wrap items-center justify-between gap-2">
        {matrix.data ? <MatrixLegend mode={view.color} palette={palette} counts={counts} viaSubs={viaSubs} contextOnly={hasContextOnly} /> : <span />}
        {selectable && (selection.size > 0 || (scoped && uncovered.targets.length > 0)) && (
          <div className="flex flex-wrap items-center gap-2" data-testid="matrix-actions">
            {selection.size > 0 && (
              <>
                <span className="text-xs font-medium text-slate-700" aria-live="polite">
                  {selection.size} selected
                </span>
                <Button size="sm" icon={<FlaskConical className="size-3.5" aria-hidden />} loading={drafts.isPending} onClick={() => void createTests([...selection.values()], "selected")}>
                  Create tests for these
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setSelection(new Map())}>
                  Clear selection
                </Button>
              </>
            )}
            {scoped && uncovered.targets.length > 0 && selection.size === 0 && (
              <Button
                size="sm"
                variant="secondary"
                icon={<FlaskConical className="size-3.5" aria-hidden />}
                loading={drafts.isPending}
                title={`${uncovered.untested} untested, ${uncovered.notCovered} tested without coverage`}
                onClick={() => void createTests(uncovered.targets, "uncovered")}
              >
                Create tests for the {uncovered.targets.length} uncovered
              </Button>
            )}
          </div>
        )}
      </div>
      <div ref={box}>
        {matrix.isLoading && <LoadingState label="Loading the matrix…" />}
        {matrix.isError && <ErrorState error={matrix.error} onRetry={() => void matrix.refetch()} />}
        {matrix.data && !hasCells && <EmptyState title="No techniques to show" description="Change the filters, or run a MITRE sync if the catalog is empty." />}
        {matrix.data && hasCells && (
          <MatrixGrid
            tactics={columns}
            columns={slots}
            density={density}
            mode={view.color}
            palette={palette}
            height={height}
            isExpanded={expanded}
            onToggle={onToggle}
            selected={selectedIds}
            selectable={selectable}
            selectMode={selectMode}
            onSelect={onSelect}
            matches={matchSet}
            currentMatch={current}
          />
        )}
      </div>
      <TechniqueSetsCard
        role={user.role}
        activeId={filters.technique_set}
        onShow={(id) => {
          setFilter("technique_set", id);
          window.scrollTo({ top: 0 });
        }}
      />
      <ImportLayerDialog open={importing} onClose={() => setImporting(false)} onImported={(set) => setFilter("technique_set", set.id)} />
      <GapExportDialog
        open={gapsOpen}
        onClose={() => setGapsOpen(false)}
        filters={{ platform: filters.platform, threat_actor: filters.threat_actor, tactic: filters.tactic, technique_set: filters.technique_set }}
        setName={activeSet?.name}
        actorName={actors.data?.items.find((a) => a.attack_id === filters.threat_actor)?.name}
        statusIgnored={Boolean(filters.status)}
      />
    </>
  );
}
