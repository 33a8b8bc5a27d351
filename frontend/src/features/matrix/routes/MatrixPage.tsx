import { useCallback, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { Download, FileWarning, Layers, Minimize2, Maximize2, X } from "lucide-react";
import { useCurrentUser } from "@/auth/session";
import { Button, Card, EmptyState, ErrorState, Field, LoadingState, PageHeader, Select, Spinner, useToast } from "@/components/ui";
import { formatPercent, formatScore } from "@/lib/format";
import { COVERAGE_ORDER, isContextOnly, matchingCells, scoreColor, STATUS_LABELS, textOn, type ColorMode } from "@/lib/heatmap";
import { PLATFORMS } from "@/lib/labels";
import { actorOptionsQuery, exportNavigatorLayer, heatmapQuery, matrixTacticsQuery, type HeatmapFilters } from "../api/heatmap";
import { techniqueSetsQuery } from "../api/techniqueSets";
import { GapExportDialog } from "../components/GapExportDialog";
import { Legend } from "../components/Legend";
import { TechniqueSetsCard } from "../components/TechniqueSetsCard";
import { TechniqueCellView } from "../components/TechniqueCellView";

export default function MatrixPage() {
  const [params, setParams] = useSearchParams();
  const filters: HeatmapFilters = {
    platform: params.get("platform") ?? "",
    threat_actor: params.get("threat_actor") ?? "",
    tactic: params.get("tactic") ?? "",
    status: params.get("status") ?? "",
    technique_set: params.get("technique_set") ?? "",
  };
  const setFilter = (key: "platform" | "threat_actor" | "tactic" | "status" | "technique_set", value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const [mode, setMode] = useState<ColorMode>("status");
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [exporting, setExporting] = useState(false);
  const [gapsOpen, setGapsOpen] = useState(false);
  const toast = useToast();
  const user = useCurrentUser();
  const sets = useQuery(techniqueSetsQuery);
  const activeSet = sets.data?.items.find((s) => s.id === filters.technique_set);

  const matrix = useQuery(heatmapQuery(filters));
  const tactics = useQuery(matrixTacticsQuery);
  const actors = useQuery(actorOptionsQuery);

  const allParents = useMemo(
    () => matrix.data?.tactics.flatMap((t) => t.techniques.filter((c) => c.subtechniques.length > 0).map((c) => c.attack_id)) ?? [],
    [matrix.data],
  );
  const toggle = useCallback(
    (id: string) =>
      setExpanded((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const allExpanded = allParents.length > 0 && allParents.every((id) => expanded.has(id));

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

  const columns = matrix.data?.tactics ?? [];
  // What matches the filters is the server's count (each technique once, parents shown only for
  // their sub-techniques left out); the matrix is empty only when no column has a cell at all.
  const matchingCount = Object.values(matrix.data?.counts ?? {}).reduce((n, c) => n + c, 0);
  const hasCells = columns.some((c) => c.techniques.length > 0);
  const hasContextOnly = columns.some((c) => c.techniques.some(isContextOnly));

  return (
    <>
      <PageHeader
        title="ATT&CK Matrix"
        description="Tactics as columns in matrix order; each technique coloured by its validated coverage. Expand a technique to see its sub-techniques."
        actions={
          <>
            <Button variant="secondary" icon={<FileWarning className="size-4" aria-hidden />} onClick={() => setGapsOpen(true)}>
              Export gaps
            </Button>
            <Button variant="secondary" icon={<Download className="size-4" aria-hidden />} loading={exporting} onClick={() => void exportLayer()}>
              Export Navigator layer
            </Button>
          </>
        }
      />
      <TechniqueSetsCard role={user.role} activeId={filters.technique_set ?? ""} onShow={(id) => setFilter("technique_set", id)} />
      <Card bodyClassName="p-0">
        <div className="grid grid-cols-1 gap-3 border-b border-slate-100 p-4 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-6">
          <Field id="matrix-platform" label="Platform">
            <Select value={filters.platform} onChange={(e) => setFilter("platform", e.target.value)}>
              <option value="">All platforms</option>
              {PLATFORMS.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </Select>
          </Field>
          <Field id="matrix-actor" label="Threat actor">
            <Select value={filters.threat_actor} onChange={(e) => setFilter("threat_actor", e.target.value)}>
              <option value="">Any threat actor</option>
              {actors.data?.items.map((a) => (
                <option key={a.attack_id} value={a.attack_id}>
                  {a.attack_id} {a.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="matrix-set" label="Technique set">
            <Select value={filters.technique_set} onChange={(e) => setFilter("technique_set", e.target.value)}>
              <option value="">All techniques</option>
              {sets.data?.items.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
              {filters.technique_set && !activeSet && <option value={filters.technique_set}>{sets.isLoading ? "Loading…" : "Unknown set"}</option>}
            </Select>
          </Field>
          <Field id="matrix-tactic" label="Tactic">
            <Select value={filters.tactic} onChange={(e) => setFilter("tactic", e.target.value)}>
              <option value="">All tactics</option>
              {tactics.data?.items.map((t) => (
                <option key={t.id} value={t.shortname}>
                  {t.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="matrix-status" label="Coverage">
            <Select value={filters.status} onChange={(e) => setFilter("status", e.target.value)}>
              <option value="">Any coverage</option>
              {COVERAGE_ORDER.map((c) => (
                <option key={c} value={c}>
                  {STATUS_LABELS[c]}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="matrix-mode" label="Colour by">
            <Select value={mode} onChange={(e) => setMode(e.target.value as ColorMode)}>
              <option value="status">Coverage status</option>
              <option value="score">Score (0–100)</option>
            </Select>
          </Field>
        </div>
        {activeSet && (
          <div className="flex flex-wrap items-center justify-between gap-3 border-b border-indigo-100 bg-indigo-50/60 px-4 py-2.5 text-sm text-indigo-900" data-testid="active-set">
            <p className="flex items-center gap-2">
              <Layers className="size-4 text-indigo-600" aria-hidden />
              <span>
                Showing the technique set <strong>{activeSet.name}</strong>: {activeSet.techniques} technique{activeSet.techniques === 1 ? "" : "s"}, {formatPercent(activeSet.coverage_pct)} validated, score{" "}
                {formatScore(activeSet.score)}
              </span>
            </p>
            <Button size="sm" variant="ghost" icon={<X className="size-3.5" aria-hidden />} onClick={() => setFilter("technique_set", "")}>
              Show all techniques
            </Button>
          </div>
        )}
        <div className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
          {matrix.data ? <Legend mode={mode} counts={matrix.data.counts} contextOnly={hasContextOnly} /> : <span />}
          <div className="flex items-center gap-3 text-xs text-slate-500">
            {matrix.isFetching && <Spinner className="size-4 text-indigo-600" label="Updating" />}
            {matrix.data && (
              <span>
                {matchingCount} matching technique{matchingCount === 1 ? "" : "s"} or sub-technique{matchingCount === 1 ? "" : "s"} · organisation score <strong className="text-slate-700">{formatScore(matrix.data.org_score)}</strong>
                {matrix.data.attack_version && ` · ATT&CK v${matrix.data.attack_version}`}
              </span>
            )}
            {allParents.length > 0 && (
              <Button
                size="sm"
                variant="ghost"
                icon={allExpanded ? <Minimize2 className="size-3.5" aria-hidden /> : <Maximize2 className="size-3.5" aria-hidden />}
                onClick={() => setExpanded(allExpanded ? new Set() : new Set(allParents))}
              >
                {allExpanded ? "Collapse all" : "Expand all"}
              </Button>
            )}
          </div>
        </div>
        {matrix.isLoading && <LoadingState label="Loading the matrix…" />}
        {matrix.isError && <ErrorState error={matrix.error} onRetry={() => void matrix.refetch()} />}
        {matrix.data && !hasCells && (
          <EmptyState title="No techniques to show" description="Change the filters, or run a MITRE sync if the catalog is empty." />
        )}
        {matrix.data && hasCells && (
          <div className="overflow-x-auto border-t border-slate-100 p-4" data-testid="matrix">
            <div className="flex min-w-max gap-2">
              {columns.map((col) => {
                const matching = matchingCells(col.techniques).length;
                const label = `${matching} matching technique${matching === 1 ? "" : "s"} or sub-technique${matching === 1 ? "" : "s"}`;
                return (
                  <section key={col.id} aria-label={`${col.name} (${label})`} className="w-44 shrink-0" data-tactic={col.shortname}>
                    <header className="mb-2 rounded-md bg-slate-800 px-2 py-2 text-white">
                      <h2 className="truncate text-xs font-semibold" title={col.name}>
                        {col.name}
                      </h2>
                      <p className="mt-0.5 flex items-center justify-between text-[10px] text-slate-300">
                        <span title={label}>{matching} matching</span>
                        <span
                          className="rounded px-1 font-semibold"
                          style={{ background: scoreColor(col.score), color: textOn(scoreColor(col.score)) }}
                          title="Tactic score"
                        >
                          {formatScore(col.score)}
                        </span>
                      </p>
                    </header>
                    <ul className="flex flex-col gap-1">
                      {col.techniques.map((cell) => (
                        <TechniqueCellView key={cell.attack_id} cell={cell} mode={mode} expanded={expanded.has(cell.attack_id)} onToggle={toggle} />
                      ))}
                    </ul>
                  </section>
                );
              })}
            </div>
          </div>
        )}
      </Card>
      <GapExportDialog
        open={gapsOpen}
        onClose={() => setGapsOpen(false)}
        filters={{ platform: filters.platform, threat_actor: filters.threat_actor, tactic: filters.tactic, technique_set: filters.technique_set }}
        setName={activeSet?.name}
        statusIgnored={Boolean(filters.status)}
      />
    </>
  );
}
