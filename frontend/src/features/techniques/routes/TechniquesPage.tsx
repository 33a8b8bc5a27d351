import { useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { CheckCircle2, Search } from "lucide-react";
import { allItems } from "@/api/pagination";
import type { Coverage } from "@/api/types";
import { Badge, Card, CoverageBadge, EmptyState, ErrorState, Field, Input, LoadingState, PageHeader, Select, Spinner } from "@/components/ui";
import { COVERAGE_ORDER, STATUS_LABELS } from "@/lib/heatmap";
import { PLATFORMS } from "@/lib/labels";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { useTacticName } from "@/api/tactics";
import { tacticsQuery, techniquesList, type TechniqueFilters } from "../api/techniques";

const ROW_HEIGHT = 56;
const COLUMNS = "grid-cols-[8rem_minmax(14rem,2fr)_minmax(10rem,1.4fr)_minmax(8rem,1fr)_9rem_5rem_6.5rem]";

export default function TechniquesPage() {
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get("q") ?? "");
  const q = useDebouncedValue(search.trim(), 300);
  const filters: TechniqueFilters = {
    q,
    tactic: params.get("tactic") ?? "",
    platform: params.get("platform") ?? "",
    coverage: params.get("coverage") ?? "",
    subtechniques: (params.get("subtechniques") as TechniqueFilters["subtechniques"]) ?? "",
    reviewed: (params.get("reviewed") as TechniqueFilters["reviewed"]) ?? "",
    deprecated: (params.get("deprecated") as TechniqueFilters["deprecated"]) ?? "",
  };
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  useEffect(() => {
    const next = new URLSearchParams(params);
    if (q) next.set("q", q);
    else next.delete("q");
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [q, params, setParams]);

  const tactics = useQuery(tacticsQuery);
  const tacticName = useTacticName();
  const list = useInfiniteQuery(techniquesList(filters));
  const items = allItems(list.data);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const last = virtualItems[virtualItems.length - 1];

  useEffect(() => {
    if (last && last.index >= items.length - 20 && list.hasNextPage && !list.isFetchingNextPage) {
      void list.fetchNextPage();
    }
  }, [last, items.length, list]);

  return (
    <>
      <PageHeader
        title="Techniques"
        description="Every ATT&CK technique and sub-technique in the catalog, with its coverage from validated tests."
      />
      <Card bodyClassName="p-0">
        <div className="grid grid-cols-1 gap-3 border-b border-slate-100 p-4 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-7">
          <div className="sm:col-span-2 lg:col-span-1 xl:col-span-2">
            <Field id="technique-search" label="Search">
              <div className="relative">
                <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-500" aria-hidden />
                <Input
                  type="search"
                  placeholder="ID or name, e.g. T1059 or PowerShell"
                  value={search}
                  onChange={(e) => setSearch(e.target.value)}
                  className="pl-8"
                />
              </div>
            </Field>
          </div>
          <Field id="filter-tactic" label="Tactic">
            <Select value={filters.tactic} onChange={(e) => setFilter("tactic", e.target.value)}>
              <option value="">All tactics</option>
              {tactics.data?.items.map((t) => (
                <option key={t.id} value={t.shortname}>
                  {t.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="filter-platform" label="Platform">
            <Select value={filters.platform} onChange={(e) => setFilter("platform", e.target.value)}>
              <option value="">All</option>
              {PLATFORMS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="filter-coverage" label="Coverage">
            <Select value={filters.coverage} onChange={(e) => setFilter("coverage", e.target.value)}>
              <option value="">Any</option>
              {COVERAGE_ORDER.map((c) => (
                <option key={c} value={c}>
                  {STATUS_LABELS[c]}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="filter-kind" label="Kind">
            <Select value={filters.subtechniques} onChange={(e) => setFilter("subtechniques", e.target.value)}>
              <option value="">All kinds</option>
              <option value="false">Techniques only</option>
              <option value="true">Sub-techniques only</option>
            </Select>
          </Field>
          <Field id="filter-reviewed" label="Review">
            <Select value={filters.reviewed} onChange={(e) => setFilter("reviewed", e.target.value)}>
              <option value="">Any</option>
              <option value="true">Reviewed</option>
              <option value="false">Not reviewed</option>
            </Select>
          </Field>
        </div>
        <div className="flex items-center justify-between px-4 py-2 text-xs text-slate-500">
          <label className="inline-flex items-center gap-2">
            <input
              type="checkbox"
              className="size-4 accent-indigo-600"
              checked={filters.deprecated === "true"}
              onChange={(e) => setFilter("deprecated", e.target.checked ? "true" : "")}
            />
            Show only retired (deprecated or revoked) techniques
          </label>
          <span aria-live="polite">
            {list.isFetching && <Spinner className="mr-1 inline size-3.5 text-indigo-600" />}
            {items.length} shown{list.hasNextPage ? ", more on scroll" : ""}
          </span>
        </div>

        {list.isLoading && <LoadingState />}
        {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        {list.isSuccess && items.length === 0 && (
          <EmptyState title="No techniques match" description="Change the filters or the search, or run a MITRE sync if the catalog is empty." />
        )}
        {items.length > 0 && (
          <div role="table" aria-label="Techniques" aria-rowcount={items.length + 1} className="overflow-x-auto">
            <div className="min-w-[900px]">
              <div role="rowgroup">
                <div
                  role="row"
                  className={`grid ${COLUMNS} border-y border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-500 uppercase`}
                >
                  {["ID", "Name", "Tactics", "Platforms", "Coverage", "Tests", "Reviewed"].map((h) => (
                    <div key={h} role="columnheader" className="px-4 py-2.5">
                      {h}
                    </div>
                  ))}
                </div>
              </div>
              <div ref={scroller} role="rowgroup" className="h-[calc(100vh-24rem)] min-h-80 overflow-y-auto" data-testid="techniques-scroller">
                <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
                  {virtualItems.map((row) => {
                    const t = items[row.index]!;
                    return (
                      <div
                        key={t.attack_id}
                        role="row"
                        aria-rowindex={row.index + 2}
                        className={`absolute top-0 left-0 grid w-full ${COLUMNS} items-center border-b border-slate-100 text-sm hover:bg-slate-50`}
                        style={{ height: row.size, transform: `translateY(${row.start}px)` }}
                      >
                        <div role="cell" className="px-4 font-mono text-xs">
                          <Link to={`/techniques/${t.attack_id}`} className="font-semibold text-indigo-700 hover:underline">
                            {t.attack_id}
                          </Link>
                        </div>
                        <div role="cell" className="truncate px-4 text-slate-800" title={t.name}>
                          <span className={t.is_subtechnique ? "pl-3 text-slate-600" : "font-medium"}>{t.name}</span>
                          {t.custom && (
                            <Badge tone="violet" className="ml-2">
                              Custom
                            </Badge>
                          )}
                          {(t.deprecated || t.revoked) && (
                            <Badge tone="amber" className="ml-2">
                              {t.revoked ? `Revoked${t.revoked_by ? ` → ${t.revoked_by}` : ""}` : "Deprecated"}
                            </Badge>
                          )}
                        </div>
                        <div role="cell" className="truncate px-4 text-xs text-slate-600" title={t.tactics.map(tacticName).join(", ")}>
                          {t.tactics.map(tacticName).join(", ")}
                        </div>
                        <div role="cell" className="truncate px-4 text-xs text-slate-600" title={t.platforms.join(", ")}>
                          {t.platforms.join(", ")}
                        </div>
                        <div role="cell" className="px-4">
                          <CoverageBadge status={t.coverage_status as Coverage} />
                        </div>
                        <div role="cell" className="px-4 text-xs text-slate-600 tabular-nums">
                          {t.tests_validated} / {t.tests_total}
                        </div>
                        <div role="cell" className="px-4">
                          {t.reviewed ? (
                            <CheckCircle2 className="size-4 text-emerald-600" aria-label="Reviewed" />
                          ) : (
                            <span className="text-xs text-slate-500">—</span>
                          )}
                        </div>
                      </div>
                    );
                  })}
                </div>
              </div>
            </div>
          </div>
        )}
      </Card>
    </>
  );
}
