import { useSearchParams } from "react-router";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { allItems } from "@/api/pagination";
import { Badge, Button, Card, EmptyState, ErrorState, Field, Input, LoadingState, LoadMore, PageHeader, Select, Table, Td, Th } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { actorOptionsQuery, auditList, type AuditFilters } from "../api/audit";

const TARGET_TYPES = ["user", "test", "technique", "threat_actor", "evidence", "sync_run", "scoring", "technique_set", "snapshot", "remediation"];

function Summary({ value }: { value: unknown }) {
  if (!value || typeof value !== "object") return <span className="text-slate-500">—</span>;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <div className="flex flex-wrap gap-1">
      {entries.map(([k, v]) => (
        <span key={k} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-600">
          {k}={typeof v === "string" ? v : JSON.stringify(v)}
        </span>
      ))}
    </div>
  );
}

export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? "";
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const action = useDebouncedValue(get("action").trim(), 300);
  const targetId = useDebouncedValue(get("target_id").trim(), 300);
  const filters: AuditFilters = {
    actor_id: get("actor_id"),
    action,
    target_type: get("target_type"),
    target_id: targetId,
    from: get("from") ? `${get("from")}T00:00:00Z` : "",
    to: get("to") ? `${get("to")}T23:59:59Z` : "",
  };
  const users = useQuery(actorOptionsQuery);
  const list = useInfiniteQuery(auditList(filters));
  const items = allItems(list.data);
  const anyFilter = [...params.keys()].length > 0;

  return (
    <>
      <PageHeader title="Audit Log" description="Every sign-in and every change, newest first." />
      <Card bodyClassName="p-0">
        <div className="grid grid-cols-1 items-end gap-3 border-b border-slate-100 p-4 sm:grid-cols-3 xl:grid-cols-7">
          <Field id="audit-actor" label="Actor">
            <Select value={get("actor_id")} onChange={(e) => set("actor_id", e.target.value)}>
              <option value="">Anyone</option>
              {users.data?.items.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.username}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="audit-action" label="Action">
            <Input placeholder="e.g. user.create" value={get("action")} onChange={(e) => set("action", e.target.value)} />
          </Field>
          <Field id="audit-target-type" label="Target type">
            <Select value={get("target_type")} onChange={(e) => set("target_type", e.target.value)}>
              <option value="">Any</option>
              {TARGET_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="audit-target-id" label="Target id">
            <Input value={get("target_id")} onChange={(e) => set("target_id", e.target.value)} />
          </Field>
          <Field id="audit-from" label="From">
            <Input type="date" value={get("from")} onChange={(e) => set("from", e.target.value)} />
          </Field>
          <Field id="audit-to" label="Until">
            <Input type="date" value={get("to")} onChange={(e) => set("to", e.target.value)} />
          </Field>
          <div>
            <Button variant="ghost" disabled={!anyFilter} onClick={() => setParams(new URLSearchParams(), { replace: true })}>
              Clear filters
            </Button>
          </div>
        </div>
        {list.isLoading && <LoadingState />}
        {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        {list.isSuccess && items.length === 0 && <EmptyState title="No entries match" description={anyFilter ? "Clear a filter to see more." : undefined} />}
        {items.length > 0 && (
          <>
            <Table caption="Audit entries">
              <thead>
                <tr>
                  <Th>When</Th>
                  <Th>Actor</Th>
                  <Th>Action</Th>
                  <Th>Target</Th>
                  <Th>Details</Th>
                  <Th>IP</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {items.map((e) => (
                  <tr key={e.id} className="align-top hover:bg-slate-50">
                    <Td className="text-xs whitespace-nowrap">{formatDateTime(e.at)}</Td>
                    <Td className="text-sm">{e.actor_username ?? <span className="text-slate-500">system</span>}</Td>
                    <Td>
                      <Badge tone="indigo" className="font-mono">
                        {e.action}
                      </Badge>
                    </Td>
                    <Td className="text-xs">
                      <span className="text-slate-500">{e.target_type}</span>
                      {e.target_id && <span className="block max-w-48 truncate font-mono text-slate-600" title={e.target_id}>{e.target_id}</span>}
                    </Td>
                    <Td className="max-w-md">
                      <Summary value={e.summary} />
                    </Td>
                    <Td className="font-mono text-xs text-slate-500">{e.ip ?? "—"}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <LoadMore count={items.length} noun={["entry", "entries"]} hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
          </>
        )}
      </Card>
    </>
  );
}
