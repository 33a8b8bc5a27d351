import { useState } from "react";
import { Link } from "react-router";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { allItems } from "@/api/pagination";
import { Badge, Card, EmptyState, ErrorState, Field, Input, LoadingState, LoadMore, PageHeader } from "@/components/ui";
import { plural } from "@/lib/format";
import { plainAttackText } from "@/lib/text";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { actorsList } from "../api/threatActors";

export default function ThreatActorsPage() {
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim(), 300);
  const list = useInfiniteQuery(actorsList(q));
  const items = allItems(list.data);
  return (
    <>
      <PageHeader title="Threat Actors" description="Intrusion sets from MITRE ATT&CK and your own, with the techniques they are known to use." />
      <Card bodyClassName="p-0">
        <div className="border-b border-slate-100 p-4">
          <Field id="actor-search" label="Search" className="max-w-md">
            <div className="relative">
              <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-500" aria-hidden />
              <Input type="search" placeholder="Name, alias or ID, e.g. APT29 or G0016" value={search} onChange={(e) => setSearch(e.target.value)} className="pl-8" />
            </div>
          </Field>
        </div>
        {list.isLoading && <LoadingState />}
        {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        {list.isSuccess && items.length === 0 && <EmptyState title="No threat actors match" description="Try another name or alias, or run a MITRE sync." />}
        {items.length > 0 && (
          <>
            <ul className="grid grid-cols-1 gap-px bg-slate-100 md:grid-cols-2 2xl:grid-cols-3">
              {items.map((a) => (
                <li key={a.attack_id} className="bg-white">
                  <Link to={`/threat-actors/${a.attack_id}`} className="flex h-full flex-col gap-1.5 p-4 hover:bg-slate-50 focus-visible:bg-slate-50">
                    <div className="flex items-center justify-between gap-2">
                      <p className="truncate font-semibold text-slate-900" title={`${a.attack_id} ${a.name}`}>
                        <span className="mr-1.5 font-mono text-xs text-indigo-700">{a.attack_id}</span>
                        {a.name}
                      </p>
                      <Badge tone="indigo">{plural(a.technique_count, "technique")}</Badge>
                    </div>
                    {a.aliases.filter((x) => x !== a.name).length > 0 && (
                      <p className="truncate text-xs text-slate-600" title={a.aliases.filter((x) => x !== a.name).join(", ")}>
                        Also: {a.aliases.filter((x) => x !== a.name).join(", ")}
                      </p>
                    )}
                    <p className="line-clamp-2 text-sm text-slate-600">{plainAttackText(a.description)}</p>
                    <div className="flex gap-1.5">
                      {a.custom && <Badge tone="violet">Custom</Badge>}
                      {(a.deprecated || a.revoked) && <Badge tone="amber">{a.revoked ? "Revoked" : "Deprecated"}</Badge>}
                    </div>
                  </Link>
                </li>
              ))}
            </ul>
            <LoadMore count={items.length} noun={["threat actor", "threat actors"]} hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
          </>
        )}
      </Card>
    </>
  );
}
