import { useCallback, useEffect, useMemo, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import type { TestTemplate } from "@/api/content";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Button, Card, EmptyState, ErrorState, LoadingState, PageHeader, Spinner } from "@/components/ui";
import { plural } from "@/lib/format";
import { templatesList } from "../api/templates";
import { BulkBar } from "../components/BulkBar";
import { CatalogFilterBar } from "../components/CatalogFilterBar";
import { StatsSummary } from "../components/StatsSummary";
import { TemplateFormDialog } from "../components/TemplateFormDialog";
import { TemplateList } from "../components/TemplateList";
import { filtersFromParams, hasFilters, toBulkFilter, toListQuery, withFilter, withoutFilters, type CatalogFilters } from "../model/filters";
import { keepListed } from "../model/selection";

export default function TestCatalogPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const query = useMemo(() => toListQuery(filters), [filters]);
  const list = useInfiniteQuery(templatesList(query));
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total;
  const mayActivate = can.activateTemplates(user.role);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [creating, setCreating] = useState(false);

  const queryText = JSON.stringify(query);
  // Another filter, another list: nothing stays selected that the user no longer sees.
  useEffect(() => setSelected(new Set()), [queryText]);

  const setFilter = useCallback(
    <K extends keyof CatalogFilters>(key: K, value: CatalogFilters[K]) => setParams((p) => withFilter(p, key, value), { replace: true }),
    [setParams],
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const chosen = keepListed(selected, items.map((t) => t.id));

  return (
    <>
      <PageHeader
        title="Test Catalog"
        description="Procedures to start tests from: imported from Atomic Red Team, CALDERA, LOLBAS and GTFOBins, or written here. Only active templates are offered when creating tests."
        actions={
          can.createTemplate(user.role) && (
            <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setCreating(true)}>
              New custom template
            </Button>
          )
        }
      />
      <StatsSummary />
      <Card bodyClassName="p-0">
        <CatalogFilterBar filters={filters} onChange={setFilter} onClear={() => setParams((p) => withoutFilters(p), { replace: true })} />
        {mayActivate && <BulkBar selected={chosen} total={total} filter={toBulkFilter(filters)} onClear={() => setSelected(new Set())} />}
        <div className="flex items-center justify-between px-4 py-2 text-xs text-slate-500">
          <span aria-live="polite" data-testid="catalog-total">
            {total === undefined ? "" : `${plural(total, "template")}${hasFilters(filters) ? " match" : ""}`}
          </span>
          <span>
            {list.isFetching && <Spinner className="mr-1 inline size-3.5 text-indigo-600" />}
            {items.length} loaded{hasNextPage ? ", more on scroll" : ""}
          </span>
        </div>
        {list.isLoading && <LoadingState />}
        {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        {list.isSuccess && items.length === 0 && (
          <EmptyState
            title={hasFilters(filters) ? "No template matches" : "The catalog is empty"}
            description={hasFilters(filters) ? "Change or clear the filters." : "An administrator syncs a data source (Atomic Red Team, ...) on the Data Sources screen, or write a custom template."}
          />
        )}
        {items.length > 0 && (
          <TemplateList
            items={items}
            hasMore={Boolean(hasNextPage)}
            loadingMore={isFetchingNextPage}
            onLoadMore={loadMore}
            selection={mayActivate ? { selected, onChange: setSelected } : undefined}
            search={params.toString() ? `?${params.toString()}` : ""}
          />
        )}
      </Card>
      {creating && (
        <TemplateFormDialog
          onClose={() => setCreating(false)}
          onSaved={(t: TestTemplate) => {
            setCreating(false);
            navigate(`/test-catalog/${t.id}`);
          }}
        />
      )}
    </>
  );
}
