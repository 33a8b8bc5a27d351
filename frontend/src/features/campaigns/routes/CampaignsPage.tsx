import { useCallback, useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import type { CampaignSummary } from "@/api/campaigns";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Card, EmptyState, ErrorState, LinkButton, LoadMore, LoadingState, PageHeader, Spinner, Table, Td, Th } from "@/components/ui";
import { formatDate, plural } from "@/lib/format";
import { campaignDetailQuery, campaignsList } from "../api/campaigns";
import { CampaignFilterBar } from "../components/CampaignFilterBar";
import { CampaignStatusBadge, ProgressBar, recurrenceText } from "../components/CampaignBits";
import { filtersFromParams, hasFilters, NO_FILTERS, toListQuery, withFilter, type CampaignFilters } from "../model/filters";

/** A row's progress: the list gives only the test count, the detail (shared with its page) the states. */
function RowProgress({ c }: { c: CampaignSummary }) {
  const q = useQuery(campaignDetailQuery(c.id));
  if (q.isLoading) return <Spinner className="size-4 text-slate-400" label="Loading progress" />;
  if (!q.data) return <span className="text-xs text-slate-500">{plural(c.tests, "test")}</span>;
  return <ProgressBar progress={q.data.progress} label={`Tests approved in ${c.name}`} />;
}

export default function CampaignsPage() {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const list = useInfiniteQuery(campaignsList(toListQuery(filters)));
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total;
  const setFilter = useCallback(
    (key: keyof CampaignFilters, value: string) => setParams((p) => withFilter(p, key, value), { replace: true }),
    [setParams],
  );
  const clear = () =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const k of Object.keys(NO_FILTERS)) next.delete(k);
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Tests grouped into phases with dependencies, run once or again on a schedule, and compared run by run."
        actions={
          can.manageCampaigns(user.role) && (
            <LinkButton to="/campaigns/new" icon={<Plus className="size-4" aria-hidden />}>
              New campaign
            </LinkButton>
          )
        }
      />
      <Card bodyClassName="p-0">
        <CampaignFilterBar filters={filters} onChange={setFilter} onClear={clear} />
        <p className="px-4 py-2 text-xs text-slate-500" aria-live="polite" data-testid="campaigns-total">
          {total === undefined ? "" : `${plural(total, "campaign")}${hasFilters(filters) ? " match" : ""}`}
        </p>
        {list.isLoading && <LoadingState />}
        {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        {list.isSuccess && items.length === 0 && (
          <EmptyState
            title={hasFilters(filters) ? "No campaign matches" : "No campaigns yet"}
            description={hasFilters(filters) ? "Change or clear the filters." : "A red or blue lead creates one, custom or from a threat actor."}
          />
        )}
        {items.length > 0 && (
          <Table caption="Campaigns">
            <thead>
              <tr>
                <Th>Campaign</Th>
                <Th>Status</Th>
                <Th>Progress</Th>
                <Th>Recurrence and next run</Th>
                <Th>Threat actor</Th>
                <Th>Owner</Th>
                <Th>Dates</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((c) => (
                <tr key={c.id}>
                  <Td>
                    <Link to={`/campaigns/${c.id}`} className="font-medium text-indigo-700 hover:underline">
                      {c.name}
                    </Link>
                    <p className="text-xs text-slate-500">
                      {plural(c.tests, "test")}
                      {c.run > 1 ? ` · run ${c.run}` : ""}
                    </p>
                  </Td>
                  <Td>
                    <CampaignStatusBadge status={c.status} />
                  </Td>
                  <Td>
                    <RowProgress c={c} />
                  </Td>
                  <Td className="text-xs">{recurrenceText(c.recurrence, c.next_run_at)}</Td>
                  <Td>
                    {c.threat_actor ? (
                      <Link to={`/threat-actors/${c.threat_actor}`} className="font-mono text-xs text-indigo-700 hover:underline">
                        {c.threat_actor}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </Td>
                  <Td>{c.owner}</Td>
                  <Td className="text-xs whitespace-nowrap">
                    {c.start_date || c.end_date ? `${formatDate(c.start_date)} – ${formatDate(c.end_date)}` : "—"}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {items.length > 0 && (
          <LoadMore hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} count={items.length} noun={["campaign", "campaigns"]} />
        )}
      </Card>
    </>
  );
}
