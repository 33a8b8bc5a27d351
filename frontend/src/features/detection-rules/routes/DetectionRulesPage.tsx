import { useCallback, useMemo, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import type { DetectionRule } from "@/api/defense";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Button, Card, EmptyState, ErrorState, LoadingState, PageHeader, Spinner } from "@/components/ui";
import { plural } from "@/lib/format";
import { rulesList } from "../api/rules";
import { LayerDownload } from "../components/LayerDownload";
import { RuleFilterBar } from "../components/RuleFilterBar";
import { RuleFormDialog } from "../components/RuleFormDialog";
import { RuleList } from "../components/RuleList";
import { RulesTabs } from "../components/RulesTabs";
import { hasRuleFilters, ruleFiltersFromParams, toRuleQuery, withoutRuleFilters, withRuleFilter, type RuleFilters } from "../model/filters";

export default function DetectionRulesPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => ruleFiltersFromParams(params), [params]);
  const query = useMemo(() => toRuleQuery(filters), [filters]);
  const list = useInfiniteQuery(rulesList(query));
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total;
  const [creating, setCreating] = useState(false);

  const setFilter = useCallback(
    <K extends keyof RuleFilters>(key: K, value: RuleFilters[K]) => setParams((p) => withRuleFilter(p, key, value), { replace: true }),
    [setParams],
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const filtered = hasRuleFilters(filters);

  return (
    <>
      <PageHeader
        title="Detection Rules"
        description="The blue team's detections: Sigma and Elastic rules synced from their sources, and custom rules written here. Tests of a technique list its rules for the blue team to report on."
        actions={
          <>
            <LayerDownload initial={filters.source} />
            {can.writeRules(user.role) && (
              <Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setCreating(true)}>
                New custom rule
              </Button>
            )}
          </>
        }
      />
      <RulesTabs />
      <Card bodyClassName="p-0">
        <RuleFilterBar filters={filters} onChange={setFilter} onClear={() => setParams((p) => withoutRuleFilters(p), { replace: true })} />
        <div className="flex items-center justify-between px-4 py-2 text-xs text-slate-600">
          <span aria-live="polite" data-testid="rules-total">
            {total === undefined ? "" : `${plural(total, "rule")}${filtered ? " match" : ""}`}
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
            title={filtered ? "No rule matches" : "No detection rules yet"}
            description={filtered ? "Change or clear the filters." : "An administrator syncs Sigma or Elastic on the Data Sources screen, or the blue team writes a custom rule."}
          />
        )}
        {items.length > 0 && (
          <RuleList items={items} hasMore={Boolean(hasNextPage)} loadingMore={isFetchingNextPage} onLoadMore={loadMore} search={params.toString() ? `?${params.toString()}` : ""} />
        )}
      </Card>
      {creating && (
        <RuleFormDialog
          onClose={() => setCreating(false)}
          onSaved={(r: DetectionRule) => {
            setCreating(false);
            navigate(`/detection-rules/${r.id}`);
          }}
        />
      )}
    </>
  );
}
