import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useInfiniteQuery } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, Search } from "lucide-react";
import { allItems } from "@/api/pagination";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { IntelChangesCard } from "@/components/IntelChangesCard";
import { Badge, Button, Card, Checkbox, EmptyState, ErrorState, Field, Input, LoadingState, LoadMore, PageHeader } from "@/components/ui";
import { plural } from "@/lib/format";
import { plainAttackText } from "@/lib/text";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { actorsList } from "../api/threatActors";
import { TrackedBadge, TrackToggle } from "../components/TrackToggle";

export default function ThreatActorsPage() {
  const user = useCurrentUser();
  const tracks = can.trackThreatActors(user.role);
  const [params, setParams] = useSearchParams();
  const trackedOnly = params.get("tracked") === "true";
  const [search, setSearch] = useState("");
  // What the latest ATT&CK release changed for actors, folded until asked for (it is read then).
  const [intel, setIntel] = useState(false);
  const q = useDebouncedValue(search.trim(), 300);
  const list = useInfiniteQuery(actorsList(q, trackedOnly));
  const items = allItems(list.data);
  const setTrackedOnly = (on: boolean) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (on) next.set("tracked", "true");
        else next.delete("tracked");
        return next;
      },
      { replace: true },
    );
  return (
    <>
      <PageHeader
        title="Threat Actors"
        description="Intrusion sets from MITRE ATT&CK and your own, with the techniques they are known to use. Tracked actors lead the intel view of each new ATT&CK release."
        actions={
          <Button
            variant="secondary"
            icon={intel ? <ChevronDown className="size-4" aria-hidden /> : <ChevronRight className="size-4" aria-hidden />}
            aria-expanded={intel}
            aria-controls={intel ? "intel" : undefined}
            onClick={() => setIntel((open) => !open)}
          >
            {intel ? "Hide what changed for our actors" : "Show what changed for our actors"}
          </Button>
        }
      />
      {intel && <IntelChangesCard trackedOnly={trackedOnly} className="mb-6" />}
      <Card bodyClassName="p-0">
        <div className="flex flex-wrap items-end gap-4 border-b border-slate-100 p-4">
          <Field id="actor-search" label="Search" className="w-full max-w-md">
            <div className="relative">
              <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-500" aria-hidden />
              <Input type="search" placeholder="Name, alias or ID, e.g. APT29 or G0016" value={search} onChange={(e) => setSearch(e.target.value)} className="pl-8" />
            </div>
          </Field>
          <div className="pb-2">
            <Checkbox id="actor-tracked-only" label="Tracked only" checked={trackedOnly} onChange={(e) => setTrackedOnly(e.target.checked)} />
          </div>
        </div>
        {list.isLoading && <LoadingState />}
        {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        {list.isSuccess && items.length === 0 && (
          <EmptyState
            title={trackedOnly ? "No tracked threat actor matches" : "No threat actors match"}
            description={trackedOnly ? (tracks ? "Track an actor from this list or its page." : "Leads choose the actors the organisation tracks.") : "Try another name or alias, or run a MITRE sync."}
          />
        )}
        {items.length > 0 && (
          <>
            <ul aria-label="Threat actors" className="grid grid-cols-1 gap-px bg-slate-100 md:grid-cols-2 2xl:grid-cols-3">
              {items.map((a) => {
                const aliases = a.aliases.filter((x) => x !== a.name);
                return (
                  <li key={a.attack_id} data-actor={a.attack_id} data-tracked={a.tracked} className="flex flex-col bg-white">
                    <Link to={`/threat-actors/${a.attack_id}`} className="flex flex-1 flex-col gap-1.5 p-4 hover:bg-slate-50 focus-visible:bg-slate-50">
                      <div className="flex items-center justify-between gap-2">
                        <p className="truncate font-semibold text-slate-900" title={`${a.attack_id} ${a.name}`}>
                          <span className="mr-1.5 font-mono text-xs text-indigo-700">{a.attack_id}</span>
                          {a.name}
                        </p>
                        <Badge tone="indigo">{plural(a.technique_count, "technique")}</Badge>
                      </div>
                      {aliases.length > 0 && (
                        <p className="truncate text-xs text-slate-600" title={aliases.join(", ")}>
                          Also: {aliases.join(", ")}
                        </p>
                      )}
                      <p className="line-clamp-2 text-sm text-slate-600">{plainAttackText(a.description)}</p>
                      <div className="flex gap-1.5">
                        {a.tracked && <TrackedBadge />}
                        {a.custom && <Badge tone="violet">Custom</Badge>}
                        {(a.deprecated || a.revoked) && <Badge tone="amber">{a.revoked ? "Revoked" : "Deprecated"}</Badge>}
                      </div>
                    </Link>
                    {tracks && (
                      <div className="flex justify-end px-4 pb-3">
                        <TrackToggle actor={a} size="sm" />
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
            <LoadMore count={items.length} noun={["threat actor", "threat actors"]} hasMore={Boolean(list.hasNextPage)} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
          </>
        )}
      </Card>
    </>
  );
}
