import { useEffect, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { D3FEND_TACTICS, type CountermeasureSummary } from "@/api/defense";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { DeploymentDialog } from "@/components/DeploymentDialog";
import { Badge, Button, Card, EmptyState, ErrorState, Field, Input, LoadingState, LoadMore, PageHeader, Select, Table, Td, Th } from "@/components/ui";
import { plural } from "@/lib/format";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { countermeasuresList } from "../api/d3fend";
import { countermeasureFiltersFromParams, isTechniqueId, toCountermeasureQuery, withCountermeasureFilter, type CountermeasureFilters } from "../model/filters";

/** A text box applied to the URL once typing settles (and, for a technique, once it is an id). */
function useUrlText(value: string, apply: (v: string) => void, valid: (v: string) => boolean = () => true) {
  const [text, setText] = useState(value);
  const settled = useDebouncedValue(text.trim(), 300);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (settled === value.trim() || (settled !== "" && !valid(settled))) return;
    apply(settled);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled]);
  return [text, setText] as const;
}

export default function D3fendPage() {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => countermeasureFiltersFromParams(params), [params]);
  const list = useInfiniteQuery(countermeasuresList(toCountermeasureQuery(filters)));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.total;
  const [editing, setEditing] = useState<CountermeasureSummary | null>(null);
  const set = <K extends keyof CountermeasureFilters>(k: K, v: CountermeasureFilters[K]) => setParams((p) => withCountermeasureFilter(p, k, v), { replace: true });
  const [q, setQ] = useUrlText(filters.q, (v) => set("q", v));
  const [attack, setAttack] = useUrlText(filters.attack_id, (v) => set("attack_id", v.toUpperCase()), isTechniqueId);
  const mayDeploy = can.deployCountermeasures(user.role);
  const search = params.toString() ? `?${params.toString()}` : "";

  return (
    <>
      <PageHeader
        title="D3FEND"
        description="MITRE D3FEND's defensive techniques and the ATT&CK techniques each counters. Leads mark what is deployed: a technique's D3FEND score is the share of its countermeasures deployed."
      />
      <Card bodyClassName="p-0">
        <div className="grid grid-cols-1 gap-3 border-b border-slate-100 p-4 sm:grid-cols-2 lg:grid-cols-4" role="search" aria-label="Filter the countermeasures">
          <Field id="d3-search" label="Search">
            <div className="relative">
              <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-500" aria-hidden />
              <Input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name or D3FEND id" className="pl-8" />
            </div>
          </Field>
          <Field id="d3-tactic" label="D3FEND tactic">
            <Select value={filters.tactic} onChange={(e) => set("tactic", e.target.value)}>
              <option value="">All tactics</option>
              {D3FEND_TACTICS.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="d3-deployed" label="Deployment">
            <Select value={filters.deployed} onChange={(e) => set("deployed", e.target.value as CountermeasureFilters["deployed"])}>
              <option value="">Deployed or not</option>
              <option value="true">Deployed</option>
              <option value="false">Not deployed</option>
            </Select>
          </Field>
          <Field id="d3-attack" label="Counters ATT&CK technique" error={attack.trim() && !isTechniqueId(attack) ? "An ATT&CK id such as T1003" : undefined}>
            <Input value={attack} onChange={(e) => setAttack(e.target.value)} placeholder="T1003" className="font-mono" spellCheck={false} />
          </Field>
        </div>
        <p className="px-4 py-2 text-xs text-slate-600" aria-live="polite" data-testid="d3fend-total">
          {total === undefined ? "" : plural(total, "countermeasure")}
        </p>
        {list.isLoading && <LoadingState />}
        {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        {list.isSuccess && items.length === 0 && (
          <EmptyState title="No countermeasure matches" description="Change the filters, or have an administrator sync D3FEND on the Data Sources screen." />
        )}
        {items.length > 0 && (
          <Table caption="D3FEND countermeasures">
            <thead>
              <tr>
                <Th>Countermeasure</Th>
                <Th>Tactic</Th>
                <Th>ATT&CK techniques countered</Th>
                <Th>Deployment</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((c) => (
                <tr key={c.id} data-d3fend-id={c.id}>
                  <Td>
                    <Link to={{ pathname: `/d3fend/${encodeURIComponent(c.id)}`, search }} className="font-medium text-indigo-700 hover:underline">
                      {c.name}
                    </Link>
                    <span className="block font-mono text-[11px] text-slate-500">{c.id}</span>
                  </Td>
                  <Td className="text-xs">{c.tactic ?? "—"}</Td>
                  <Td className="text-xs tabular-nums">{c.attack_count}</Td>
                  <Td>
                    <div className="flex flex-wrap items-center gap-2">
                      {c.deployed ? <Badge tone="emerald">Deployed</Badge> : <Badge tone="slate">Not deployed</Badge>}
                      {c.notes && <span className="max-w-xs truncate text-xs text-slate-600" title={c.notes}>{c.notes}</span>}
                      {mayDeploy && (
                        <Button size="sm" variant="ghost" onClick={() => setEditing(c)} aria-label={`Change the deployment of ${c.name}`}>
                          Change
                        </Button>
                      )}
                    </div>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {items.length > 0 && (
          <LoadMore hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} count={items.length} noun={["countermeasure", "countermeasures"]} />
        )}
      </Card>
      {editing && <DeploymentDialog countermeasure={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
